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
    /// Why the secrets could not be read (a sealed secret and no key, or another key):
    /// the attempt then fails with this reason and follows the retry schedule, so that
    /// deliveries resume once the key is put right.
    public var secretError: String?
    public var eventID: UUID
    /// The signed body.
    public var body: Data
}

/// The workers' side of webhooks: fan-out of events into deliveries, and the record of
/// each attempt with what follows from it (next attempt, failure, disabling).
public struct WebhookDeliveryStore: Sendable {
    let secrets: WebhookSecrets

    public init(secrets: WebhookSecrets) {
        self.secrets = secrets
    }

    /// Creates one delivery per subscription that hears each event, enqueues their first
    /// attempts and marks the events published, in three statements for all `eventIDs`
    /// (a `finishing()` transaction commits with the last). Running it twice for the same
    /// events creates nothing new. Returns how many deliveries it created.
    @discardableResult
    public func fanOut(_ transaction: TenantTransaction, eventIDs: [UUID]) async throws -> Int {
        var reading = transaction
        reading.commitsWithNextStatement = false
        let events = try await reading.query(
            "SELECT id, type, subjects::text FROM events WHERE tenant_id = \(transaction.tenantID) AND id = ANY (\(eventIDs))"
        ).map { row in
            (
                id: try row.decode(0, as: UUID.self), type: try row.decode(1, as: String.self),
                subjects: try JSONCoding.decoder.decode(EventSubjects.self, from: Data(try row.decode(2, as: String.self).utf8))
            )
        }
        // The index narrows to regulators' subscriptions and those of the events' subjects;
        // `WebhookOwner.hears` and `wants` decide.
        let candidates = Array(Set(events.flatMap { [$0.subjects.institutionID].compactMap { $0 } + $0.subjects.inspectorIDs }))
        let subscriptions =
            events.isEmpty
            ? []
            : try await reading.query(
                """
                SELECT \(WebhookStore.columns.sql) FROM webhook_subscriptions
                WHERE tenant_id = \(transaction.tenantID) AND state = 'active'
                  AND (owner_role = 'regulator' OR owner_id = ANY (\(candidates)))
                """
            ).map(WebhookStore.decode)
        var pairs: [(subscription: UUID, event: UUID)] = []
        for event in events {
            for subscription in subscriptions where subscription.owner.hears(event.subjects) && subscription.wants(event.type) {
                pairs.append((subscription.id, event.id))
            }
        }
        // Inserts the deliveries (a rerun's conflict skips them), enqueues the first
        // attempt's job of each one inserted, and marks the events published.
        let ids = pairs.map { _ in UUIDv7.make() }
        let jobs = try ids.map { try WebhookJobs.deliverJob($0, attempt: 1) }
        let rows = try await transaction.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(ids), \(pairs.map(\.subscription)), \(pairs.map(\.event)), \(jobs.map { _ in UUIDv7.make() }),
                    \(jobs.map(\.options.queue)), \(jobs.map(\.kind)), \(jobs.map(\.payload)),
                    \(jobs.map { Int32($0.options.priority) }), \(jobs.map(\.options.runAt)),
                    \(jobs.map { Int32($0.options.maxAttempts) }), \(jobs.map(\.options.uniqueKey)))
                    AS u (id, subscription_id, event_id, job_id, queue, kind, payload, priority, run_at, max_attempts, unique_key)
            ),
            created AS (
                INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, next_attempt_at)
                SELECT \(transaction.tenantID), id, subscription_id, event_id, now() FROM input
                ON CONFLICT (tenant_id, subscription_id, event_id) WHERE replay_of IS NULL DO NOTHING
                RETURNING id
            ),
            published AS (
                UPDATE events SET published_at = now()
                WHERE tenant_id = \(transaction.tenantID) AND id = ANY (\(eventIDs)) AND published_at IS NULL
            )
            SELECT count(*), enqueue_jobs(array_agg(i.job_id), \(transaction.tenantID), array_agg(i.queue), array_agg(i.kind),
                array_agg(i.payload::jsonb), array_agg(i.priority), array_agg(i.run_at), array_agg(i.max_attempts),
                array_agg(i.unique_key))
            FROM created c JOIN input i ON i.id = c.id
            """
        )
        return try rows[0].decode(0, as: Int.self)
    }

    /// The deliveries, with their subscriptions and signed bodies, by id; those that do
    /// not exist are missing. Each delivery is found by its primary key (a lateral
    /// subquery, which no plan turns into a scan of the tenant's deliveries when the
    /// table's statistics are missing or stale, as on a fresh, fast-growing table).
    public func load(_ transaction: TenantTransaction, deliveryIDs: [UUID]) async throws -> [UUID: DeliveryWork] {
        let rows = try await transaction.query(
            """
            SELECT d.id, d.state, d.attempts, s.id, s.state, s.url, s.secret,
                CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END,
                e.id, e.type, t.slug, e.occurred_at, e.data::text
            FROM unnest(\(deliveryIDs)) AS i (id)
            CROSS JOIN LATERAL (
                SELECT * FROM webhook_deliveries x WHERE x.tenant_id = \(transaction.tenantID) AND x.id = i.id OFFSET 0
            ) d
            JOIN webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id
            JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
            JOIN tenants t ON t.id = d.tenant_id
            """
        )
        var works: [UUID: DeliveryWork] = [:]
        for row in rows {
            let envelope = WebhookEnvelope(
                id: try row.decode(8),
                type: try row.decode(9),
                tenant: try row.decode(10),
                occurredAt: try row.decode(11),
                data: RawJSON(try row.decode(12))
            )
            let subscriptionID: UUID = try row.decode(3)
            var secrets: [String] = []
            var secretError: String?
            do {
                secrets = try ([try row.decode(6, as: String.self)] + [try row.decode(7, as: String?.self)].compactMap { $0 }).map {
                    try self.secrets.readable($0, tenant: transaction.tenantID, subscription: subscriptionID)
                }
            } catch let failure as SecretSeal.Failure {
                secretError = failure.description
            }
            let work = DeliveryWork(
                deliveryID: try row.decode(0),
                state: WebhookDelivery.State(rawValue: try row.decode(1)) ?? .failed,
                attempts: try row.decode(2),
                subscriptionID: try row.decode(3),
                subscriptionState: WebhookSubscription.State(rawValue: try row.decode(4)) ?? .disabled,
                url: try row.decode(5),
                secrets: secrets,
                secretError: secretError,
                eventID: envelope.id,
                body: try JSONCoding.encoder.encode(envelope)
            )
            works[work.deliveryID] = work
        }
        return works
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

    /// Records delivered attempts in one statement, and clears the failure streak of
    /// their subscriptions where there is one (no write otherwise: a busy subscription's
    /// row stays cool). Returns the deliveries recorded now; one missing was recorded
    /// already (a rerun) or is not pending at that attempt.
    public func recordDelivered(
        _ transaction: TenantTransaction,
        _ delivered: [(work: DeliveryWork, attempt: WebhookAttempt)]
    )
        async throws -> Set<UUID>
    {
        guard !delivered.isEmpty else { return [] }
        let attempts = delivered.map(\.attempt)
        let rows = try await transaction.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(delivered.map(\.work.deliveryID)), \(attempts.map { Int32($0.number) }),
                    \(attempts.map(\.attemptedAt)), \(attempts.map { $0.statusCode.map { Int32(clamping: $0) } }),
                    \(attempts.map { Int32(clamping: $0.durationMS) }), \(attempts.map(\.responseExcerpt)))
                    AS u (id, number, attempted_at, status_code, duration_ms, response_excerpt)
            ),
            -- The rows by primary key, then updated by row address: without statistics
            -- (a fresh table) a join on id would scan all of the tenant's deliveries.
            found AS (
                SELECT x.row FROM input i
                CROSS JOIN LATERAL (
                    SELECT ctid AS row FROM webhook_deliveries x
                    WHERE x.tenant_id = \(transaction.tenantID) AND x.id = i.id OFFSET 0
                ) x
            ),
            delivery AS (
                UPDATE webhook_deliveries d SET state = 'delivered', attempts = i.number, next_attempt_at = NULL,
                    last_status = i.status_code, last_error = NULL, finished_at = now()
                FROM input i
                WHERE d.ctid = ANY (ARRAY(SELECT row FROM found)) AND d.tenant_id = \(transaction.tenantID) AND d.id = i.id
                  AND d.state = 'pending' AND d.attempts = i.number - 1
                RETURNING d.id, d.subscription_id
            ),
            attempt AS (
                INSERT INTO webhook_attempts (tenant_id, delivery_id, number, attempted_at, status_code, duration_ms,
                    response_excerpt)
                SELECT \(transaction.tenantID), i.id, i.number, i.attempted_at, i.status_code, i.duration_ms, i.response_excerpt
                FROM input i JOIN delivery d ON d.id = i.id
            ),
            -- Locked in id order, so that two batches resetting the same streaks cannot deadlock.
            failing AS (
                SELECT s.id FROM webhook_subscriptions s
                WHERE s.tenant_id = \(transaction.tenantID) AND s.id IN (SELECT subscription_id FROM delivery)
                  AND (s.failing_since IS NOT NULL OR s.failed_deliveries_in_a_row <> 0)
                ORDER BY s.id FOR UPDATE
            ),
            streak AS (
                UPDATE webhook_subscriptions s SET failing_since = NULL, failed_deliveries_in_a_row = 0
                FROM failing f WHERE s.tenant_id = \(transaction.tenantID) AND s.id = f.id
            )
            SELECT id FROM delivery
            """
        )
        return Set(try rows.map { try $0.decode(0, as: UUID.self) })
    }

    /// What a recorded failure leads to: when the next attempt is due (its job is the
    /// caller's), and the notice of a subscription this failure disabled.
    public struct RecordedFailure: Sendable {
        public var decision: WebhookDecision
        public var retryAt: Date?
        public var disabled: DisabledNotice?
    }

    /// Records a failed attempt under the subscription's row lock, applies `decide` to the
    /// streak, and writes what follows for the rows: the delivery pending again or failed,
    /// and the subscription disabled. Returns what follows, or `nil` when the attempt was
    /// already recorded.
    public func recordFailure(
        _ transaction: TenantTransaction,
        work: DeliveryWork,
        attempt: WebhookAttempt,
        decide: (WebhookFailureStreak) -> WebhookDecision
    ) async throws -> RecordedFailure? {
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
        let notice = try disable.map {
            DisabledNotice(
                subscriptionID: work.subscriptionID,
                url: try subscription.decode(3),
                ownerRole: try subscription.decode(4),
                ownerID: try subscription.decode(5),
                reason: $0
            )
        }
        return RecordedFailure(decision: decision, retryAt: retryAt, disabled: notice)
    }

    /// The `webhook.disabled` event's data.
    public struct DisabledNotice: Encodable, Sendable {
        public var subscriptionID: UUID
        public var url: String
        public var ownerRole: String
        public var ownerID: UUID?
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case url, reason
            case subscriptionID = "subscription_id"
            case ownerRole = "owner_role"
            case ownerID = "owner_id"
        }
    }

    static func insertAttempt(_ transaction: TenantTransaction, _ work: DeliveryWork, _ attempt: WebhookAttempt) -> SQLQuery {
        """
        INSERT INTO webhook_attempts (tenant_id, delivery_id, number, attempted_at, status_code, duration_ms, error,
            response_excerpt)
        SELECT \(transaction.tenantID), id, \(attempt.number), \(attempt.attemptedAt), \(attempt.statusCode)::integer,
            \(attempt.durationMS), \(attempt.error)::text, \(attempt.responseExcerpt)::text
        FROM delivery
        """
    }
}
