import Domain
import Foundation
import Postgres

extension InspectionStore {
    /// Inserts many inspections of one checklist with their assignments in a handful of
    /// statements whatever the count (a draw of 10,000 targets); `by` is the token. A second run for the same draw and target is refused by the
    /// unique index on (draw, institution), so the caller's transaction fails as a whole.
    public func createMany(
        _ transaction: TenantTransaction,
        _ inspections: [Inspection],
        checklist: ChecklistVersion,
        by token: UUID?
    ) async throws {
        guard !inspections.isEmpty else { return }
        let batch = try JSONText(inspections)
        try await transaction.query(
            """
            INSERT INTO inspections (tenant_id, id, institution_id, template_id, template_version_id, standard, draw_id,
                scheduled_on, state, version, created_by, created_at, updated_at)
            SELECT \(transaction.tenantID), (e->>'id')::uuid, (e->>'institution_id')::uuid, \(checklist.templateID),
                \(checklist.id), \(checklist.standard), (e->>'draw_id')::uuid, (e->>'scheduled_on')::date, 'planned', 1,
                \(token), (e->>'created_at')::timestamptz, (e->>'updated_at')::timestamptz
            FROM jsonb_array_elements(\(batch)) AS e
            """
        )
        try await transaction.query(
            """
            INSERT INTO inspection_inspectors (tenant_id, inspection_id, inspector_id)
            SELECT \(transaction.tenantID), (e->>'id')::uuid, inspector::uuid
            FROM jsonb_array_elements(\(batch)) AS e, jsonb_array_elements_text(e->'inspector_ids') AS inspector
            """
        )
    }
}
