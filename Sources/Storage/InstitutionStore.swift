import Domain
import Foundation
import Postgres

/// The institution register's persistence. Every mutation audits and emits in its transaction.
public struct InstitutionStore: Sendable {
    public init() {}

    static let columns: PostgresQuery = """
        id, name, credit_code, operator_type, district, address, status, beds, nursing_beds, residents, staff,
        legal_representative, contact_phone, version, created_at, updated_at
        """

    public func create(_ transaction: TenantTransaction, _ institution: Institution, actor: AuditActor) async throws {
        do {
            try await transaction.query(
                """
                INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status,
                    beds, nursing_beds, residents, staff, legal_representative, contact_phone, version, created_at, updated_at)
                VALUES (\(transaction.tenantID), \(institution.id), \(institution.name), \(institution.creditCode),
                    \(institution.operatorType.rawValue), \(institution.district), \(institution.address),
                    \(institution.status.rawValue), \(institution.beds), \(institution.nursingBeds), \(institution.residents),
                    \(institution.staff), \(institution.legalRepresentative), \(institution.contactPhone), 1,
                    \(institution.createdAt), \(institution.updatedAt))
                """
            )
        } catch let error as PostgresError {
            throw error.domainError(conflict: "an institution with credit code \(institution.creditCode) is already registered")
        }
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "institution.created",
            entityType: "institution",
            entityID: institution.id,
            before: Institution?.none,
            after: institution
        )
        try await EventOutbox.emit(
            transaction,
            type: "institution.created",
            subjects: EventSubjects(institutionID: institution.id),
            data: institution
        )
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Institution? {
        let lock: PostgresQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT \(Self.columns) FROM institutions WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first.map(Self.decode)
    }

    /// Writes `next` if the stored version is still `next.version - 1`.
    public func update(
        _ transaction: TenantTransaction,
        from current: Institution,
        to next: Institution,
        actor: AuditActor
    )
        async throws
    {
        let rows: PostgresRows
        do {
            rows = try await transaction.query(
                """
                UPDATE institutions SET name = \(next.name), credit_code = \(next.creditCode),
                    operator_type = \(next.operatorType.rawValue), district = \(next.district), address = \(next.address),
                    status = \(next.status.rawValue), beds = \(next.beds), nursing_beds = \(next.nursingBeds),
                    residents = \(next.residents), staff = \(next.staff),
                    legal_representative = \(next.legalRepresentative), contact_phone = \(next.contactPhone),
                    version = \(next.version), updated_at = \(next.updatedAt)
                WHERE tenant_id = \(transaction.tenantID) AND id = \(next.id) AND version = \(current.version)
                RETURNING id
                """
            )
        } catch let error as PostgresError {
            throw error.domainError(conflict: "an institution with credit code \(next.creditCode) is already registered")
        }
        guard !rows.isEmpty else { throw DomainError.stale(currentVersion: current.version) }
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "institution.updated",
            entityType: "institution",
            entityID: next.id,
            before: current,
            after: next
        )
        try await EventOutbox.emit(
            transaction,
            type: "institution.updated",
            subjects: EventSubjects(institutionID: next.id),
            data: next
        )
    }

    public func list(
        _ transaction: TenantTransaction,
        filter: InstitutionFilter,
        after: UUID?,
        limit: Int
    ) async throws -> Page<Institution> {
        var query: PostgresQuery = "SELECT \(Self.columns) FROM institutions WHERE tenant_id = \(transaction.tenantID)"
        if let district = filter.district { query.append(" AND district = \(district)") }
        if let type = filter.operatorType { query.append(" AND operator_type = \(type.rawValue)") }
        if let status = filter.status { query.append(" AND status = \(status.rawValue)") }
        if let text = filter.nameContains, !text.isEmpty {
            query.append(" AND name ILIKE \("%" + Self.escapeLike(text) + "%")")
        }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func decode(_ row: PostgresRow) throws -> Institution {
        let operatorType: String = try row.decode(3)
        let status: String = try row.decode(6)
        return Institution(
            id: try row.decode(UUID.self, 0),
            name: try row.decode(String.self, 1),
            creditCode: try row.decode(String.self, 2),
            operatorType: Institution.OperatorType(rawValue: operatorType) ?? .private,
            district: try row.decode(String.self, 4),
            address: try row.decode(String.self, 5),
            status: Institution.Status(rawValue: status) ?? .operating,
            beds: try row.decode(Int.self, 7),
            nursingBeds: try row.decode(Int.self, 8),
            residents: try row.decode(Int.self, 9),
            staff: try row.decode(Int.self, 10),
            legalRepresentative: try row.decode(String.self, 11),
            contactPhone: try row.decode(String.self, 12),
            version: try row.decode(Int.self, 13),
            createdAt: try row.decode(Date.self, 14),
            updatedAt: try row.decode(Date.self, 15)
        )
    }
}
