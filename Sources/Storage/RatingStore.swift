import Domain
import Foundation
import Postgres

/// Rating assessments: drafts, publication (superseding the previous rating), the
/// suspension a blacklist listing causes, and expiry.
public struct RatingStore: Sendable {
    public init() {}

    func write(_ transaction: TenantTransaction, _ rating: Rating, insert: Bool) async throws {
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

    public func create(_ transaction: TenantTransaction, _ rating: Rating, actor: AuditActor) async throws {
        try await self.write(transaction, rating, insert: true)
        try await self.audit(transaction, "rating.created", before: nil, after: rating, actor: actor)
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Rating? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first?.document(Rating.self, 0)
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

    /// Publishes a draft: the previous current rating is superseded, history is kept.
    public func publish(_ transaction: TenantTransaction, _ draft: Rating, at now: Date, actor: AuditActor) async throws -> Rating {
        if var previous = try await self.current(transaction, institutionID: draft.institutionID) {
            let before = previous
            previous.state = .superseded
            previous.updatedAt = now
            previous.version += 1
            try await self.write(transaction, previous, insert: false)
            try await self.audit(transaction, "rating.superseded", before: before, after: previous, actor: actor)
        }
        let published = draft.published(at: now)
        try await self.write(transaction, published, insert: false)
        try await self.audit(transaction, "rating.published", before: draft, after: published, actor: actor)
        try await EventOutbox.emit(
            transaction,
            type: "rating.published",
            subjects: EventSubjects(institutionID: published.institutionID, others: ["rating_id": published.id]),
            data: published
        )
        return published
    }

    /// A blacklist listing suspends the institution's current rating.
    public func suspendCurrent(_ transaction: TenantTransaction, institutionID: UUID, at now: Date, actor: AuditActor) async throws {
        guard var rating = try await self.current(transaction, institutionID: institutionID), rating.state == .published else { return }
        let before = rating
        rating.state = .suspended
        rating.suspendedAt = now
        rating.updatedAt = now
        rating.version += 1
        try await self.write(transaction, rating, insert: false)
        try await self.audit(transaction, "rating.suspended", before: before, after: rating, actor: actor)
    }

    /// Expires published ratings whose validity ended by `now`; returns how many.
    public func expire(_ transaction: TenantTransaction, at now: Date) async throws -> Int {
        let rows = try await transaction.query(
            """
            SELECT doc::text FROM ratings WHERE tenant_id = \(transaction.tenantID) AND state = 'published'
              AND valid_until <= \(now) FOR UPDATE SKIP LOCKED
            """
        )
        for row in rows {
            var rating = try row.document(Rating.self, 0)
            let before = rating
            rating.state = .expired
            rating.updatedAt = now
            rating.version += 1
            try await self.write(transaction, rating, insert: false)
            try await self.audit(transaction, "rating.expired", before: before, after: rating, actor: .system("ratings.expire"))
            try await EventOutbox.emit(
                transaction,
                type: "rating.expired",
                subjects: EventSubjects(institutionID: rating.institutionID, others: ["rating_id": rating.id]),
                data: rating
            )
        }
        return rows.count
    }

    func audit(_ transaction: TenantTransaction, _ action: String, before: Rating?, after: Rating, actor: AuditActor) async throws {
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: action,
            entityType: "rating",
            entityID: after.id,
            before: before,
            after: after
        )
    }
}
