import Domain
import Foundation
import Postgres

/// The inspector pool and declared conflicts. Every mutation audits in its transaction.
public struct InspectorStore: Sendable {
    public init() {}

    static let columns = ColumnList(
        "id",
        "name",
        "certificate_number",
        "districts",
        "active",
        "affiliations",
        "version",
        "created_at",
        "updated_at"
    )

    static func write(certificate: String) -> VersionedWrite {
        VersionedWrite(conflict: "an inspector with certificate number \(certificate) exists")
    }

    public func create(_ transaction: TenantTransaction, _ inspector: Inspector) async throws {
        try await self.requireInstitutions(transaction, inspector.affiliations)
        try await Self.write(certificate: inspector.certificateNumber).insert(
            transaction,
            """
            INSERT INTO inspectors (tenant_id, id, name, certificate_number, districts, active, affiliations, version,
                created_at, updated_at)
            VALUES (\(transaction.tenantID), \(inspector.id), \(inspector.name), \(inspector.certificateNumber),
                \(inspector.districts), \(inspector.active), \(inspector.affiliations), 1, \(inspector.createdAt),
                \(inspector.updatedAt))
            """
        )
    }

    public func update(_ transaction: TenantTransaction, from current: Inspector, to next: Inspector) async throws {
        try await self.requireInstitutions(transaction, next.affiliations)
        try await Self.write(certificate: next.certificateNumber).update(
            transaction,
            """
            UPDATE inspectors SET name = \(next.name), certificate_number = \(next.certificateNumber),
                districts = \(next.districts), active = \(next.active), affiliations = \(next.affiliations),
                version = \(next.version), updated_at = \(next.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(next.id) AND version = \(current.version)
            RETURNING id
            """,
            currentVersion: current.version
        )
    }

    /// Affiliations must name institutions of this tenant.
    func requireInstitutions(_ transaction: TenantTransaction, _ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        let rows = try await transaction.query(
            "SELECT count(*) FROM institutions WHERE tenant_id = \(transaction.tenantID) AND id = ANY(\(Array(Set(ids))))"
        )
        guard try rows.first?.decode(0, as: Int.self) == Set(ids).count else {
            throw DomainError.invalid([FieldError("affiliations", "names an institution this tenant does not have")])
        }
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Inspector? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT \(Self.columns.sql) FROM inspectors WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first.map(Self.decode)
    }

    /// Inspectors by id; the answer may be shorter than `ids` when some do not exist.
    public func find(_ transaction: TenantTransaction, ids: [UUID]) async throws -> [Inspector] {
        try await transaction.query(
            "SELECT \(Self.columns.sql) FROM inspectors WHERE tenant_id = \(transaction.tenantID) AND id = ANY(\(ids)) ORDER BY id"
        ).map(Self.decode)
    }

    public func list(
        _ transaction: TenantTransaction,
        district: String?,
        active: Bool?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<Inspector> {
        var query: SQLQuery = "SELECT \(Self.columns.sql) FROM inspectors WHERE tenant_id = \(transaction.tenantID)"
        if let district { query.append(" AND (districts = '{}' OR \(district) = ANY(districts))") }
        if let active { query.append(" AND active = \(active)") }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// `createdBy` is the declaring token.
    public func addConflict(_ transaction: TenantTransaction, _ conflict: InspectorConflict, createdBy: UUID?) async throws {
        do {
            try await transaction.query(
                """
                INSERT INTO inspector_conflicts (tenant_id, id, inspector_id, institution_id, reason, created_by, created_at)
                VALUES (\(transaction.tenantID), \(conflict.id), \(conflict.inspectorID), \(conflict.institutionID),
                    \(conflict.reason), \(createdBy), \(conflict.createdAt))
                """
            )
        } catch let error as LibpqError {
            throw error.domainError(conflict: "this conflict is already declared")
        }
    }

    public func conflicts(_ transaction: TenantTransaction, inspectorID: UUID) async throws -> [InspectorConflict] {
        try await transaction.query(
            """
            SELECT id, inspector_id, institution_id, reason, created_at FROM inspector_conflicts
            WHERE tenant_id = \(transaction.tenantID) AND inspector_id = \(inspectorID) ORDER BY id
            """
        ).map(Self.decodeConflict)
    }

    /// Removes a declared conflict; `nil` when there was none with that id.
    public func removeConflict(_ transaction: TenantTransaction, inspectorID: UUID, id: UUID) async throws -> InspectorConflict? {
        let rows = try await transaction.query(
            """
            DELETE FROM inspector_conflicts
            WHERE tenant_id = \(transaction.tenantID) AND inspector_id = \(inspectorID) AND id = \(id)
            RETURNING id, inspector_id, institution_id, reason, created_at
            """
        )
        return try rows.first.map(Self.decodeConflict)
    }

    static func decode(_ row: SQLRow) throws -> Inspector {
        Inspector(
            id: try row.decode("id"),
            name: try row.decode("name"),
            certificateNumber: try row.decode("certificate_number"),
            districts: try row.decode("districts"),
            active: try row.decode("active"),
            affiliations: try row.decode("affiliations"),
            version: try row.decode("version"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }

    static func decodeConflict(_ row: SQLRow) throws -> InspectorConflict {
        InspectorConflict(
            id: try row.decode(0, as: UUID.self),
            inspectorID: try row.decode(1, as: UUID.self),
            institutionID: try row.decode(2, as: UUID.self),
            reason: try row.decode(3, as: String.self),
            createdAt: try row.decode(4, as: Date.self)
        )
    }
}

extension InspectorStore {
    /// Which of these inspectors may not inspect the institution: a declared conflict, or
    /// an affiliation with it.
    public func conflicted(_ transaction: TenantTransaction, inspectorIDs: [UUID], institutionID: UUID) async throws -> Set<UUID> {
        let rows = try await transaction.query(
            """
            SELECT inspector_id FROM inspector_conflicts
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID) AND inspector_id = ANY(\(inspectorIDs))
            UNION
            SELECT id FROM inspectors
            WHERE tenant_id = \(transaction.tenantID) AND id = ANY(\(inspectorIDs)) AND \(institutionID) = ANY(affiliations)
            """
        )
        return Set(try rows.map { try $0.decode(0, as: UUID.self) })
    }
}
