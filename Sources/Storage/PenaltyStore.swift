import Domain
import Foundation
import Postgres

public typealias PenaltyStep = RecordStep<PenaltyDecision.State>

/// Penalty decisions: the decided text, the notices each follows, steps, publication.
public struct PenaltyStore: Sendable {
    public init() {}

    public func create(_ transaction: TenantTransaction, _ decision: PenaltyDecision) async throws {
        try await transaction.query(
            """
            INSERT INTO penalty_decisions (tenant_id, id, institution_id, state, violation_kind, case_id, doc, created_at, updated_at)
            VALUES (\(transaction.tenantID), \(decision.id), \(decision.institutionID), \(decision.state.rawValue),
                \(decision.violationKind), \(decision.caseID), \(try JSONText(Self.stored(decision))), \(decision.createdAt),
                \(decision.updatedAt))
            """
        )
        for noticeID in decision.noticeIDs {
            try await transaction.query(
                "INSERT INTO penalty_notices (tenant_id, penalty_id, notice_id) VALUES (\(transaction.tenantID), \(decision.id), \(noticeID))"
            )
        }
    }

    /// Writes the decision; `canonical` only when decided (the trigger refuses it afterwards).
    public func update(_ transaction: TenantTransaction, _ decision: PenaltyDecision, canonical: String? = nil) async throws {
        try await transaction.query(
            """
            UPDATE penalty_decisions SET state = \(decision.state.rawValue), number = \(decision.number),
                canonical = coalesce(\(canonical), canonical), content_sha256 = \(decision.contentSHA256),
                decided_on = \(decision.content?.decidedOn)::date, violation_kind = \(decision.violationKind),
                published_on = \(decision.publishedOn)::date, publication_end = \(decision.publicationEnd)::date,
                repaired_on = \(decision.repairedOn)::date, superseded_on = \(decision.supersededOn)::date, doc = \(try JSONText(Self.stored(decision))), updated_at = \(decision.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(decision.id)
            """
        )
    }

    /// A draft goes with its steps; the trigger keeps every other.
    public func delete(_ transaction: TenantTransaction, id: UUID) async throws {
        try await transaction.query("DELETE FROM penalty_decisions WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state = 'draft'")
    }

    public func addStep(
        _ transaction: TenantTransaction,
        penaltyID: UUID,
        _ action: String,
        from: PenaltyDecision.State,
        to: PenaltyDecision.State,
        text: String?,
        by actor: AuditActor,
        at: Date
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO penalty_steps (tenant_id, id, penalty_id, action, from_state, to_state, text, actor_role, actor_token_id,
                actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(penaltyID), \(action), \(from.rawValue), \(to.rawValue), \(text),
                \(actor.role), \(actor.tokenID), \(actor.subjectID), \(at))
            """
        )
    }

    public func steps(_ transaction: TenantTransaction, penaltyID: UUID) async throws -> [PenaltyStep] {
        try await transaction.query(
            """
            SELECT \(PenaltyStep.columns) FROM penalty_steps
            WHERE tenant_id = \(transaction.tenantID) AND penalty_id = \(penaltyID) ORDER BY id
            """
        ).map { try PenaltyStep.decode($0, unknown: .draft) }
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> PenaltyDecision? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE OF p" : ""
        return try await transaction.query(
            "SELECT \(Self.withInstitution) FROM penalty_decisions p WHERE p.tenant_id = \(transaction.tenantID) AND p.id = \(id)\(lock)"
        ).first.map(Self.decode)
    }

    public func canonical(_ transaction: TenantTransaction, id: UUID) async throws -> (text: String, sha256: String)? {
        try await transaction.query(
            """
            SELECT canonical, content_sha256 FROM penalty_decisions
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND canonical IS NOT NULL
            """
        ).first.map { (try $0.decode(0), try $0.decode(1)) }
    }

    public func list(
        _ transaction: TenantTransaction,
        institutionID: UUID?,
        state: PenaltyDecision.State?,
        notifiedOnly: Bool,
        after: UUID?,
        limit: Int
    ) async throws -> Page<PenaltyDecision> {
        var query: SQLQuery = "SELECT \(Self.withInstitution) FROM penalty_decisions p WHERE p.tenant_id = \(transaction.tenantID)"
        if let institutionID { query.append(" AND p.institution_id = \(institutionID)") }
        if let state { query.append(" AND p.state = \(state.rawValue)") }
        if notifiedOnly { query.append(" AND p.state <> 'draft'") }
        if let after { query.append(" AND p.id > \(after)") }
        query.append(" ORDER BY p.id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// The institution's decided decisions since `since` (for the repeat rule).
    public func decided(_ transaction: TenantTransaction, institutionID: UUID, since: String) async throws -> [PenaltyDecision] {
        try await transaction.query(
            """
            SELECT \(Self.withInstitution) FROM penalty_decisions p
            WHERE p.tenant_id = \(transaction.tenantID) AND p.institution_id = \(institutionID) AND p.state = 'decided'
                AND p.decided_on >= \(since)::date ORDER BY p.id
            """
        ).map(Self.decode)
    }

    /// Decided and not yet published, locked for the daily publication (skipping those another worker holds).
    public func unpublished(_ transaction: TenantTransaction) async throws -> [PenaltyDecision] {
        try await transaction.query(
            """
            SELECT \(Self.withInstitution) FROM penalty_decisions p
            WHERE p.tenant_id = \(transaction.tenantID) AND p.state = 'decided' AND p.published_on IS NULL
            ORDER BY p.id FOR UPDATE OF p SKIP LOCKED
            """
        ).map(Self.decode)
    }

    /// What the public list shows on `today`: published, in period, not repaired; newest first.
    public func inPublication(_ transaction: TenantTransaction, today: String) async throws -> [PenaltyDecision] {
        try await transaction.query(
            """
            SELECT \(Self.withInstitution) FROM penalty_decisions p
            WHERE p.tenant_id = \(transaction.tenantID) AND p.published_on <= \(today)::date
                AND p.publication_end > \(today)::date AND p.repaired_on IS NULL
                AND p.superseded_on IS NULL
            ORDER BY p.decided_on DESC, p.id DESC LIMIT 5000
            """
        ).map(Self.decode)
    }

    /// Whether a decision against the institution is in publication on `today`.
    public func isInPublication(_ transaction: TenantTransaction, institutionID: UUID, today: String) async throws -> Bool {
        !(try await transaction.query(
            """
            SELECT 1 FROM penalty_decisions WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
                AND published_on <= \(today)::date AND publication_end > \(today)::date AND repaired_on IS NULL
                AND superseded_on IS NULL LIMIT 1
            """
        ).isEmpty)
    }

    /// The notices' numbers, in the order given, in one round trip.
    public func noticeNumbers(_ transaction: TenantTransaction, ids: [UUID]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try await transaction.query(
            """
            SELECT n.number FROM unnest(\(ids)::uuid[]) WITH ORDINALITY AS given(id, position)
            JOIN rectification_notices n ON n.tenant_id = \(transaction.tenantID) AND n.id = given.id AND n.number IS NOT NULL
            ORDER BY given.position
            """
        ).map { try $0.decode(0, as: String.self) }
    }

    static func stored(_ decision: PenaltyDecision) -> PenaltyDecision {
        var stored = decision
        stored.institution = nil
        return stored
    }

    static let withInstitution: SQLQuery = """
        p.doc::text, (SELECT json_build_object('id', a.id, 'name', a.name, 'district', a.district, 'address', a.address,
            'contact_phone', a.contact_phone) FROM institutions a WHERE a.tenant_id = p.tenant_id AND a.id = p.institution_id)
        """

    static func decode(_ row: SQLRow) throws -> PenaltyDecision {
        var decision = try row.document(PenaltyDecision.self, 0)
        decision.institution = try row.decode(1, as: JSONB<InstitutionSummary>?.self)?.value
        return decision
    }
}
