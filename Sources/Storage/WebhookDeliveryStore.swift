import Domain
import Foundation
import Postgres

/// What a worker needs to make one delivery attempt.
public struct DeliveryWork: Sendable {
    public var deliveryID: UUID
    public var state: WebhookDelivery.State
    /// Attempts recorded so far.
    public var attempts: Int
    public var subscriptionID: UUID
    public var subscriptionState: WebhookSubscription.State
    public var url: String
    /// The current secret first, then the previous one while its rotation overlap lasts.
    public var secrets: [String]
    public var eventID: UUID
    /// The signed body.
    public var body: Data
}

/// The workers' side of webhooks: fan-out of events into deliveries, and the record of
/// each attempt with what follows from it (next attempt, failure, disabling).
public struct WebhookDeliveryStore: Sendable {
    public init() {}

    /// Creates one delivery per subscription that hears the event and enqueues their first
    /// attempts. Running it twice for the same event creates nothing new.
    /// Returns the new deliveries' ids.
    @discardableResult
    public func fanOut(_ transaction: TenantTransaction, eventID: UUID) async throws -> [UUID] {
        let eventRows = try await transaction.query(
            "SELECT type, subjects::text FROM events WHERE tenant_id = \(transaction.tenantID) AND id = \(eventID)"
        )
        guard let event = eventRows.first else { return [] }
        let type: String = try event.decode(0)
        let subjects = try JSONCoding.decoder.decode(EventSubjects.self, from: Data(try event.decode(1, as: String.self).utf8))
        // The index narrows to regulators' subscriptions and those of the event's subjects;
        // `WebhookOwner.hears` and `wants` decide.
        let candidates = [subjects.institutionID].compactMap { $0 } + subjects.inspectorIDs
        let subscriptions = try await transaction.query(
            """
            SELECT \(WebhookStore.columns) FROM webhook_subscriptions
            WHERE tenant_id = \(transaction.tenantID) AND state = 'active'
              AND (owner_role = 'regulator' OR owner_id = ANY (\(candidates)))
              AND (\(type) = ANY (event_types) OR '*' = ANY (event_types))
            """
        ).map(WebhookStore.decode).filter { $0.owner.hears(subjects) && $0.wants(type) }
        var created: [UUID] = []
        if !subscriptions.isEmpty {
            let ids = subscriptions.map { _ in UUIDv7.make() }
            created = try await transaction.query(
                """
                INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, next_attempt_at)
                SELECT \(transaction.tenantID), u.id, u.subscription_id, \(eventID), now()
                FROM unnest(\(ids), \(subscriptions.map(\.id))) AS u (id, subscription_id)
                ON CONFLICT (tenant_id, subscription_id, event_id) WHERE replay_of IS NULL DO NOTHING
                RETURNING id
                """
            ).map { try $0.decode(0, as: UUID.self) }
            try await JobQueue.enqueue(
                transaction.connection,
                tenantID: transaction.tenantID,
                batch: try created.map { try WebhookJobs.deliverJob($0, attempt: 1) }
            )
        }
        try await transaction.query(
            "UPDATE events SET published_at = now() WHERE tenant_id = \(transaction.tenantID) AND id = \(eventID) AND published_at IS NULL"
        )
        return created
    }

    /// The delivery, its subscription and its signed body; `nil` when it does not exist.
    public func load(_ transaction: TenantTransaction, deliveryID: UUID) async throws -> DeliveryWork? {
        let rows = try await transaction.query(
            """
            SELECT d.id, d.state, d.attempts, s.id, s.state, s.url, s.secret,
                CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END,
                e.id, e.type, t.slug, e.occurred_at, e.data::text
            FROM webhook_deliveries d
            JOIN webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id
            JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
            JOIN tenants t ON t.id = d.tenant_id
            WHERE d.tenant_id = \(transaction.tenantID) AND d.id = \(deliveryID)
            """
        )
        guard let row = rows.first else { return nil }
        let envelope = WebhookEnvelope(
            id: try row.decode(8),
            type: try row.decode(9),
            tenant: try row.decode(10),
            occurredAt: try row.decode(11),
            data: RawJSON(try row.decode(12))
        )
        return DeliveryWork(
            deliveryID: try row.decode(0),
            state: WebhookDelivery.State(rawValue: try row.decode(1)) ?? .failed,
            attempts: try row.decode(2),
            subscriptionID: try row.decode(3),
            subscriptionState: WebhookSubscription.State(rawValue: try row.decode(4)) ?? .disabled,
            url: try row.decode(5),
            secrets: [try row.decode(6, as: String.self)] + [try row.decode(7, as: String?.self)].compactMap { $0 },
            eventID: envelope.id,
            body: try JSONCoding.encoder.encode(envelope)
        )
    }

    /// Ends a pending delivery without an attempt (its subscription was disabled).
    public func abandon(_ transaction: TenantTransaction, deliveryID: UUID, reason: String) async throws {
        try await transaction.query(
            """
            UPDATE webhook_deliveries SET state = 'failed', last_error = \(reason), finished_at = now(), next_attempt_at = NULL
            WHERE tenant_id = \(transaction.tenantID) AND id = \(deliveryID) AND state = 'pending'
            """
        )
    }

    /// Records a delivered attempt in one statement, and clears the subscription's failure
    /// streak if it has one (no write otherwise: a busy subscription's row stays cool).
    /// Returns `false` when the attempt was already recorded (a rerun).
    public func recordDelivered(_ transaction: TenantTransaction, work: DeliveryWork, attempt: WebhookAttempt) async throws -> Bool {
        let rows = try await transaction.query(
            """
            WITH delivery AS (
                UPDATE webhook_deliveries SET state = 'delivered', attempts = \(attempt.number), next_attempt_at = NULL,
                    last_status = \(attempt.statusCode), last_error = NULL, finished_at = now()
                WHERE tenant_id = \(transaction.tenantID) AND id = \(work.deliveryID) AND state = 'pending'
                  AND attempts = \(attempt.number - 1)
                RETURNING id
            ),
            attempt AS (
                \(Self.insertAttempt(transaction, work, attempt))
            ),
            streak AS (
                UPDATE webhook_subscriptions SET failing_since = NULL, failed_deliveries_in_a_row = 0
                WHERE tenant_id = \(transaction.tenantID) AND id = \(work.subscriptionID)
                  AND (failing_since IS NOT NULL OR failed_deliveries_in_a_row <> 0) AND EXISTS (SELECT 1 FROM delivery)
            )
            SELECT count(*) FROM delivery
            """
        )
        return try rows[0].decode(0, as: Int.self) == 1
    }

    /// Records a failed attempt under the subscription's row lock, applies `decide` to the
    /// streak, and writes what follows: the next attempt's job, or the delivery's failure,
    /// and disabling the subscription with a `webhook.disabled` event.
    /// Returns the decision, or `nil` when the attempt was already recorded.
    public func recordFailure(
        _ transaction: TenantTransaction,
        work: DeliveryWork,
        attempt: WebhookAttempt,
        decide: (WebhookFailureStreak) -> WebhookDecision
    ) async throws -> WebhookDecision? {
        let locked = try await transaction.query(
            """
            SELECT s.failing_since, s.failed_deliveries_in_a_row, s.state, s.url, s.owner_role, s.owner_id
            FROM webhook_subscriptions s
            WHERE s.tenant_id = \(transaction.tenantID) AND s.id = \(work.subscriptionID)
            FOR UPDATE
            """
        )
        guard let subscription = locked.first else { return nil }
        let decision = decide(WebhookFailureStreak(failingSince: try subscription.decode(0), failedDeliveries: try subscription.decode(1)))
        let retryAt: Date?
        if case .retry(let after) = decision.delivery {
            retryAt = attempt.attemptedAt.addingTimeInterval(Double(attempt.durationMS) / 1000 + after)
        } else {
            retryAt = nil
        }
        let state = retryAt == nil ? "failed" : "pending"
        let updated = try await transaction.query(
            """
            WITH delivery AS (
                UPDATE webhook_deliveries SET state = \(state), attempts = \(attempt.number), next_attempt_at = \(retryAt),
                    last_status = \(attempt.statusCode), last_error = \(attempt.error),
                    finished_at = CASE WHEN \(state) = 'failed' THEN now() END
                WHERE tenant_id = \(transaction.tenantID) AND id = \(work.deliveryID) AND state = 'pending'
                  AND attempts = \(attempt.number - 1)
                RETURNING id
            ),
            attempt AS (
                \(Self.insertAttempt(transaction, work, attempt))
            )
            SELECT count(*) FROM delivery
            """
        )
        guard try updated[0].decode(0, as: Int.self) == 1 else { return nil }
        let wasActive = try subscription.decode(2, as: String.self) == "active"
        let disable = wasActive ? decision.disableReason : nil
        try await transaction.query(
            """
            UPDATE webhook_subscriptions SET failing_since = \(decision.streak.failingSince),
                failed_deliveries_in_a_row = \(decision.streak.failedDeliveries),
                state = CASE WHEN \(disable)::text IS NULL THEN state ELSE 'disabled' END,
                disabled_reason = coalesce(\(disable)::text, disabled_reason),
                disabled_at = CASE WHEN \(disable)::text IS NULL THEN disabled_at ELSE now() END
            WHERE tenant_id = \(transaction.tenantID) AND id = \(work.subscriptionID)
            """
        )
        if let retryAt {
            try await JobQueue.enqueue(
                transaction.connection,
                tenantID: transaction.tenantID,
                WebhookJobs.deliverJob(work.deliveryID, attempt: attempt.number + 1, at: retryAt)
            )
        }
        if let disable {
            let ownerRole: String = try subscription.decode(4)
            let ownerID: UUID? = try subscription.decode(5)
            try await AuditLog.record(
                transaction,
                actor: .system("webhooks"),
                action: "webhook_subscription.disabled",
                entityType: "webhook_subscription",
                entityID: work.subscriptionID,
                before: String?.none,
                after: ["reason": disable]
            )
            // Only the tenant's regulators hear of it: the event names no institution or inspector.
            try await EventOutbox.emit(
                transaction,
                type: "webhook.disabled",
                subjects: EventSubjects(others: ["subscription_id": work.subscriptionID]),
                data: DisabledNotice(
                    subscriptionID: work.subscriptionID,
                    url: try subscription.decode(3),
                    ownerRole: ownerRole,
                    ownerID: ownerID,
                    reason: disable
                )
            )
        }
        return decision
    }

    struct DisabledNotice: Encodable, Sendable {
        var subscriptionID: UUID
        var url: String
        var ownerRole: String
        var ownerID: UUID?
        var reason: String

        enum CodingKeys: String, CodingKey {
            case url, reason
            case subscriptionID = "subscription_id"
            case ownerRole = "owner_role"
            case ownerID = "owner_id"
        }
    }

    static func insertAttempt(_ transaction: TenantTransaction, _ work: DeliveryWork, _ attempt: WebhookAttempt) -> PostgresQuery {
        """
        INSERT INTO webhook_attempts (tenant_id, delivery_id, number, attempted_at, status_code, duration_ms, error,
            response_excerpt)
        SELECT \(transaction.tenantID), id, \(attempt.number), \(attempt.attemptedAt), \(attempt.statusCode)::integer,
            \(attempt.durationMS), \(attempt.error)::text, \(attempt.responseExcerpt)::text
        FROM delivery
        """
    }
}
