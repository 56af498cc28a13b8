import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/webhook-subscriptions` and `/v1/webhook-deliveries` (`spec/webhooks.md`).
/// A regulator manages every subscription of its tenant, and may scope one to an
/// institution or an inspector; inspectors and institutions manage their own. Anyone
/// else's subscription is invisible (404).
struct WebhookRoutes {
    let webhooks: WebhookUseCases
    let idempotency = Idempotency()

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

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
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

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
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

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("webhook-subscriptions", use: self.create)
        group.get("webhook-subscriptions", use: self.list)
        group.get("webhook-subscriptions/:id", use: self.get)
        group.patch("webhook-subscriptions/:id", use: self.update)
        group.post("webhook-subscriptions/:id/rotate-secret", use: self.rotateSecret)
        group.post("webhook-subscriptions/:id/ping", use: self.ping)
        group.get("webhook-subscriptions/:id/deliveries", use: self.deliveries)
        group.post("webhook-deliveries/:id/replay", use: self.replay)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let input = WebhookUseCases.NewSubscription(
            url: body.url,
            eventTypes: body.eventTypes,
            description: body.description,
            institutionID: body.institutionID,
            inspectorID: body.inspectorID
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let (subscription, secret) = try await self.webhooks.subscribe(context.caller, input)
            return Idempotency.Created(
                location: "/v1/webhook-subscriptions/\(subscription.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(WithSecret(subscription: subscription, secret: secret)),
                replayBody: try JSONCoding.encoder.encode(WithSecret(subscription: subscription, secret: nil))
            )
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.webhooks.list(context.caller, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        return try JSONResponse.make(try await self.webhooks.read(context.caller, id: id))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let (body, _) = try await UpdateBody.decode(from: request, context: context)
        let changes = WebhookUseCases.Changes(url: body.url, eventTypes: body.eventTypes, description: body.description, state: body.state)
        return try JSONResponse.make(try await self.webhooks.update(context.caller, id: id, changes))
    }

    @Sendable func rotateSecret(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let (subscription, secret, until) = try await self.webhooks.rotateSecret(context.caller, id: id)
        return try JSONResponse.make(WithSecret(subscription: subscription, secret: secret, previousSecretExpiresAt: until))
    }

    /// Sends a `webhook.ping` event to this one subscription (202 with the delivery).
    @Sendable func ping(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let (deliveryID, eventID) = try await self.webhooks.ping(context.caller, id: id)
        return try JSONResponse.make(Accepted(deliveryID: deliveryID, eventID: eventID), status: .accepted)
    }

    @Sendable func deliveries(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook subscription")
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.webhooks.deliveries(context.caller, subscriptionID: id, before: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    /// Sends a delivery's event again, as a new delivery with the same `webhook-id` (202).
    @Sendable func replay(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "webhook delivery")
        let (deliveryID, eventID) = try await self.webhooks.replay(context.caller, deliveryID: id)
        return try JSONResponse.make(Accepted(deliveryID: deliveryID, eventID: eventID), status: .accepted)
    }
}
