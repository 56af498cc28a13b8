import Domain
import Foundation
import Postgres

/// The transactional outbox: an event row written in the same transaction as the change,
/// so nothing is announced that did not commit and nothing committed goes unannounced.
public enum EventOutbox {
    /// `subjects` names the records the event concerns (e.g. `["institution_id": …]`), which
    /// later decides whose subscriptions hear of it.
    public static func emit<Payload: Encodable & Sendable>(
        _ transaction: TenantTransaction,
        type: String,
        subjects: [String: UUID],
        data: Payload
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO events (tenant_id, id, type, subjects, data)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(type), \(try JSONText(subjects.mapValues(\.lowercasedString))), \(try JSONText(data)))
            """
        )
    }
}
