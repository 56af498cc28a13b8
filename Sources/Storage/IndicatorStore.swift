import Domain
import Foundation
import Postgres

/// The figures a regulator watches, computed from the tenant's records.
public struct IndicatorStore: Sendable {
    public init() {}

    /// An operating institution's standing with the failed item codes of its latest
    /// reviewed inspection and the checklist version they are codes of.
    public struct StandingRow: Sendable {
        public var standing: ComplianceIndicator.Standing
        public var checklistVersionID: UUID?
        public var failedCodes: [String]
    }

    /// Every operating institution with its latest reviewed inspection against `standard`
    /// (failed items named by code only).
    public func standings(_ transaction: TenantTransaction, standard: String) async throws -> [StandingRow] {
        let rows = try await transaction.query(
            """
            WITH latest AS (
                SELECT DISTINCT ON (institution_id) institution_id, id, compliant, template_version_id,
                    coalesce(evaluation->'failed_codes', '[]') AS failed
                FROM inspections
                WHERE tenant_id = \(transaction.tenantID) AND state IN ('reviewed', 'published') AND standard = \(standard)
                ORDER BY institution_id, reviewed_at DESC, id DESC
            )
            SELECT a.id, a.name, a.district, l.id, l.compliant, l.template_version_id, coalesce(l.failed, '[]')
            FROM institutions a LEFT JOIN latest l ON l.institution_id = a.id
            WHERE a.tenant_id = \(transaction.tenantID) AND a.status = 'operating'
            ORDER BY a.id
            """
        )
        return try rows.map { row in
            let compliant = try row.decode(4, as: Bool?.self)
            return StandingRow(
                standing: ComplianceIndicator.Standing(
                    institutionID: try row.decode(0, as: UUID.self),
                    name: try row.decode(1, as: String.self),
                    district: try row.decode(2, as: String.self),
                    inspectionID: try row.decode(3, as: UUID?.self),
                    compliant: compliant,
                    failedItems: []
                ),
                checklistVersionID: compliant == false ? try row.decode(5, as: UUID?.self) : nil,
                failedCodes: compliant == false ? try row.decode(6, as: JSONB<[String]>.self).value : []
            )
        }
    }

    /// The counts of `compliance` alone (operating institutions, and those whose latest
    /// reviewed inspection was compliant), in one query: what the indicators and the
    /// dashboard need, without loading every standing and its failed items.
    public func complianceCounts(_ transaction: TenantTransaction, standard: String) async throws -> (compliant: Int, operating: Int) {
        let row = try await transaction.query(
            """
            WITH latest AS (
                SELECT DISTINCT ON (institution_id) institution_id, compliant
                FROM inspections
                WHERE tenant_id = \(transaction.tenantID) AND state IN ('reviewed', 'published') AND standard = \(standard)
                ORDER BY institution_id, reviewed_at DESC, id DESC
            )
            SELECT count(*) FILTER (WHERE l.compliant), count(*)
            FROM institutions a LEFT JOIN latest l ON l.institution_id = a.id
            WHERE a.tenant_id = \(transaction.tenantID) AND a.status = 'operating'
            """
        )[0]
        return (try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
    }
}
