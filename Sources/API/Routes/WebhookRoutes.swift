import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/webhook-subscriptions` and `/v1/webhook-deliveries` (`spec/webhooks.md`).
/// A regulator manages every subscription of its tenant, and may scope one to an
/// institution or an inspector; inspectors and institutions manage their own. Anyone
/// else's subscription is invisible (404).
struct WebhookRoutes {
    let store = WebhookStore()
    let idempotency = Idempotency()
    static let managers: Set<Role> = [.regulator, .inspector, .institution]
    /// How long a rotated-out secret keeps signing.
    static let rotationOverlap: Double = 24 * 3600

    struct CreateBody: StrictBody {
        var url: String
        var eventTypes: [String]
        var description: String?
        var institutionID: UUID?
        var inspectorID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, description
            case eventTypes = "event_types"
            case institutionID = "institution_id"
            case inspectorID = "inspector_id"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    struct UpdateBody: StrictBody {
        var url: String?
        var eventTypes: [String]?
        var description: String?
        var state: WebhookSubscription.State?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, description, state
            case eventTypes = "event_types"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    /// The subscription with its secret: only in the answer that creates or rotates it.
    struct WithSecret: Encodable {
        var subscription: WebhookSubscription
        /// `nil` in a replay of the creating request: the secret is not stored there.
        var secret: String?
        var previousSecretExpiresAt: Date?

        func encode(to encoder: any Encoder) throws {
            try self.subscription.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(self.secret, forKey: .secret)
            try container.encodeIfPresent(self.previousSecretExpiresAt, forKey: .previousSecretExpiresAt)
        }

        enum Key: String, CodingKey {
            case secret
            case previousSecretExpiresAt = "previous_secret_expires_at"
        }
    }

    struct Accepted: Encodable {
        var deliveryID: UUID
        var eventID: UUID
        enum CodingKeys: String, CodingKey {
            case deliveryID = "delivery_id"
            case eventID = "event_id"
        }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("webhook-subscriptions", use: self.create)
        group.get("webhook-subscriptions", use: self.list)
        group.get("webhook-subscriptions/:id", use: self.get)
        group.patch("webhook-subscriptions/:id", use: self.update)
        group.post("webhook-subscriptions/:id/rotate-secret", use: self.rotateSecret)
        group.post("webhook-subscriptions/:id/ping", use: self.ping)
        group.get("webhook-subscriptions/:id/deliveries", use: self.deliveries)
        group.post("webhook-deliveries/:id/replay", use: self.replay)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        var validator = Validator()
        WebhookSubscription.validate(url: body.url, into: &validator)
        WebhookSubscription.validate(eventTypes: body.eventTypes, into: &validator)
        validator.text(body.description, "description", max: 500, required: false)
        let owner = try self.owner(of: body, principal: principal, validator: &validator)
        try validator.finish()
        // The owner a regulator names must be of its own tenant (RLS scopes both finds).
        if principal.role == .regulator, let id = owner.id {
            switch owner.role {
            case .institution:
                guard try await InstitutionStore().find(transaction, id: id) != nil else {
                    throw Problem.invalid([FieldError("institution_id", "names no institution of this tenant")])
                }
            case .inspector:
                guard try await InspectorStore().find(transaction, id: id) != nil else {
                    throw Problem.invalid([FieldError("inspector_id", "names no inspector of this tenant")])
                }
            default: break
            }
        }
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let now = Date()
            let subscription = WebhookSubscription(
                id: UUIDv7.make(),
                owner: owner,
                url: body.url,
                eventTypes: body.eventTypes,
                description: body.description ?? "",
                createdAt: now,
                updatedAt: now
            )
            let secret = WebhookSignature.generateSecret()
            try await self.store.create(transaction, subscription, secret: secret, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/webhook-subscriptions/\(subscription.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(WithSecret(subscription: subscription, secret: secret)),
                replayBody: try JSONCoding.encoder.encode(WithSecret(subscription: subscription, secret: nil))
            )
        }
    }

    /// A regulator may scope a subscription to one institution or inspector; anyone else
    /// subscribes for itself and may not name another owner.
    func owner(of body: CreateBody, principal: Principal, validator: inout Validator) throws -> WebhookOwner {
        if principal.role == .regulator {
            validator.check(
                body.institutionID == nil || body.inspectorID == nil,
                "inspector_id",
                "give institution_id or inspector_id, not both"
            )
            if let id = body.institutionID { return WebhookOwner(role: .institution, id: id) }
            if let id = body.inspectorID { return WebhookOwner(role: .inspector, id: id) }
            return WebhookOwner(role: .regulator, id: nil)
        }
        validator.check(body.institutionID == nil, "institution_id", "only a regulator may subscribe for someone else")
        validator.check(body.inspectorID == nil, "inspector_id", "only a regulator may subscribe for someone else")
        guard let owner = WebhookOwner(principal: principal) else { throw Problem.notFound("resource") }
        return owner
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let page = try ListQuery(request)
        let owner = principal.role == .regulator ? nil : WebhookOwner(principal: principal)
        let result = try await self.store.list(transaction.finishing(), owner: owner, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        return try JSONResponse.make(try await self.visible(id, principal, transaction.finishing()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let (body, _) = try await UpdateBody.decode(from: request, context: context)
        var validator = Validator()
        if let url = body.url { WebhookSubscription.validate(url: url, into: &validator) }
        if let types = body.eventTypes { WebhookSubscription.validate(eventTypes: types, into: &validator) }
        validator.text(body.description, "description", max: 500, required: false)
        try validator.finish()
        let current = try await self.visible(id, principal, transaction, forUpdate: true)
        var next = current
        next.url = body.url ?? current.url
        next.eventTypes = body.eventTypes ?? current.eventTypes
        next.description = body.description ?? current.description
        next.updatedAt = Date()
        switch (current.state, body.state) {
        case (.disabled, .active):
            // Re-enabling starts a fresh streak; failed deliveries can be replayed.
            next.state = .active
            next.disabledReason = nil
            next.disabledAt = nil
            next.failingSince = nil
            next.failedDeliveriesInARow = 0
        case (.active, .disabled):
            next.state = .disabled
            next.disabledReason = "disabled by \(principal.role.rawValue)"
            next.disabledAt = next.updatedAt
        default: break
        }
        try await self.store.update(transaction, from: current, to: next, actor: AuditActor(principal))
        return try JSONResponse.make(next)
    }

    @Sendable func rotateSecret(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let subscription = try await self.visible(id, principal, transaction, forUpdate: true)
        let secret = WebhookSignature.generateSecret()
        let until = try await self.store.rotateSecret(
            transaction,
            id: id,
            newSecret: secret,
            overlap: Self.rotationOverlap,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(WithSecret(subscription: subscription, secret: secret, previousSecretExpiresAt: until))
    }

    /// Sends a `webhook.ping` event to this one subscription (202 with the delivery).
    @Sendable func ping(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let subscription = try await self.visible(id, principal, transaction)
        try self.requireActive(subscription)
        let eventID = try await EventOutbox.record(
            transaction,
            type: EventType.ping,
            subjects: EventSubjects(others: ["subscription_id": id]),
            data: ["subscription_id": id.lowercasedString]
        )
        let deliveryID = try await self.store.createDelivery(
            transaction,
            subscriptionID: id,
            eventID: eventID,
            replayOf: nil,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(Accepted(deliveryID: deliveryID, eventID: eventID), status: .accepted)
    }

    /// Deliveries of one subscription, newest first, each with its attempts.
    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let page = try ListQuery(request)
        _ = try await self.visible(id, principal, transaction)
        let result = try await self.store.deliveries(transaction, subscriptionID: id, before: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    /// Sends a delivery's event again, as a new delivery with the same `webhook-id` (202).
    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.managers)
        let id = try request.uuidParameter("id", context: context, what: "webhook delivery")
        guard let delivery = try await self.store.delivery(transaction, id: id) else { throw Problem.notFound("webhook delivery") }
        let subscription = try await self.visible(delivery.subscriptionID, principal, transaction, what: "webhook delivery")
        try self.requireActive(subscription)
        let deliveryID = try await self.store.createDelivery(
            transaction,
            subscriptionID: subscription.id,
            eventID: delivery.eventID,
            replayOf: delivery.id,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(Accepted(deliveryID: deliveryID, eventID: delivery.eventID), status: .accepted)
    }

    func visible(
        _ id: UUID,
        _ principal: Principal,
        _ transaction: TenantTransaction,
        forUpdate: Bool = false,
        what: String = "webhook subscription"
    ) async throws -> WebhookSubscription {
        guard let subscription = try await self.store.find(transaction, id: id, forUpdate: forUpdate),
            subscription.owner.isManageable(by: principal)
        else { throw Problem.notFound(what) }
        return subscription
    }

    func requireActive(_ subscription: WebhookSubscription) throws {
        guard subscription.state == .active else {
            throw DomainError.conflict("The subscription is disabled; re-enable it (PATCH state \"active\") first.")
        }
    }
}
