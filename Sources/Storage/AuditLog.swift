import Domain
import Foundation
import Postgres

/// The append-only audit trail: one row per mutation, in the mutation's transaction.
public enum AuditLog {
    public static func record<Before: Encodable & Sendable, After: Encodable & Sendable>(
        _ transaction: TenantTransaction,
        actor: AuditActor,
        action: String,
        entityType: String,
        entityID: UUID,
        before: Before?,
        after: After?
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO audit_log (tenant_id, id, actor_role, actor_token_id, actor_subject_id, actor_account_id,
                                   action, entity_type, entity_id, before, after)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(actor.role), \(actor.tokenID), \(actor.subjectID), \(actor.accountID),
                    \(action), \(entityType), \(entityID), \(try JSONText(before)), \(try JSONText(after)))
            """
        )
    }
}

/// An `Encodable` value bound as `jsonb` text, with dates as RFC 3339.
struct JSONText: SQLEncodable {
    let text: String?

    init(_ value: (some Encodable)?) throws {
        guard let value else {
            self.text = nil
            return
        }
        self.text = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    var postgresBind: SQLBind { SQLBind(text: self.text, typeOID: TypeOID.jsonb) }
}
