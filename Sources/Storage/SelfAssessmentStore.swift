import Domain
import Foundation
import Postgres

/// Institutions' self-assessments, and the inspection a regulator compares them with.
public struct SelfAssessmentStore: Sendable {
    public init() {}

    static let columns = ColumnList(
        "id",
        "institution_id",
        "template_id",
        "template_version_id",
        "results",
        "evaluation",
        "submitted_at"
    )

    /// `submittedBy` is the submitting token.
    public func create(_ transaction: TenantTransaction, _ assessment: SelfAssessment, submittedBy: UUID?) async throws {
        try await transaction.query(
            """
            INSERT INTO self_assessments (tenant_id, id, institution_id, template_id, template_version_id, results,
                evaluation, submitted_by, submitted_at)
            VALUES (\(transaction.tenantID), \(assessment.id), \(assessment.institutionID), \(assessment.templateID),
                \(assessment.templateVersionID), \(try JSONText(assessment.results)), \(try JSONText(assessment.evaluation)),
                \(submittedBy), \(assessment.submittedAt))
            """
        )
    }

    public func find(_ transaction: TenantTransaction, id: UUID) async throws -> SelfAssessment? {
        let rows = try await transaction.query(
            "SELECT \(Self.columns.sql) FROM self_assessments WHERE tenant_id = \(transaction.tenantID) AND id = \(id)"
        )
        return try rows.first.map(Self.decode)
    }

    public func list(
        _ transaction: TenantTransaction,
        institutionID: UUID?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<
        SelfAssessment
    > {
        var query: SQLQuery = "SELECT \(Self.columns.sql) FROM self_assessments WHERE tenant_id = \(transaction.tenantID)"
        if let institutionID { query.append(" AND institution_id = \(institutionID)") }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// The id of the institution's most recently reviewed inspection of the template.
    public func latestReviewedInspectionID(
        _ transaction: TenantTransaction,
        institutionID: UUID,
        templateID: UUID
    ) async throws -> UUID? {
        let rows = try await transaction.query(
            """
            SELECT id FROM inspections
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID) AND template_id = \(templateID)
              AND state IN ('reviewed', 'published')
            ORDER BY reviewed_at DESC, id DESC LIMIT 1
            """
        )
        return try rows.first?.decode(0, as: UUID.self)
    }

    static func decode(_ row: SQLRow) throws -> SelfAssessment {
        SelfAssessment(
            id: try row.decode("id"),
            institutionID: try row.decode("institution_id"),
            templateID: try row.decode("template_id"),
            templateVersionID: try row.decode("template_version_id"),
            results: try row.decode("results", as: JSONB<[ItemResult]>.self).value,
            evaluation: try row.decode("evaluation", as: JSONB<Inspection.Evaluation>.self).value,
            submittedAt: try row.decode("submitted_at")
        )
    }
}
