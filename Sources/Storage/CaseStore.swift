import Domain
import Foundation
import Postgres

/// Cases: their numbers, documents, timelines and links.
public struct CaseStore: Sendable {
    public init() {}

    /// The next number of `year` for this tenant, taken in the caller's transaction (a
    /// rollback gives it back; concurrent intakes wait on the counter row).
    public func nextSequence(_ transaction: TenantTransaction, year: Int) async throws -> Int {
        try await transaction.query(
            """
            INSERT INTO case_counters (tenant_id, year, last) VALUES (\(transaction.tenantID), \(year), 1)
            ON CONFLICT (tenant_id, year) DO UPDATE SET last = case_counters.last + 1
            RETURNING last
            """
        ).first?.decode(0, as: Int.self) ?? 1
    }

    public func create(_ transaction: TenantTransaction, _ record: Case) async throws {
        var stored = record
        stored.institution = nil
        try await transaction.query(
            """
            INSERT INTO cases (tenant_id, id, number, institution_id, state, result, deadline, merged_into, concluded_at, doc,
                created_at, updated_at)
            VALUES (\(transaction.tenantID), \(record.id), \(record.number), \(record.institutionID), \(record.state.rawValue),
                \(record.result?.rawValue), \(record.currentDeadline)::date, \(record.mergedInto), \(record.concludedAt),
                \(try JSONText(stored)), \(record.receivedAt), \(record.updatedAt))
            """
        )
    }

    /// Writes a step the domain rules took, with its timeline row.
    public func record(
        _ transaction: TenantTransaction,
        _ action: String,
        from current: Case,
        to next: Case,
        text: String?,
        by actor: AuditActor
    ) async throws {
        try await self.update(transaction, next)
        try await self.addStep(transaction, caseID: next.id, action, from: current.state, to: next.state, text: text, by: actor, at: next.updatedAt)
    }

    /// A row of the timeline alone (the receipt, which has no state before it).
    public func addStep(
        _ transaction: TenantTransaction,
        caseID: UUID,
        _ action: String,
        from: Case.State,
        to: Case.State,
        text: String?,
        by actor: AuditActor,
        at: Date
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO case_steps (tenant_id, id, case_id, action, from_state, to_state, text, actor_role, actor_token_id,
                actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(caseID), \(action), \(from.rawValue),
                \(to.rawValue), \(text), \(actor.role), \(actor.tokenID), \(actor.subjectID), \(at))
            """
        )
    }

    /// Cases merged into `from` follow it into `to`, so a merge never leaves a chain.
    public func repointMerged(_ transaction: TenantTransaction, from: UUID, to: UUID) async throws {
        try await transaction.query(
            """
            UPDATE cases SET merged_into = \(to), doc = jsonb_set(doc, '{merged_into}', to_jsonb(\(to.lowercasedString)::text))
            WHERE tenant_id = \(transaction.tenantID) AND merged_into = \(from)
            """
        )
    }

    /// Writes the document (the daily job's flags; a step through `record`).
    public func update(_ transaction: TenantTransaction, _ record: Case) async throws {
        var stored = record
        stored.institution = nil
        try await transaction.query(
            """
            UPDATE cases SET state = \(record.state.rawValue), result = \(record.result?.rawValue),
                deadline = \(record.currentDeadline)::date, merged_into = \(record.mergedInto),
                concluded_at = \(record.concludedAt), institution_id = \(record.institutionID),
                doc = \(try JSONText(stored)), updated_at = \(record.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(record.id)
            """
        )
    }

    /// The case; with `forUpdate`, locked until the transaction ends. Two merges of the same
    /// pair in opposite directions lock in opposite orders: PostgreSQL refuses one (a
    /// deadlock), which is a 409 to try again, and the other stands.
    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Case? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE OF c" : ""
        do {
            let rows = try await transaction.query(
                "SELECT \(Self.withInstitution) FROM cases c WHERE c.tenant_id = \(transaction.tenantID) AND c.id = \(id)\(lock)"
            )
            return try rows.first.map(Self.decode)
        } catch let error as LibpqError where error.kind == .deadlockDetected {
            throw DomainError.conflict("another change to these cases ran at the same moment; try again")
        }
    }

    public func list(_ transaction: TenantTransaction, filter: CaseFilter, after: UUID?, limit: Int) async throws -> Page<Case> {
        var query: SQLQuery = "SELECT \(Self.withInstitution) FROM cases c WHERE c.tenant_id = \(transaction.tenantID)"
        if let id = filter.institutionID { query.append(" AND c.institution_id = \(id)") }
        if let state = filter.state { query.append(" AND c.state = \(state.rawValue)") }
        if let overdue = filter.overdue { query.append(" AND (c.doc->>'overdue')::boolean = \(overdue)") }
        if let inspector = filter.inspectorID {
            query.append(
                """
                 AND c.id IN (SELECT l.case_id FROM case_links l JOIN inspection_inspectors x
                    ON x.tenant_id = l.tenant_id AND x.inspection_id = l.target_id
                    WHERE l.tenant_id = \(transaction.tenantID) AND l.kind = 'inspection' AND x.inspector_id = \(inspector))
                """
            )
        }
        if let after { query.append(" AND c.id > \(after)") }
        query.append(" ORDER BY c.id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// The case's timeline, oldest first.
    public func steps(_ transaction: TenantTransaction, caseID: UUID) async throws -> [CaseStep] {
        try await transaction.query(
            """
            SELECT \(CaseStep.columns) FROM case_steps
            WHERE tenant_id = \(transaction.tenantID) AND case_id = \(caseID) ORDER BY id
            """
        ).map { try CaseStep.decode($0, unknown: .received) }
    }

    /// Links the case to an inspection or a hazard; false when it already was.
    @discardableResult
    public func link(_ transaction: TenantTransaction, caseID: UUID, _ link: CaseLink) async throws -> Bool {
        !(try await transaction.query(
            """
            INSERT INTO case_links (tenant_id, case_id, kind, target_id, relation, created_at)
            VALUES (\(transaction.tenantID), \(caseID), \(link.kind.rawValue), \(link.targetID), \(link.relation.rawValue),
                \(link.createdAt))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty)
    }

    public func links(_ transaction: TenantTransaction, caseID: UUID) async throws -> [CaseLink] {
        try await transaction.query(
            """
            SELECT kind, target_id, relation, created_at FROM case_links
            WHERE tenant_id = \(transaction.tenantID) AND case_id = \(caseID) ORDER BY created_at, target_id
            """
        ).map { row in
            CaseLink(
                kind: CaseLink.Kind(rawValue: try row.decode("kind")) ?? .inspection,
                targetID: try row.decode("target_id"),
                relation: CaseLink.Relation(rawValue: try row.decode("relation")) ?? .attached,
                createdAt: try row.decode("created_at")
            )
        }
    }

    /// The inspectors of the inspections linked to a case (who may read it).
    public func linkedInspectors(_ transaction: TenantTransaction, caseID: UUID) async throws -> Set<UUID> {
        Set(
            try await transaction.query(
                """
                SELECT x.inspector_id FROM case_links l JOIN inspection_inspectors x
                    ON x.tenant_id = l.tenant_id AND x.inspection_id = l.target_id
                WHERE l.tenant_id = \(transaction.tenantID) AND l.case_id = \(caseID) AND l.kind = 'inspection'
                """
            ).map { try $0.decode(0, as: UUID.self) }
        )
    }

    /// The open cases whose current deadline is on or before `through`, locked for the
    /// daily deadline work (skipping those another worker holds).
    public func dueForDeadlines(_ transaction: TenantTransaction, through: String) async throws -> [Case] {
        try await transaction.query(
            """
            SELECT \(Self.withInstitution) FROM cases c
            WHERE c.tenant_id = \(transaction.tenantID) AND c.state IN ('received', 'accepted', 'investigating')
              AND c.deadline <= \(through)::date
            ORDER BY c.id FOR UPDATE OF c SKIP LOCKED
            """
        ).map(Self.decode)
    }

    /// Cases concluded per month (`YYYY-MM` of the tenant's zone) and district, with how
    /// many of them on time: concluded on or before `conclude_by` in the tenant's zone, the
    /// rule of `Case.concludedOnTime` counted in SQL (the API test checks they agree).
    public func concludedByMonth(
        _ transaction: TenantTransaction,
        timeZone: String
    ) async throws -> [(month: String, district: String?, concluded: Int, onTime: Int)] {
        try await transaction.query(
            """
            SELECT to_char(c.concluded_at AT TIME ZONE \(timeZone), 'YYYY-MM'), i.district, count(*)::int,
                count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE \(timeZone))::date <= (c.doc->>'conclude_by')::date)::int
            FROM cases c LEFT JOIN institutions i ON i.tenant_id = c.tenant_id AND i.id = c.institution_id
            WHERE c.tenant_id = \(transaction.tenantID) AND c.state = 'concluded'
            GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST
            """
        ).map { row in
            (try row.decode(0), try row.decode(1), try row.decode(2), try row.decode(3))
        }
    }

    static let withInstitution: SQLQuery = """
        c.doc::text, (SELECT json_build_object('id', a.id, 'name', a.name, 'district', a.district, 'address', a.address,
            'contact_phone', a.contact_phone) FROM institutions a WHERE a.tenant_id = c.tenant_id AND a.id = c.institution_id)
        """

    static func decode(_ row: SQLRow) throws -> Case {
        var record = try row.document(Case.self, 0)
        record.institution = try row.decode(1, as: JSONB<InstitutionSummary>?.self)?.value
        return record
    }
}
