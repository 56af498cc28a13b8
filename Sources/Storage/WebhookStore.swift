import Domain
import Foundation
import Postgres

/// Webhook subscriptions and their deliveries, as the API manages them. The secret is
/// sealed at rest and never returned by a read.
public struct WebhookStore: Sendable {
    let secrets: WebhookSecrets

    public init(secrets: WebhookSecrets) {
        self.secrets = secrets
    }

    static let columns = ColumnList(
        "id",
        "owner_role",
        "owner_id",
        "url",
        "event_types",
        "description",
        "state",
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "failed_deliveries_in_a_row",
        "created_at",
        "updated_at"
    )

    public func create(
        _ transaction: TenantTransaction,
        _ subscription: WebhookSubscription,
        secret: String
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO webhook_subscriptions (tenant_id, id, owner_role, owner_id, url, event_types, description, secret,
                created_at, updated_at)
            VALUES (\(transaction.tenantID), \(subscription.id), \(subscription.owner.role.rawValue), \(subscription.owner.id),
                \(subscription.url), \(subscription.eventTypes), \(subscription.description),
                \(try self.secrets.stored(secret, tenant: transaction.tenantID, subscription: subscription.id)),
                \(subscription.createdAt), \(subscription.updatedAt))
            """
        )
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> WebhookSubscription? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        return try await transaction.query(
            "SELECT \(Self.columns.sql) FROM webhook_subscriptions WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        ).first.map(Self.decode)
    }

    /// A page of subscriptions; only `owner`'s when given.
    public func list(
        _ transaction: TenantTransaction,
        owner: WebhookOwner?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<WebhookSubscription> {
        var query: SQLQuery = "SELECT \(Self.columns.sql) FROM webhook_subscriptions WHERE tenant_id = \(transaction.tenantID)"
        if let owner {
            query.append(" AND owner_role = \(owner.role.rawValue) AND owner_id IS NOT DISTINCT FROM \(owner.id)")
        }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// Writes url, event types, description and state. Re-enabling clears the failure streak.
    public func update(
        _ transaction: TenantTransaction,
        from current: WebhookSubscription,
        to next: WebhookSubscription
    ) async throws {
        try await transaction.query(
            """
            UPDATE webhook_subscriptions SET url = \(next.url), event_types = \(next.eventTypes),
                description = \(next.description), state = \(next.state.rawValue), disabled_reason = \(next.disabledReason),
                disabled_at = \(next.disabledAt), failing_since = \(next.failingSince),
                failed_deliveries_in_a_row = \(next.failedDeliveriesInARow), updated_at = \(next.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(next.id)
            """
        )
    }

    /// Replaces the secret; the old one keeps signing until `until`.
    public func rotateSecret(
        _ transaction: TenantTransaction,
        id: UUID,
        newSecret: String,
        until: Date
    ) async throws -> Date {
        try await transaction.query(
            """
            UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_expires_at = \(until),
                secret = \(try self.secrets.stored(newSecret, tenant: transaction.tenantID, subscription: id)), updated_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id)
            """
        )
        return until
    }

    /// Creates a delivery of `eventID` to `subscriptionID` (its first attempt's job is the
    /// caller's to enqueue).
    public func createDelivery(
        _ transaction: TenantTransaction,
        subscriptionID: UUID,
        eventID: UUID,
        replayOf: UUID?
    ) async throws -> UUID {
        let id = UUIDv7.make()
        try await transaction.query(
            """
            INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, replay_of, next_attempt_at)
            VALUES (\(transaction.tenantID), \(id), \(subscriptionID), \(eventID), \(replayOf), now())
            """
        )
        return id
    }

    /// A delivery with its attempts.
    public func delivery(_ transaction: TenantTransaction, id: UUID) async throws -> WebhookDelivery? {
        let rows = try await transaction.query(
            "\(Self.deliverySelect) WHERE d.tenant_id = \(transaction.tenantID) AND d.id = \(id)"
        )
        guard let delivery = try rows.first.map(Self.decodeDelivery) else { return nil }
        return try await self.withAttempts(transaction, [delivery])[0]
    }

    /// A page of a subscription's deliveries, newest first, with their attempts.
    public func deliveries(
        _ transaction: TenantTransaction,
        subscriptionID: UUID,
        before: UUID?,
        limit: Int
    ) async throws -> Page<WebhookDelivery> {
        var query: SQLQuery =
            "\(Self.deliverySelect) WHERE d.tenant_id = \(transaction.tenantID) AND d.subscription_id = \(subscriptionID)"
        if let before { query.append(" AND d.id < \(before)") }
        query.append(" ORDER BY d.id DESC LIMIT \(limit + 1)")
        let page = Page(overfetched: try await transaction.query(query).map(Self.decodeDelivery), limit: limit, id: \.id)
        return Page(items: try await self.withAttempts(transaction, page.items), nextAfter: page.nextAfter)
    }

    static let deliverySelect: SQLQuery = """
        SELECT d.id, d.subscription_id, d.event_id, e.type, d.replay_of, d.state, d.attempts, d.next_attempt_at,
            d.last_status, d.last_error, d.created_at, d.finished_at
        FROM webhook_deliveries d JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
        """

    func withAttempts(_ transaction: TenantTransaction, _ deliveries: [WebhookDelivery]) async throws -> [WebhookDelivery] {
        guard !deliveries.isEmpty else { return [] }
        var byDelivery: [UUID: [WebhookAttempt]] = [:]
        for row in try await transaction.query(
            """
            SELECT delivery_id, number, attempted_at, status_code, duration_ms, error, response_excerpt
            FROM webhook_attempts WHERE tenant_id = \(transaction.tenantID) AND delivery_id = ANY (\(deliveries.map(\.id)))
            ORDER BY delivery_id, number
            """
        ) {
            let attempt = WebhookAttempt(
                number: try row.decode(1),
                attemptedAt: try row.decode(2),
                statusCode: try row.decode(3),
                durationMS: try row.decode(4),
                error: try row.decode(5),
                responseExcerpt: try row.decode(6)
            )
            byDelivery[try row.decode(0), default: []].append(attempt)
        }
        return deliveries.map { delivery in
            var delivery = delivery
            delivery.attemptLog = byDelivery[delivery.id] ?? []
            return delivery
        }
    }

    static func decode(_ row: SQLRow) throws -> WebhookSubscription {
        let role = Role(rawValue: try row.decode("owner_role", as: String.self)) ?? .regulator
        return WebhookSubscription(
            id: try row.decode("id"),
            owner: WebhookOwner(role: role, id: try row.decode("owner_id")),
            url: try row.decode("url"),
            eventTypes: try row.decode("event_types"),
            description: try row.decode("description"),
            state: WebhookSubscription.State(rawValue: try row.decode("state")) ?? .disabled,
            disabledReason: try row.decode("disabled_reason"),
            disabledAt: try row.decode("disabled_at"),
            failingSince: try row.decode("failing_since"),
            failedDeliveriesInARow: try row.decode("failed_deliveries_in_a_row"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }

    static func decodeDelivery(_ row: SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.decode(0),
            subscriptionID: try row.decode(1),
            eventID: try row.decode(2),
            eventType: try row.decode(3),
            replayOf: try row.decode(4),
            state: WebhookDelivery.State(rawValue: try row.decode(5)) ?? .pending,
            attempts: try row.decode(6),
            nextAttemptAt: try row.decode(7),
            lastStatus: try row.decode(8),
            lastError: try row.decode(9),
            createdAt: try row.decode(10),
            finishedAt: try row.decode(11)
        )
    }
}
