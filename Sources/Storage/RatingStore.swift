import Domain
import Foundation
import Postgres

/// Rating assessments' rows (the use cases decide publication, suspension and expiry).
public struct RatingStore: Sendable {
    public init() {}

    /// Inserts a new rating or writes a changed one.
    public func write(_ transaction: TenantTransaction, _ rating: Rating, insert: Bool) async throws {
        if insert {
            try await transaction.query(
                """
                INSERT INTO ratings (tenant_id, id, institution_id, state, level, published_at, valid_until, doc, created_at,
                    updated_at)
                VALUES (\(transaction.tenantID), \(rating.id), \(rating.institutionID), \(rating.state.rawValue), \(rating.level),
                    \(rating.publishedAt), \(rating.validUntil), \(try JSONText(rating)), \(rating.createdAt), \(rating.updatedAt))
                """
            )
        } else {
            try await transaction.query(
                """
                UPDATE ratings SET state = \(rating.state.rawValue), level = \(rating.level), published_at = \(rating.publishedAt),
                    valid_until = \(rating.validUntil), doc = \(try JSONText(rating)), updated_at = \(rating.updatedAt)
                WHERE tenant_id = \(transaction.tenantID) AND id = \(rating.id)
                """
            )
        }
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Rating? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first?.document(Rating.self, 0)
    }

    /// Removes a draft; `false` when it is not a draft (a trigger keeps any other).
    public func discardDraft(_ transaction: TenantTransaction, id: UUID) async throws -> Bool {
        !(try await transaction.query(
            "DELETE FROM ratings WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state = 'draft' RETURNING id"
        )).isEmpty
    }

    /// The institution's current rating (published or suspended), if any.
    public func current(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Rating? {
        let rows = try await transaction.query(
            """
            SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
              AND state IN ('published', 'suspended') FOR UPDATE
            """
        )
        return try rows.first?.document(Rating.self, 0)
    }

    /// The latest rating ever published for the institution (current or not).
    public func lastPublished(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Rating? {
        let rows = try await transaction.query(
            """
            SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
              AND published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1
            """
        )
        return try rows.first?.document(Rating.self, 0)
    }

    public func list(
        _ transaction: TenantTransaction,
        institutionID: UUID?,
        state: Rating.State?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<Rating> {
        var query: SQLQuery = "SELECT doc::text, id FROM ratings WHERE tenant_id = \(transaction.tenantID)"
        if let institutionID { query.append(" AND institution_id = \(institutionID)") }
        if let state { query.append(" AND state = \(state.rawValue)") }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map { try $0.document(Rating.self, 0) }, limit: limit, id: \.id)
    }

    /// Published ratings whose validity ended by `now`, locked (skipping those another
    /// worker holds).
    public func dueToExpire(_ transaction: TenantTransaction, at now: Date) async throws -> [Rating] {
        try await transaction.query(
            """
            SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND state = 'published'
              AND valid_until <= \(now) FOR UPDATE SKIP LOCKED
            """
        ).map { try $0.document(Rating.self, 0) }
    }
}
