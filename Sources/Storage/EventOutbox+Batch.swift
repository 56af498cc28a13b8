import Domain
import Foundation
import Postgres

/// One event of a batch.
public struct NewEvent<Payload: Encodable & Sendable>: Sendable {
    public var type: String
    public var subjects: EventSubjects
    public var data: Payload

    public init(type: String, subjects: EventSubjects, data: Payload) {
        self.type = type
        self.subjects = subjects
        self.data = data
    }
}

extension EventOutbox {
    /// Many events in two statements (the events, then their fan-out jobs), for bulk
    /// changes such as a draw creating thousands of inspections. Same guarantees as `emit`.
    @discardableResult
    public static func emitMany<Payload: Encodable & Sendable>(
        _ transaction: TenantTransaction,
        _ events: [NewEvent<Payload>]
    ) async throws -> [UUID] {
        guard !events.isEmpty else { return [] }
        let rows = events.map { EventRow(id: UUIDv7.make(), type: $0.type, subjects: $0.subjects, data: $0.data) }
        try await transaction.query(
            """
            INSERT INTO events (tenant_id, id, type, subjects, data)
            SELECT \(transaction.tenantID), (e->>'id')::uuid, e->>'type', e->'subjects', e->'data'
            FROM jsonb_array_elements(\(try JSONText(rows))) AS e
            """
        )
        let jobs = try rows.map { try NewJob(kind: WebhookJobs.fanOutKind, payload: WebhookJobs.FanOut(eventID: $0.id)) }
        try await JobQueue.enqueue(transaction.connection, tenantID: transaction.tenantID, batch: jobs)
        return rows.map(\.id)
    }
}

/// An event with its id, as the batch insert reads it.
private struct EventRow<Payload: Encodable & Sendable>: Encodable {
    var id: UUID
    var type: String
    var subjects: EventSubjects
    var data: Payload
}
