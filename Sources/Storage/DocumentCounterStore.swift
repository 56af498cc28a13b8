import Domain
import Postgres

/// The sequences of the tenant's legal documents (文号), one per kind and year.
public struct DocumentCounterStore: Sendable {
    public init() {}

    /// The next sequence of `kind` and `year` for this tenant, in the caller's transaction
    /// (a rollback gives it back; concurrent issues wait on the counter row).
    public func nextSequence(_ transaction: TenantTransaction, kind: LegalDocument.Kind, year: Int) async throws -> Int {
        try await transaction.query(
            """
            INSERT INTO document_counters (tenant_id, kind, year, last) VALUES (\(transaction.tenantID), \(kind.rawValue), \(year), 1)
            ON CONFLICT (tenant_id, kind, year) DO UPDATE SET last = document_counters.last + 1
            RETURNING last
            """
        ).first?.decode(0, as: Int.self) ?? 1
    }
}
