import Domain
import Foundation
import Storage

/// Webhook subscriptions and their deliveries (`spec/webhooks.md`, `WebhookAccess`).
public struct WebhookUseCases: Sendable {
    let store: WebhookStore
    let institutions = InstitutionStore()
    let inspectors = InspectorStore()
    let time: TimeSource
    /// How long a rotated-out secret keeps signing.
    static let rotationOverlap: Double = 24 * 3600

    public init(_ dependencies: UseCaseDependencies) {
        self.store = WebhookStore(secrets: dependencies.webhookSecrets)
        self.time = dependencies.time
    }

    public struct NewSubscription: Sendable {
        public var url: String
        public var eventTypes: [String]
        public var description: String?
        public var institutionID: UUID?
        public var inspectorID: UUID?

        public init(url: String, eventTypes: [String], description: String?, institutionID: UUID?, inspectorID: UUID?) {
            self.url = url
            self.eventTypes = eventTypes
            self.description = description
            self.institutionID = institutionID
            self.inspectorID = inspectorID
        }
    }

    public struct Changes: Sendable {
        public var url: String?
        public var eventTypes: [String]?
        public var description: String?
        public var state: WebhookSubscription.State?

        public init(url: String?, eventTypes: [String]?, description: String?, state: WebhookSubscription.State?) {
            self.url = url
            self.eventTypes = eventTypes
            self.description = description
            self.state = state
        }
    }

    /// A new subscription and its secret, shown this once.
    public func subscribe(_ caller: Caller, _ input: NewSubscription) async throws -> (subscription: WebhookSubscription, secret: String) {
        try caller.decide { WebhookAccess.decide($0, .subscribe) }.require("resource")
        guard let principal = caller.principal else { throw DomainError.notFound("resource") }
        var validator = Validator()
        WebhookSubscription.validate(url: input.url, into: &validator)
        WebhookSubscription.validate(eventTypes: input.eventTypes, into: &validator)
        validator.text(input.description, "description", max: 500, required: false)
        let owner = WebhookAccess.owner(principal, institutionID: input.institutionID, inspectorID: input.inspectorID, into: &validator)
        guard let owner else { throw DomainError.notFound("resource") }
        try validator.finish()
        // The owner a regulator names must be of its own tenant (RLS scopes both finds).
        if let id = owner.id, id != principal.subjectID {
            switch owner.role {
            case .institution:
                guard try await self.institutions.find(caller.transaction, id: id) != nil else {
                    throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
                }
            case .inspector:
                guard try await self.inspectors.find(caller.transaction, id: id) != nil else {
                    throw DomainError.invalid([FieldError("inspector_id", "names no inspector of this tenant")])
                }
            default: break
            }
        }
        let now = self.time.now()
        let subscription = WebhookSubscription(
            id: UUIDv7.make(),
            owner: owner,
            url: input.url,
            eventTypes: input.eventTypes,
            description: input.description ?? "",
            createdAt: now,
            updatedAt: now
        )
        let secret = WebhookSignature.generateSecret()
        try await self.store.create(caller.transaction, subscription, secret: secret)
        try await caller.auditCreated("webhook_subscription.created", "webhook_subscription", id: subscription.id, subscription)
        return (subscription, secret)
    }

    public func list(_ caller: Caller, after: UUID?, limit: Int) async throws -> Page<WebhookSubscription> {
        try caller.decide { WebhookAccess.decide($0, .list) }.require("resource")
        let owner = caller.principal.flatMap(WebhookAccess.listedOwner)
        return try await self.store.list(caller.finishing(), owner: owner, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> WebhookSubscription {
        try await self.find(caller, id: id)
    }

    /// Changes the URL, event types, description or state. Re-enabling starts a fresh
    /// streak; failed deliveries can then be replayed.
    public func update(_ caller: Caller, id: UUID, _ changes: Changes) async throws -> WebhookSubscription {
        try caller.decide { WebhookAccess.decide($0, .list) }.require("resource")
        var validator = Validator()
        if let url = changes.url { WebhookSubscription.validate(url: url, into: &validator) }
        if let types = changes.eventTypes { WebhookSubscription.validate(eventTypes: types, into: &validator) }
        validator.text(changes.description, "description", max: 500, required: false)
        try validator.finish()
        let current = try await self.find(caller, id: id, forUpdate: true)
        var next = current
        next.url = changes.url ?? current.url
        next.eventTypes = changes.eventTypes ?? current.eventTypes
        next.description = changes.description ?? current.description
        next.updatedAt = self.time.now()
        switch (current.state, changes.state) {
        case (.disabled, .active):
            next.state = .active
            next.disabledReason = nil
            next.disabledAt = nil
            next.failingSince = nil
            next.failedDeliveriesInARow = 0
        case (.active, .disabled):
            next.state = .disabled
            next.disabledReason = "disabled by \(caller.actor.role)"
            next.disabledAt = next.updatedAt
        default: break
        }
        try await self.store.update(caller.transaction, from: current, to: next)
        try await caller.audit("webhook_subscription.updated", "webhook_subscription", id: id, before: current, after: next)
        return next
    }

    /// A new secret; the old one keeps signing for a day. Returns when it stops.
    public func rotateSecret(_ caller: Caller, id: UUID) async throws -> (subscription: WebhookSubscription, secret: String, previousUntil: Date?) {
        let subscription = try await self.find(caller, id: id, forUpdate: true)
        let secret = WebhookSignature.generateSecret()
        let until = try await self.store.rotateSecret(
            caller.transaction,
            id: id,
            newSecret: secret,
            until: self.time.now().addingTimeInterval(Self.rotationOverlap)
        )
        // The secret itself never reaches the audit trail.
        let after = ["previous_secret_expires_at": RFC3339Text.string(from: until)]
        try await caller.audit("webhook_subscription.secret_rotated", "webhook_subscription", id: id, before: String?.none, after: after)
        return (subscription, secret, until)
    }

    /// Sends a `webhook.ping` event to this one subscription; returns the delivery and event.
    public func ping(_ caller: Caller, id: UUID) async throws -> (deliveryID: UUID, eventID: UUID) {
        let subscription = try await self.find(caller, id: id)
        try Self.requireActive(subscription)
        let eventID = try await EventOutbox.record(
            caller.transaction,
            type: EventType.ping,
            subjects: EventSubjects(others: ["subscription_id": id]),
            data: ["subscription_id": id.lowercasedString]
        )
        let deliveryID = try await self.deliver(caller, eventID, to: id, replayOf: nil)
        return (deliveryID, eventID)
    }

    /// Deliveries of one subscription, newest first, each with its attempts.
    public func deliveries(_ caller: Caller, subscriptionID: UUID, before: UUID?, limit: Int) async throws -> Page<WebhookDelivery> {
        _ = try await self.find(caller, id: subscriptionID)
        return try await self.store.deliveries(caller.transaction, subscriptionID: subscriptionID, before: before, limit: limit)
    }

    /// Sends a delivery's event again, as a new delivery with the same `webhook-id`.
    public func replay(_ caller: Caller, deliveryID: UUID) async throws -> (deliveryID: UUID, eventID: UUID) {
        try caller.decide { WebhookAccess.decide($0, .list) }.require("resource")
        guard let delivery = try await self.store.delivery(caller.transaction, id: deliveryID) else {
            throw DomainError.notFound("webhook delivery")
        }
        let subscription = try await self.find(caller, id: delivery.subscriptionID, what: "webhook delivery")
        try Self.requireActive(subscription)
        let id = try await self.deliver(caller, delivery.eventID, to: subscription.id, replayOf: delivery.id)
        return (id, delivery.eventID)
    }

    /// A new delivery of the event to the subscription with its first attempt's job; a
    /// replay is audited.
    func deliver(_ caller: Caller, _ eventID: UUID, to subscriptionID: UUID, replayOf: UUID?) async throws -> UUID {
        let id = try await self.store.createDelivery(caller.transaction, subscriptionID: subscriptionID, eventID: eventID, replayOf: replayOf)
        try await caller.enqueue(WebhookJobs.deliverJob(id, attempt: 1))
        if let replayOf {
            let after = ["replay_of": replayOf.lowercasedString, "event_id": eventID.lowercasedString]
            try await caller.audit("webhook_delivery.replayed", "webhook_delivery", id: id, before: String?.none, after: after)
        }
        return id
    }

    func find(_ caller: Caller, id: UUID, forUpdate: Bool = false, what: Message = "webhook subscription") async throws -> WebhookSubscription {
        try caller.decide { WebhookAccess.decide($0, .list) }.require("resource")
        guard let subscription = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound(what)
        }
        try caller.decide { WebhookAccess.decide($0, .manage(subscription.owner)) }.require(what)
        return subscription
    }

    static func requireActive(_ subscription: WebhookSubscription) throws {
        guard subscription.state == .active else {
            throw DomainError.conflict("The subscription is disabled; re-enable it (PATCH state \"active\") first.")
        }
    }
}
