import Domain
import Foundation
import Postgres

/// What the public sees of a tenant (一公开): current ratings, current blacklist listings,
/// published inspection outcomes, and the indicators. Only what the law asks to
/// publish: no proposal, no withdrawn entry, nothing personal beyond the institution
/// and its legal representative's name.
public struct DisclosureStore: Sendable {
    public init() {}

    public typealias PublicRating = Domain.PublicRating

    public typealias PublicListing = Domain.PublicListing

    public typealias PublicInspection = Domain.PublicInspection

    public typealias Indicator = Domain.PublicIndicator

    public typealias Indicators = Domain.PublicIndicators

    /// `ILIKE` pattern for "the institution's name contains `text`", wildcards taken literally.
    static func namePattern(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return LikePattern.contains(text)
    }

    public func ratings(_ transaction: TenantTransaction, nameContains: String? = nil) async throws -> [PublicRating] {
        try await transaction.query(
            """
            SELECT r.institution_id, i.name, r.level, r.published_at, r.valid_until
            FROM ratings r JOIN institutions i ON i.tenant_id = r.tenant_id AND i.id = r.institution_id
            WHERE r.tenant_id = \(transaction.tenantID) AND r.state = 'published'
              AND (\(Self.namePattern(nameContains))::text IS NULL OR i.name ILIKE \(Self.namePattern(nameContains)))
            ORDER BY r.level DESC, i.name, r.institution_id
            """
        ).map {
            PublicRating(
                institutionID: try $0.decode(0, as: UUID.self),
                institution: try $0.decode(1, as: String.self),
                level: try $0.decode(2, as: Int.self),
                publishedAt: try $0.decode(3, as: Date.self),
                validUntil: try $0.decode(4, as: Date.self)
            )
        }
    }

    public func blacklist(_ transaction: TenantTransaction, nameContains: String? = nil) async throws -> [PublicListing] {
        try await transaction.query(
            """
            SELECT b.id, b.institution_id, i.name, i.legal_representative, b.reason, (b.doc->>'listed_at'), b.listed_until
            FROM blacklist_entries b JOIN institutions i ON i.tenant_id = b.tenant_id AND i.id = b.institution_id
            WHERE b.tenant_id = \(transaction.tenantID) AND b.state = 'listed'
              AND (\(Self.namePattern(nameContains))::text IS NULL OR i.name ILIKE \(Self.namePattern(nameContains)))
            ORDER BY b.id
            """
        ).map {
            let code = try $0.decode(4, as: String.self)
            return PublicListing(
                id: try $0.decode(0, as: UUID.self),
                institutionID: try $0.decode(1, as: UUID.self),
                institution: try $0.decode(2, as: String.self),
                legalRepresentative: try $0.decode(3, as: String.self),
                reasonCode: code,
                reason: BlacklistEntry.Reason(rawValue: code)?.text ?? code,
                listedAt: RFC3339Text.date(from: try $0.decode(5, as: String.self)) ?? Date(timeIntervalSince1970: 0),
                listedUntil: try $0.decode(6, as: Date.self)
            )
        }
    }

    /// Published outcomes by id (oldest first, for the cursor-paged JSON), or the newest
    /// first (the portal's home page), each dated by the day it was done
    /// (`inspection_done_on`), not the day it was scheduled for.
    public func inspections(
        _ transaction: TenantTransaction,
        nameContains: String? = nil,
        newestFirst: Bool = false,
        after: UUID?,
        limit: Int
    ) async throws -> Page<PublicInspection> {
        var query: SQLQuery = """
            SELECT x.id, x.institution_id, i.name, coalesce(inspection_done_on(x.tenant_id, x.id, x.reviewed_at), x.scheduled_on)::text,
                coalesce(x.compliant, false),
                coalesce(jsonb_array_length(x.evaluation->'failed_codes'), 0)
            FROM inspections x JOIN institutions i ON i.tenant_id = x.tenant_id AND i.id = x.institution_id
            WHERE x.tenant_id = \(transaction.tenantID) AND x.state = 'published'
              AND (\(Self.namePattern(nameContains))::text IS NULL OR i.name ILIKE \(Self.namePattern(nameContains)))
            """
        if let after { query.append(newestFirst ? " AND x.id < \(after)" : " AND x.id > \(after)") }
        query.append(newestFirst ? " ORDER BY x.id DESC" : " ORDER BY x.id")
        query.append(" LIMIT \(limit + 1)")
        let rows = try await transaction.query(query)
        let items = try rows.map {
            PublicInspection(
                id: try $0.decode(0, as: UUID.self),
                institutionID: try $0.decode(1, as: UUID.self),
                institution: try $0.decode(2, as: String.self),
                date: try $0.decode(3, as: String.self),
                compliant: try $0.decode(4, as: Bool.self),
                failedItems: try $0.decode(5, as: Int.self)
            )
        }
        return Page(overfetched: items, limit: limit, id: \.id)
    }

    /// Star-rated share (target ≥ 80 %), nursing-bed share (≥ 55 %), and the GB 38600
    /// compliance rate (100 %), over operating institutions.
    /// The published indicators, given the GB 38600 counts (`IndicatorStore.complianceCounts`).
    public func indicators(_ transaction: TenantTransaction, compliance: (compliant: Int, operating: Int)) async throws -> Indicators {
        let row = try await transaction.query(
            """
            SELECT count(*),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ratings r WHERE r.tenant_id = i.tenant_id
                    AND r.institution_id = i.id AND r.state = 'published')),
                coalesce(sum(nursing_beds), 0)::int8, coalesce(sum(beds), 0)::int8
            FROM institutions i WHERE i.tenant_id = \(transaction.tenantID) AND i.status = 'operating'
            """
        )[0]
        let active = try row.decode(0, as: Int.self)
        let rated = try row.decode(1, as: Int.self)
        let nursing = try row.decode(2, as: Int.self)
        let beds = try row.decode(3, as: Int.self)
        func share(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }
        return Indicators(
            starRatedShare: Indicator(value: share(rated, active), target: 0.8, numerator: rated, denominator: active),
            nursingBedShare: Indicator(value: share(nursing, beds), target: 0.55, numerator: nursing, denominator: beds),
            complianceRate: Indicator(
                value: share(compliance.compliant, compliance.operating),
                target: 1,
                numerator: compliance.compliant,
                denominator: compliance.operating
            )
        )
    }
}
