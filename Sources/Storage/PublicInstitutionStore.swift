import Domain
import Foundation
import Postgres

/// The portal's directory of institutions and its page per institution: register data,
/// the current rating, listings, published inspections and the count of open major
/// hazards. Never a draft rating, a proposed or withdrawn entry, or an unpublished
/// inspection.
public struct PublicInstitutionStore: Sendable {
    public init() {}

    static let directoryColumns = ColumnList(
        "i.id",
        "i.name",
        "i.district",
        "i.address",
        "i.status",
        "i.beds",
        "i.contact_phone",
        "r.level AS rating_level"
    )

    static let registerColumns = ColumnList(
        "id",
        "name",
        "credit_code",
        "operator_type",
        "district",
        "address",
        "status",
        "beds",
        "nursing_beds",
        "contact_phone"
    )

    /// The filter as SQL conditions on `institutions i`, the listed statuses included.
    static func conditions(_ transaction: TenantTransaction, _ filter: PublicDirectoryFilter) -> SQLQuery {
        let pattern = filter.nameContains.flatMap { $0.isEmpty ? nil : LikePattern.contains($0) }
        let statuses = PublicDirectory.listedStatuses.map(\.rawValue)
        return """
            i.tenant_id = \(transaction.tenantID) AND i.status = ANY(\(statuses)::text[])
              AND (\(pattern)::text IS NULL OR i.name ILIKE \(pattern))
              AND (\(filter.district)::text IS NULL OR i.district = \(filter.district))
            """
    }

    /// How many listed institutions match `filter`.
    public func count(_ transaction: TenantTransaction, filter: PublicDirectoryFilter) async throws -> Int {
        let rows = try await transaction.query("SELECT count(*) FROM institutions i WHERE \(Self.conditions(transaction, filter))")
        return try rows[0].decode(0, as: Int.self)
    }

    /// The matching institutions in `range` of the whole list, by name in pinyin order
    /// (ICU's Chinese collation, as a Chinese reader expects; the id breaks ties).
    public func directory(
        _ transaction: TenantTransaction,
        filter: PublicDirectoryFilter,
        range: Range<Int>
    ) async throws -> [PublicDirectoryEntry] {
        guard !range.isEmpty else { return [] }
        return try await transaction.query(
            """
            SELECT \(Self.directoryColumns.sql)
            FROM institutions i LEFT JOIN ratings r
              ON r.tenant_id = i.tenant_id AND r.institution_id = i.id AND r.state = 'published'
            WHERE \(Self.conditions(transaction, filter))
            ORDER BY i.name COLLATE "zh-Hans-x-icu", i.id LIMIT \(range.count) OFFSET \(range.lowerBound)
            """
        ).map {
            PublicDirectoryEntry(
                id: try $0.decode("id"),
                name: try $0.decode("name"),
                district: try $0.decode("district"),
                address: try $0.decode("address"),
                status: Institution.Status(rawValue: try $0.decode("status")) ?? .operating,
                beds: try $0.decode("beds"),
                contactPhone: try $0.decode("contact_phone"),
                ratingLevel: try $0.decode("rating_level")
            )
        }
    }

    /// The districts that have a listed institution, in order.
    public func districts(_ transaction: TenantTransaction) async throws -> [String] {
        try await transaction.query(
            """
            SELECT DISTINCT i.district FROM institutions i
            WHERE \(Self.conditions(transaction, PublicDirectoryFilter())) ORDER BY i.district
            """
        ).map { try $0.decode("district") }
    }

    /// One institution's register entry, whatever its status (a closed one keeps its page).
    public func register(_ transaction: TenantTransaction, id: UUID) async throws -> PublicRegisterEntry? {
        try await transaction.query(
            "SELECT \(Self.registerColumns.sql) FROM institutions WHERE tenant_id = \(transaction.tenantID) AND id = \(id)"
        ).first.map {
            PublicRegisterEntry(
                id: try $0.decode("id"),
                name: try $0.decode("name"),
                creditCode: try $0.decode("credit_code"),
                operatorType: Institution.OperatorType(rawValue: try $0.decode("operator_type")) ?? .private,
                district: try $0.decode("district"),
                address: try $0.decode("address"),
                status: Institution.Status(rawValue: try $0.decode("status")) ?? .operating,
                beds: try $0.decode("beds"),
                nursingBeds: try $0.decode("nursing_beds"),
                contactPhone: try $0.decode("contact_phone")
            )
        }
    }

    /// The institution's current (published) rating.
    public func rating(_ transaction: TenantTransaction, institution: PublicRegisterEntry) async throws -> PublicRating? {
        try await transaction.query(
            """
            SELECT level, published_at, valid_until FROM ratings
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institution.id) AND state = 'published'
            """
        ).first.map {
            PublicRating(
                institutionID: institution.id,
                institution: institution.name,
                level: try $0.decode("level"),
                publishedAt: try $0.decode("published_at"),
                validUntil: try $0.decode("valid_until")
            )
        }
    }

    /// The institution's entries in the `listed` state: published listings only.
    public func listings(_ transaction: TenantTransaction, institutionID: UUID) async throws -> [PublicInstitutionListing] {
        try await transaction.query(
            """
            SELECT reason, coalesce(doc->>'legal_basis', '') AS legal_basis, doc->>'listed_at' AS listed_at, listed_until
            FROM blacklist_entries
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID) AND state = 'listed'
            ORDER BY id
            """
        ).map {
            PublicInstitutionListing(
                reason: BlacklistEntry.Reason(rawValue: try $0.decode("reason")),
                legalBasis: try $0.decode("legal_basis"),
                listedAt: try $0.decode("listed_at", as: String?.self).flatMap(RFC3339Text.date(from:)),
                listedUntil: try $0.decode("listed_until")
            )
        }
    }

    /// The institution's published inspections, newest first, each dated by its last
    /// submission (when the inspectors handed in the results) in the tenant's time zone.
    public func inspections(_ transaction: TenantTransaction, institutionID: UUID, limit: Int) async throws -> [PublicInspectionRecord] {
        try await transaction.query(
            """
            SELECT x.id, coalesce(x.compliant, false) AS compliant,
                coalesce(jsonb_array_length(x.evaluation->'failed_codes'), 0) AS failed_items,
                coalesce(inspection_done_on(x.tenant_id, x.id, x.reviewed_at), x.scheduled_on)::text AS done_on
            FROM inspections x
            WHERE x.tenant_id = \(transaction.tenantID) AND x.institution_id = \(institutionID) AND x.state = 'published'
            ORDER BY done_on DESC NULLS LAST, x.id DESC LIMIT \(limit)
            """
        ).map {
            PublicInspectionRecord(
                id: try $0.decode("id"),
                doneOn: try $0.decode("done_on", as: String?.self) ?? "",
                compliant: try $0.decode("compliant"),
                failedItems: try $0.decode("failed_items")
            )
        }
    }

    /// Major hazards of the institution not yet verified as rectified, nor closed.
    public func openMajorHazards(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Int {
        try await transaction.query(
            """
            SELECT count(*) FROM hazards
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
              AND major AND state NOT IN ('verified', 'closed')
            """
        )[0].decode(0, as: Int.self)
    }

    /// Cases about it concluded as substantiated (wholly or partly) in the last 12 months.
    public func substantiatedComplaints(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Int {
        try await transaction.query(
            """
            SELECT count(*) FROM cases
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
              AND result IN ('substantiated', 'partly_substantiated') AND concluded_at > now() - interval '12 months'
            """
        )[0].decode(0, as: Int.self)
    }
}
