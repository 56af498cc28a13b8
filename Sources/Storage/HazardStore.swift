import Domain
import Foundation
import Postgres

/// The hazard register: reports, steps, extensions, and the daily deadline work.
public struct HazardStore: Sendable {
    public init() {}

    func write(_ transaction: TenantTransaction, _ hazard: Hazard, insert: Bool) async throws {
        // The institution's name is read with the hazard, never kept in its document.
        var hazard = hazard
        hazard.institution = nil
        if insert {
            try await transaction.query(
                """
                INSERT INTO hazards (tenant_id, id, institution_id, campaign_id, finding_id, state, deadline, major, doc,
                    created_at, updated_at)
                VALUES (\(transaction.tenantID), \(hazard.id), \(hazard.institutionID), \(hazard.campaignID), \(hazard.findingID),
                    \(hazard.state.rawValue), \(hazard.deadline)::date, \(hazard.major), \(try JSONText(hazard)),
                    \(hazard.reportedAt), \(hazard.updatedAt))
                """
            )
        } else {
            try await transaction.query(
                """
                UPDATE hazards SET state = \(hazard.state.rawValue), deadline = \(hazard.deadline)::date,
                    doc = \(try JSONText(hazard)), updated_at = \(hazard.updatedAt)
                WHERE tenant_id = \(transaction.tenantID) AND id = \(hazard.id)
                """
            )
        }
    }

    /// The campaign a new hazard of the institution belongs to: the latest one it is
    /// enrolled in whose period includes `today`.
    public func activeCampaign(_ transaction: TenantTransaction, institutionID: UUID, today: String) async throws -> UUID? {
        try await transaction.query(
            """
            SELECT c.id FROM campaigns c
            JOIN campaign_institutions e ON e.tenant_id = c.tenant_id AND e.campaign_id = c.id
            WHERE c.tenant_id = \(transaction.tenantID) AND e.institution_id = \(institutionID)
              AND c.starts_on <= \(today)::date AND c.ends_on >= \(today)::date
            ORDER BY c.starts_on DESC, c.id DESC LIMIT 1
            """
        ).first?.decode(0, as: UUID.self)
    }

    public func report(_ transaction: TenantTransaction, _ hazard: Hazard) async throws {
        try await self.write(transaction, hazard, insert: true)
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Hazard? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE OF h" : ""
        let rows = try await transaction.query(
            "SELECT \(Self.withInstitution(transaction)) FROM hazards h WHERE h.tenant_id = \(transaction.tenantID) AND h.id = \(id)\(lock)"
        )
        return try rows.first.map(Self.decode)
    }

    public func list(_ transaction: TenantTransaction, filter: HazardFilter, after: UUID?, limit: Int) async throws -> Page<Hazard> {
        var query: SQLQuery = "SELECT \(Self.withInstitution(transaction)) FROM hazards h WHERE h.tenant_id = \(transaction.tenantID)"
        if let id = filter.institutionID { query.append(" AND institution_id = \(id)") }
        if let id = filter.campaignID { query.append(" AND campaign_id = \(id)") }
        if let state = filter.state { query.append(" AND state = \(state.rawValue)") }
        if let overdue = filter.overdue { query.append(" AND (doc->>'overdue')::boolean = \(overdue)") }
        if let inspector = filter.foundByInspector {
            query.append(
                """
                 AND (doc->>'inspection_id')::uuid IN (SELECT inspection_id FROM inspection_inspectors
                    WHERE tenant_id = \(transaction.tenantID) AND inspector_id = \(inspector))
                """
            )
        }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// Writes a step taken by the domain rules, with its history row (who took it: `by`).
    public func record(
        _ transaction: TenantTransaction,
        _ action: String,
        from current: Hazard,
        to next: Hazard,
        text: String?,
        by actor: AuditActor
    )
        async throws
    {
        try await self.write(transaction, next, insert: false)
        try await transaction.query(
            """
            INSERT INTO hazard_steps (tenant_id, id, hazard_id, action, from_state, to_state, text, actor_role, actor_token_id,
                actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(next.id), \(action), \(current.state.rawValue),
                \(next.state.rawValue), \(text), \(actor.role), \(actor.tokenID), \(actor.subjectID), \(next.updatedAt))
            """
        )
    }

    /// The hazard's steps, oldest first.
    public func steps(_ transaction: TenantTransaction, hazardID: UUID) async throws -> [HazardStep] {
        try await transaction.query(
            """
            SELECT \(HazardStep.columns) FROM hazard_steps
            WHERE tenant_id = \(transaction.tenantID) AND hazard_id = \(hazardID) ORDER BY id
            """
        ).map { try HazardStep.decode($0, unknown: .open) }
    }

    /// The document and its institution's summary.
    static func withInstitution(_ transaction: TenantTransaction) -> SQLQuery {
        """
        h.doc::text, (SELECT json_build_object('id', a.id, 'name', a.name, 'district', a.district, 'address', a.address,
            'contact_phone', a.contact_phone) FROM institutions a WHERE a.tenant_id = h.tenant_id AND a.id = h.institution_id)
        """
    }

    static func decode(_ row: SQLRow) throws -> Hazard {
        var hazard = try row.document(Hazard.self, 0)
        hazard.institution = try row.decode(1, as: JSONB<InstitutionSummary>?.self)?.value
        return hazard
    }

    /// The unsettled hazards whose deadline is at most `reminderDays` after `today`,
    /// locked for the daily deadline work (skipping those another worker holds).
    public func dueForDeadlines(_ transaction: TenantTransaction, today: String, reminderDays: Int) async throws -> [Hazard] {
        try await transaction.query(
            """
            SELECT doc::text FROM hazards
            WHERE tenant_id = \(transaction.tenantID) AND state NOT IN ('verified', 'closed')
              AND deadline <= (\(today)::date + \(reminderDays)::int)
            ORDER BY id FOR UPDATE SKIP LOCKED
            """
        ).map { try $0.document(Hazard.self, 0) }
    }
}

extension HazardStore {
    /// The national catalogue followed by the tenant's own entries.
    public func catalogue(_ transaction: TenantTransaction) async throws -> [HazardCatalogueEntry] {
        let own = try await transaction.query(
            "SELECT doc::text FROM hazard_catalogue WHERE tenant_id = \(transaction.tenantID) ORDER BY code"
        ).map { try $0.document(HazardCatalogueEntry.self, 0) }
        return HazardCatalogueEntry.national + own
    }

    /// Adds a tenant entry; codes of the national catalogue and existing ones are refused.
    public func addCatalogueEntry(_ transaction: TenantTransaction, _ entry: HazardCatalogueEntry) async throws {
        guard !HazardCatalogueEntry.national.contains(where: { $0.code == entry.code }) else {
            throw DomainError.conflict("\(entry.code) is a code of the national catalogue")
        }
        do {
            try await transaction.query(
                """
                INSERT INTO hazard_catalogue (tenant_id, code, doc) VALUES (\(transaction.tenantID), \(entry.code), \(try JSONText(entry)))
                """
            )
        } catch let error as LibpqError {
            throw error.domainError(conflict: "the catalogue already has \(entry.code)")
        }
    }
}
