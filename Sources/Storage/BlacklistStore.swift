import Domain
import Foundation
import Postgres

/// The credit blacklist: entries, their steps, and the effects of a listing.
public struct BlacklistStore: Sendable {
    public init() {}

    func write(_ transaction: TenantTransaction, _ entry: BlacklistEntry, insert: Bool) async throws {
        if insert {
            try await transaction.query(
                """
                INSERT INTO blacklist_entries (tenant_id, id, institution_id, state, reason, objection_deadline, listed_until,
                    source_id, doc, created_at, updated_at)
                VALUES (\(transaction.tenantID), \(entry.id), \(entry.institutionID), \(entry.state.rawValue),
                    \(entry.reason.rawValue), \(entry.objectionDeadline), \(entry.listedUntil), \(entry.sourceID),
                    \(try JSONText(entry)), \(entry.proposedAt), \(entry.updatedAt))
                """
            )
        } else {
            try await transaction.query(
                """
                UPDATE blacklist_entries SET state = \(entry.state.rawValue), objection_deadline = \(entry.objectionDeadline),
                    listed_until = \(entry.listedUntil), doc = \(try JSONText(entry)), updated_at = \(entry.updatedAt)
                WHERE tenant_id = \(transaction.tenantID) AND id = \(entry.id)
                """
            )
        }
    }

    /// A new proposal. With a `sourceID` (an automatic proposal) a second one for the same
    /// source is not created: returns `false`.
    @discardableResult
    public func propose(_ transaction: TenantTransaction, _ entry: BlacklistEntry) async throws -> Bool {
        if let source = entry.sourceID {
            let existing = try await transaction.query(
                "SELECT 1 FROM blacklist_entries WHERE tenant_id = \(transaction.tenantID) AND source_id = \(source)"
            )
            if !existing.isEmpty { return false }
        }
        try await self.write(transaction, entry, insert: true)
        return true
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> BlacklistEntry? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT doc::text FROM blacklist_entries WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first?.document(BlacklistEntry.self, 0)
    }

    public func list(
        _ transaction: TenantTransaction,
        institutionID: UUID?,
        states: [BlacklistEntry.State]?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<BlacklistEntry> {
        var query: SQLQuery = "SELECT doc::text FROM blacklist_entries WHERE tenant_id = \(transaction.tenantID)"
        if let institutionID { query.append(" AND institution_id = \(institutionID)") }
        if let states { query.append(" AND state = ANY(\(states.map(\.rawValue))::text[])") }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(
            overfetched: try await transaction.query(query).map { try $0.document(BlacklistEntry.self, 0) },
            limit: limit,
            id: \.id
        )
    }

    /// Whether the institution is listed now.
    public func isListed(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Bool {
        let rows = try await transaction.query(
            """
            SELECT 1 FROM blacklist_entries
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID) AND state = 'listed'
            """
        )
        return !rows.isEmpty
    }

    /// Records one step (already applied by the domain rules) with its history row (who
    /// took it: `by`).
    public func record(
        _ transaction: TenantTransaction,
        _ action: BlacklistEntry.Action,
        from current: BlacklistEntry,
        to next: BlacklistEntry,
        text: String?,
        by actor: AuditActor
    ) async throws {
        try await self.write(transaction, next, insert: false)
        try await transaction.query(
            """
            INSERT INTO blacklist_steps (tenant_id, id, entry_id, action, from_state, to_state, text, actor_role,
                actor_token_id, actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(next.id), \(action.rawValue), \(current.state.rawValue),
                \(next.state.rawValue), \(text), \(actor.role), \(actor.tokenID), \(actor.subjectID), \(next.updatedAt))
            """
        )
    }

    /// The entries the daily job moves at `now`, locked: notified ones whose objection
    /// window closed with no objection, and listings past their end.
    public func dueToAdvance(_ transaction: TenantTransaction, at now: Date) async throws -> [BlacklistEntry] {
        try await transaction.query(
            """
            SELECT doc::text FROM blacklist_entries
            WHERE tenant_id = \(transaction.tenantID)
              AND ((state = 'notified' AND objection_deadline <= \(now) AND coalesce(doc->'objection', 'null'::jsonb) = 'null'::jsonb)
                   OR (state = 'listed' AND listed_until <= \(now)))
            ORDER BY id FOR UPDATE SKIP LOCKED
            """
        ).map { try $0.document(BlacklistEntry.self, 0) }
    }
}
