import Domain
import Foundation
import Postgres

/// The transactional outbox: an event row written in the same transaction as the change,
/// so nothing is announced that did not commit and nothing committed goes unannounced.
/// The same statement enqueues the `events.fanout` job that turns the event into webhook
/// deliveries, so a rolled-back change leaves neither event nor job.
public enum EventOutbox {
    /// `subjects` names the records the event concerns, which decides whose
    /// subscriptions hear of it. Returns the event's id (the `webhook-id`).
    @discardableResult
    public static func emit<Payload: Encodable & Sendable>(
        _ transaction: TenantTransaction,
        type: String,
        subjects: EventSubjects,
        data: Payload
    ) async throws -> UUID {
        let id = UUIDv7.make()
        let job = try NewJob(kind: WebhookJobs.fanOutKind, payload: WebhookJobs.FanOut(eventID: id))
        try await transaction.query(
            """
            WITH event AS (
                INSERT INTO events (tenant_id, id, type, subjects, data)
                VALUES (\(transaction.tenantID), \(id), \(type), \(try JSONText(subjects)), \(try JSONText(data)))
                RETURNING id
            )
            SELECT enqueue_job(\(UUIDv7.make()), \(transaction.tenantID), \(job.options.queue), \(job.kind),
                \(job.payload)::jsonb, 0::smallint, NULL, \(Int32(job.options.maxAttempts)), NULL)
            FROM event
            """
        )
        return id
    }

    /// An event that goes to no subscription by itself (a ping, addressed to one).
    public static func record<Payload: Encodable & Sendable>(
        _ transaction: TenantTransaction,
        type: String,
        subjects: EventSubjects,
        data: Payload
    ) async throws -> UUID {
        let id = UUIDv7.make()
        try await transaction.query(
            """
            INSERT INTO events (tenant_id, id, type, subjects, data, published_at)
            VALUES (\(transaction.tenantID), \(id), \(type), \(try JSONText(subjects)), \(try JSONText(data)), now())
            """
        )
        return id
    }
}

/// The job kinds and payloads of webhook work.
public enum WebhookJobs {
    public static let fanOutKind = "events.fanout"
    public static let deliverKind = "webhook.deliver"

    public struct FanOut: Codable, Sendable {
        public var eventID: UUID
        enum CodingKeys: String, CodingKey { case eventID = "event_id" }
    }

    /// One attempt of one delivery; `attempt` makes a rerun of the same job harmless.
    public struct Deliver: Codable, Sendable {
        public var deliveryID: UUID
        public var attempt: Int
        enum CodingKeys: String, CodingKey {
            case deliveryID = "delivery_id"
            case attempt
        }
    }

    public static func deliverJob(_ deliveryID: UUID, attempt: Int, at runAt: Date? = nil) throws -> NewJob {
        try NewJob(
            kind: self.deliverKind,
            payload: Deliver(deliveryID: deliveryID, attempt: attempt),
            options: JobOptions(runAt: runAt, maxAttempts: 5, uniqueKey: "webhook:\(deliveryID.lowercasedString):\(attempt)")
        )
    }
}
