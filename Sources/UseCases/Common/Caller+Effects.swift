import Domain
import Foundation
import Storage

/// What a command leaves besides its rows, written in the command's transaction: the
/// audit row (who did what to which record, before and after) and the events it
/// announces. The use case decides both; stores only write rows.
extension Caller {
    func audit<Before: Encodable & Sendable, After: Encodable & Sendable>(
        _ action: String,
        _ entity: String,
        id: UUID,
        before: Before?,
        after: After?
    ) async throws {
        try await AuditLog.record(
            self.transaction,
            actor: self.actor,
            action: action,
            entityType: entity,
            entityID: id,
            before: before,
            after: after
        )
    }

    /// Audits a new record.
    func auditCreated<Record: Encodable & Sendable>(_ action: String, _ entity: String, id: UUID, _ record: Record) async throws {
        try await self.audit(action, entity, id: id, before: Record?.none, after: record)
    }

    /// Enqueues a job of this tenant in the command's transaction.
    func enqueue(_ job: NewJob) async throws {
        _ = try await JobQueue.enqueue(self.transaction.connection, tenantID: self.tenantID, job)
    }

    /// Writes the event to the outbox (its fan-out job is enqueued by the same statement).
    @discardableResult
    func emit<Payload: Encodable & Sendable>(_ type: String, _ subjects: EventSubjects, _ data: Payload) async throws -> UUID {
        try await EventOutbox.emit(self.transaction, type: type, subjects: subjects, data: data)
    }
}
