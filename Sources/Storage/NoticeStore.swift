import Domain
import Foundation
import Postgres

public typealias NoticeStep = RecordStep<RectificationNotice.State>

/// Rectification notices: numbers, the issued text, steps.
public struct NoticeStore: Sendable {
    public init() {}

    public func create(_ transaction: TenantTransaction, _ notice: RectificationNotice) async throws {
        var stored = notice
        stored.institution = nil
        try await transaction.query(
            """
            INSERT INTO rectification_notices (tenant_id, id, institution_id, state, case_id, inspection_id, corrects_id, doc,
                created_at, updated_at)
            VALUES (\(transaction.tenantID), \(notice.id), \(notice.institutionID), \(notice.state.rawValue), \(notice.caseID),
                \(notice.inspectionID), \(notice.correctsID), \(try JSONText(stored)), \(notice.createdAt), \(notice.updatedAt))
            """
        )
    }

    /// Writes the notice; `canonical` only at issue (the trigger refuses it afterwards).
    public func update(_ transaction: TenantTransaction, _ notice: RectificationNotice, canonical: String? = nil) async throws {
        var stored = notice
        stored.institution = nil
        try await transaction.query(
            """
            UPDATE rectification_notices SET state = \(notice.state.rawValue), number = \(notice.number),
                canonical = coalesce(\(canonical), canonical), content_sha256 = \(notice.contentSHA256),
                issued_at = \(notice.issuedAt), deadline = \(notice.deadline)::date,
                revisit_inspection_id = \(notice.revisitInspectionID), doc = \(try JSONText(stored)), updated_at = \(notice.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(notice.id)
            """
        )
    }

    /// A draft goes without trace but its audit row (the trigger keeps issued ones).
    public func delete(_ transaction: TenantTransaction, id: UUID) async throws {
        try await transaction.query(
            "DELETE FROM rectification_notices WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state = 'draft'"
        )
    }

    public func addStep(
        _ transaction: TenantTransaction,
        noticeID: UUID,
        _ action: String,
        from: RectificationNotice.State,
        to: RectificationNotice.State,
        text: String?,
        by actor: AuditActor,
        at: Date
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO notice_steps (tenant_id, id, notice_id, action, from_state, to_state, text, actor_role, actor_token_id,
                actor_subject_id, at)
            VALUES (\(transaction.tenantID), \(UUIDv7.make()), \(noticeID), \(action), \(from.rawValue), \(to.rawValue), \(text),
                \(actor.role), \(actor.tokenID), \(actor.subjectID), \(at))
            """
        )
    }

    public func steps(_ transaction: TenantTransaction, noticeID: UUID) async throws -> [NoticeStep] {
        try await transaction.query(
            """
            SELECT \(NoticeStep.columns) FROM notice_steps
            WHERE tenant_id = \(transaction.tenantID) AND notice_id = \(noticeID) ORDER BY id
            """
        ).map { try NoticeStep.decode($0, unknown: .draft) }
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> RectificationNotice? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE OF n" : ""
        return try await transaction.query(
            "SELECT \(Self.withInstitution) FROM rectification_notices n WHERE n.tenant_id = \(transaction.tenantID) AND n.id = \(id)\(lock)"
        ).first.map(Self.decode)
    }

    /// The issued text as it was hashed, and its hash.
    public func canonical(_ transaction: TenantTransaction, id: UUID) async throws -> (text: String, sha256: String)? {
        try await transaction.query(
            """
            SELECT canonical, content_sha256 FROM rectification_notices
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND canonical IS NOT NULL
            """
        ).first.map { (try $0.decode(0), try $0.decode(1)) }
    }

    public func list(
        _ transaction: TenantTransaction,
        institutionID: UUID?,
        state: RectificationNotice.State?,
        issuedOnly: Bool,
        after: UUID?,
        limit: Int
    ) async throws -> Page<RectificationNotice> {
        var query: SQLQuery = "SELECT \(Self.withInstitution) FROM rectification_notices n WHERE n.tenant_id = \(transaction.tenantID)"
        if let institutionID { query.append(" AND n.institution_id = \(institutionID)") }
        if let state { query.append(" AND n.state = \(state.rawValue)") }
        if issuedOnly { query.append(" AND n.state <> 'draft'") }
        if let after { query.append(" AND n.id > \(after)") }
        query.append(" ORDER BY n.id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// Served notices whose deadline is on or before `through`, locked for the daily work
    /// (skipping those another worker holds).
    public func dueForDeadlines(_ transaction: TenantTransaction, through: String) async throws -> [RectificationNotice] {
        try await transaction.query(
            """
            SELECT \(Self.withInstitution) FROM rectification_notices n
            WHERE n.tenant_id = \(transaction.tenantID) AND n.state = 'served' AND n.deadline <= \(through)::date
            ORDER BY n.id FOR UPDATE OF n SKIP LOCKED
            """
        ).map(Self.decode)
    }

    static let withInstitution: SQLQuery = """
        n.doc::text, (SELECT json_build_object('id', a.id, 'name', a.name, 'district', a.district, 'address', a.address,
            'contact_phone', a.contact_phone) FROM institutions a WHERE a.tenant_id = n.tenant_id AND a.id = n.institution_id)
        """

    static func decode(_ row: SQLRow) throws -> RectificationNotice {
        var notice = try row.document(RectificationNotice.self, 0)
        notice.institution = try row.decode(1, as: JSONB<InstitutionSummary>?.self)?.value
        return notice
    }
}
