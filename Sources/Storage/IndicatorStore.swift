import Domain
import Foundation
import Postgres

/// The figures a regulator watches, computed from the tenant's records.
public struct IndicatorStore: Sendable {
    public init() {}

    /// Every operating institution with its latest reviewed inspection against `standard`.
    public func compliance(_ transaction: TenantTransaction, standard: String) async throws -> ComplianceIndicator {
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
        let checklists = ChecklistStore()
        var versions: [UUID: ChecklistVersion] = [:]
        var standings: [ComplianceIndicator.Standing] = []
        for row in rows {
            var failedItems: [ComplianceIndicator.FailedItem] = []
            let compliant = try row.decode(Bool?.self, 4)
            if compliant == false, let versionID = try row.decode(UUID?.self, 5) {
                if versions[versionID] == nil { versions[versionID] = try await checklists.findVersion(transaction, id: versionID) }
                let checklist = versions[versionID]
                failedItems = try row.decode(PostgresJSON<[String]>.self, 6).value.map { code in
                    let item = checklist?.item(code)
                    return .init(code: code, text: item?.text ?? "", mandatory: item?.mandatory ?? false)
                }
            }
            standings.append(
                ComplianceIndicator.Standing(
                    institutionID: try row.decode(UUID.self, 0),
                    name: try row.decode(String.self, 1),
                    district: try row.decode(String.self, 2),
                    inspectionID: try row.decode(UUID?.self, 3),
                    compliant: compliant,
                    failedItems: failedItems
                )
            )
        }
        return ComplianceIndicator(standard: standard, standings: standings)
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
        return (try row.decode(Int.self, 0), try row.decode(Int.self, 1))
    }
}
