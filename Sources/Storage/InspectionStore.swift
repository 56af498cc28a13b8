import Domain
import Foundation
import Postgres

/// Inspections, their results, workflow steps and findings. Each mutation audits and
/// emits its event in the caller's transaction.
public struct InspectionStore: Sendable {
    public init() {}

    static let tableColumns = ColumnList(
        "i.id",
        "i.institution_id",
        "i.template_id",
        "i.template_version_id",
        "i.draw_id",
        "i.case_id",
        "i.scheduled_on::text AS scheduled_on",
        "i.state",
        "i.evaluation",
        "i.return_reason",
        "i.version",
        "i.created_at",
        "i.updated_at"
    )

    /// `tableColumns` (of `inspections i`), then the inspectors and the institution and
    /// inspector summaries, each a correlated subquery.
    static func columns(_ tenantID: UUID) -> SQLQuery {
        """
        \(Self.tableColumns.sql),
        ARRAY(SELECT inspector_id FROM inspection_inspectors x
              WHERE x.tenant_id = \(tenantID) AND x.inspection_id = i.id ORDER BY inspector_id) AS inspector_ids,
        (SELECT json_build_object('id', a.id, 'name', a.name, 'district', a.district, 'address', a.address,
                'contact_phone', a.contact_phone)
         FROM institutions a WHERE a.tenant_id = \(tenantID) AND a.id = i.institution_id) AS institution,
        (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.id), '[]'::json)
         FROM inspection_inspectors x JOIN inspectors p ON p.tenant_id = x.tenant_id AND p.id = x.inspector_id
         WHERE x.tenant_id = \(tenantID) AND x.inspection_id = i.id) AS inspectors
        """
    }

    /// Inserts the inspection and its assignments; `by` is the scheduling token.
    public func create(
        _ transaction: TenantTransaction,
        _ inspection: Inspection,
        standard: String?,
        by token: UUID?
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO inspections (tenant_id, id, institution_id, template_id, template_version_id, standard, draw_id,
                case_id, scheduled_on, state, version, created_by, created_at, updated_at)
            VALUES (\(transaction.tenantID), \(inspection.id), \(inspection.institutionID), \(inspection.templateID),
                \(inspection.templateVersionID), \(standard), \(inspection.drawID), \(inspection.caseID), \(inspection.scheduledOn)::date,
                \(inspection.state.rawValue), 1, \(token), \(inspection.createdAt), \(inspection.updatedAt))
            """
        )
        try await transaction.query(
            """
            INSERT INTO inspection_inspectors (tenant_id, inspection_id, inspector_id)
            SELECT \(transaction.tenantID), \(inspection.id), unnest(\(inspection.inspectorIDs)::uuid[])
            """
        )
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Inspection? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE OF i" : ""
        let rows = try await transaction.query(
            """
            SELECT \(Self.columns(transaction.tenantID)) FROM inspections i
            WHERE i.tenant_id = \(transaction.tenantID) AND i.id = \(id)\(lock)
            """
        )
        guard var inspection = try rows.first.map(Self.decode) else { return nil }
        inspection.steps = try await self.steps(transaction, inspectionID: id)
        return inspection
    }

    public func list(
        _ transaction: TenantTransaction,
        filter: InspectionFilter,
        after: UUID?,
        limit: Int
    ) async throws -> Page<Inspection> {
        var query: SQLQuery = """
            SELECT \(Self.columns(transaction.tenantID)) FROM inspections i WHERE i.tenant_id = \(transaction.tenantID)
            """
        if let id = filter.institutionID { query.append(" AND i.institution_id = \(id)") }
        if let id = filter.drawID { query.append(" AND i.draw_id = \(id)") }
        if let state = filter.state { query.append(" AND i.state = \(state.rawValue)") }
        if let id = filter.inspectorID {
            query.append(
                """
                 AND EXISTS (SELECT 1 FROM inspection_inspectors x
                             WHERE x.tenant_id = \(transaction.tenantID) AND x.inspection_id = i.id AND x.inspector_id = \(id))
                """
            )
        }
        if let after { query.append(" AND i.id > \(after)") }
        query.append(" ORDER BY i.id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    public func steps(_ transaction: TenantTransaction, inspectionID: UUID) async throws -> [Inspection.Step] {
        try await transaction.query(
            """
            SELECT action, from_state, to_state, reason, actor_role, actor_subject_id, at FROM inspection_steps
            WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID) ORDER BY id
            """
        ).map { row in
            Inspection.Step(
                action: InspectionAction(rawValue: try row.decode(0, as: String.self)) ?? .start,
                from: InspectionState(rawValue: try row.decode(1, as: String.self)) ?? .planned,
                to: InspectionState(rawValue: try row.decode(2, as: String.self)) ?? .planned,
                reason: try row.decode(3, as: String?.self),
                actorRole: try row.decode(4, as: String.self),
                actorSubjectID: try row.decode(5, as: UUID?.self),
                at: try row.decode(6, as: Date.self)
            )
        }
    }

    public func results(_ transaction: TenantTransaction, inspectionID: UUID) async throws -> [ItemResult] {
        let rows = try await transaction.query(
            """
            SELECT coalesce(jsonb_agg(jsonb_build_object('item_code', item_code, 'result', result, 'note', note,
                'attachments', attachments, 'finding', finding) ORDER BY item_code), '[]')
            FROM inspection_results WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID)
            """
        )
        return try rows.first?.decode(0, as: JSONB<[ItemResult]>.self).value ?? []
    }

    /// Records (or replaces) results of items. The caller has checked them against the
    /// checklist; `by` is the recording inspector.
    public func recordResults(
        _ transaction: TenantTransaction,
        inspection: Inspection,
        _ results: [ItemResult],
        by inspector: UUID?
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO inspection_results (tenant_id, inspection_id, item_code, result, note, attachments, finding,
                recorded_by, recorded_at)
            SELECT \(transaction.tenantID), \(inspection.id), r->>'item_code', r->>'result', r->>'note', r->'attachments',
                nullif(r->'finding', 'null'::jsonb), \(inspector), now()
            FROM jsonb_array_elements(\(try JSONText(results))) AS r
            ON CONFLICT (tenant_id, inspection_id, item_code) DO UPDATE SET result = EXCLUDED.result,
                note = EXCLUDED.note, attachments = EXCLUDED.attachments, finding = EXCLUDED.finding,
                recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
            """
        )
    }

    /// Moves the inspection by one step of its workflow with its history row (who took
    /// it: `by`). `evaluation` is written on submission.
    public func apply(
        _ transaction: TenantTransaction,
        _ action: InspectionAction,
        to current: Inspection,
        next: Inspection,
        by actor: AuditActor
    ) async throws {
        let rows = try await transaction.query(
            """
            UPDATE inspections SET state = \(next.state.rawValue), evaluation = \(try JSONText(next.evaluation)),
                compliant = \(next.evaluation?.compliant), return_reason = \(next.returnReason),
                reviewed_at = CASE WHEN \(next.state.rawValue) IN ('reviewed', 'published')
                                   THEN coalesce(reviewed_at, now()) ELSE NULL END,
                version = \(next.version), updated_at = \(next.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(current.id) AND version = \(current.version)
            RETURNING id
            """
        )
        guard !rows.isEmpty else { throw DomainError.stale(currentVersion: current.version) }
        try await transaction.query(
            """
            INSERT INTO inspection_steps (tenant_id, id, inspection_id, action, from_state, to_state, reason, actor_role,
                actor_token_id, actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(current.id), \(action.rawValue), \(current.state.rawValue),
                \(next.state.rawValue), \(next.returnReason), \(actor.role), \(actor.tokenID), \(actor.subjectID),
                \(next.updatedAt))
            """
        )
    }

    /// The findings of failed items, with the item's hazard category and fire flag: the
    /// campaign work turns those without a hazard into hazards.
    public func recordFindings(_ transaction: TenantTransaction, inspection: Inspection, checklist: ChecklistVersion) async throws {
        struct Row: Encodable {
            var id: UUID
            var itemCode: String
            var description: String
            var major: Bool
            var fireRelated: Bool
            var hazardCategory: String?
            enum CodingKeys: String, CodingKey {
                case id, description, major
                case itemCode = "item_code"
                case fireRelated = "fire_related"
                case hazardCategory = "hazard_category"
            }
        }
        let rows = try await self.results(transaction, inspectionID: inspection.id).compactMap { result -> Row? in
            guard result.result == .fail, let finding = result.finding else { return nil }
            let item = checklist.item(result.itemCode)
            return Row(
                id: UUIDv7.make(),
                itemCode: result.itemCode,
                description: finding.description,
                major: finding.major,
                fireRelated: item?.fireRelated ?? false,
                hazardCategory: item?.hazardCategory?.rawValue
            )
        }
        guard !rows.isEmpty else { return }
        try await transaction.query(
            """
            INSERT INTO inspection_findings (tenant_id, id, inspection_id, institution_id, item_code, description, major,
                fire_related, hazard_category)
            SELECT \(transaction.tenantID), (f->>'id')::uuid, \(inspection.id), \(inspection.institutionID),
                f->>'item_code', f->>'description', (f->>'major')::boolean, (f->>'fire_related')::boolean,
                f->>'hazard_category'
            FROM jsonb_array_elements(\(try JSONText(rows))) AS f
            ON CONFLICT (tenant_id, inspection_id, item_code) DO NOTHING
            """
        )
    }

    /// Findings of an inspection, in item order.
    /// Whether the inspector has an inspection of the institution, in any state.
    public func isAssigned(_ transaction: TenantTransaction, inspectorID: UUID, institutionID: UUID) async throws -> Bool {
        try await !transaction.query(
            """
            SELECT 1 FROM inspection_inspectors x JOIN inspections i ON i.tenant_id = x.tenant_id AND i.id = x.inspection_id
            WHERE x.tenant_id = \(transaction.tenantID) AND x.inspector_id = \(inspectorID) AND i.institution_id = \(institutionID)
            LIMIT 1
            """
        ).isEmpty
    }

    /// Marks a finding as turned into this hazard.
    public func link(_ transaction: TenantTransaction, findingID: UUID, hazardID: UUID) async throws {
        try await transaction.query(
            "UPDATE inspection_findings SET hazard_id = \(hazardID) WHERE tenant_id = \(transaction.tenantID) AND id = \(findingID)"
        )
    }

    public func findings(_ transaction: TenantTransaction, inspectionID: UUID) async throws -> [InspectionFinding] {
        try await transaction.query(
            """
            SELECT id, item_code, description, major, fire_related, hazard_category, hazard_id FROM inspection_findings
            WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID) ORDER BY item_code
            """
        ).map { row in
            InspectionFinding(
                id: try row.decode(0, as: UUID.self),
                itemCode: try row.decode(1, as: String.self),
                description: try row.decode(2, as: String.self),
                major: try row.decode(3, as: Bool.self),
                fireRelated: try row.decode(4, as: Bool.self),
                hazardCategory: try row.decode(5, as: String?.self),
                hazardID: try row.decode(6, as: UUID?.self)
            )
        }
    }

    static func decode(_ row: SQLRow) throws -> Inspection {
        var inspection = Inspection(
            id: try row.decode("id"),
            institutionID: try row.decode("institution_id"),
            templateID: try row.decode("template_id"),
            templateVersionID: try row.decode("template_version_id"),
            drawID: try row.decode("draw_id"),
            scheduledOn: try row.decode("scheduled_on"),
            state: InspectionState(rawValue: try row.decode("state")) ?? .planned,
            inspectorIDs: try row.decode("inspector_ids"),
            evaluation: try row.decode("evaluation", as: JSONB<Inspection.Evaluation>?.self)?.value,
            returnReason: try row.decode("return_reason"),
            version: try row.decode("version"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
        inspection.caseID = try row.decode("case_id")
        inspection.institution = try row.decode("institution", as: JSONB<InstitutionSummary>?.self)?.value
        inspection.inspectors = try row.decode("inspectors", as: JSONB<[InspectorSummary]>.self).value
        return inspection
    }
}
