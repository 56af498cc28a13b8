import Domain
import Foundation
import Postgres

/// The institution register's rows.
public struct InstitutionStore: Sendable {
    public init() {}

    static let columns = ColumnList(
        "id",
        "name",
        "credit_code",
        "operator_type",
        "district",
        "address",
        "status",
        "beds",
        "nursing_beds",
        "residents",
        "staff",
        "legal_representative",
        "contact_phone",
        "version",
        "created_at",
        "updated_at"
    )

    static func write(creditCode: String) -> VersionedWrite {
        VersionedWrite(conflict: "an institution with credit code \(creditCode) is already registered")
    }

    public func create(_ transaction: TenantTransaction, _ institution: Institution) async throws {
        try await Self.write(creditCode: institution.creditCode).insert(
            transaction,
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
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Institution? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT \(Self.columns.sql) FROM institutions WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first.map(Self.decode)
    }

    /// Writes `next` if the stored version is still `current.version`.
    public func update(_ transaction: TenantTransaction, from current: Institution, to next: Institution) async throws {
        try await Self.write(creditCode: next.creditCode).update(
            transaction,
            """
            UPDATE institutions SET name = \(next.name), credit_code = \(next.creditCode),
                operator_type = \(next.operatorType.rawValue), district = \(next.district), address = \(next.address),
                status = \(next.status.rawValue), beds = \(next.beds), nursing_beds = \(next.nursingBeds),
                residents = \(next.residents), staff = \(next.staff),
                legal_representative = \(next.legalRepresentative), contact_phone = \(next.contactPhone),
                version = \(next.version), updated_at = \(next.updatedAt)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(next.id) AND version = \(current.version)
            RETURNING id
            """,
            currentVersion: current.version
        )
    }

    public func list(
        _ transaction: TenantTransaction,
        filter: InstitutionFilter,
        after: UUID?,
        limit: Int
    ) async throws -> Page<Institution> {
        var query: SQLQuery = "SELECT \(Self.columns.sql) FROM institutions WHERE tenant_id = \(transaction.tenantID)"
        if let district = filter.district { query.append(" AND district = \(district)") }
        if let type = filter.operatorType { query.append(" AND operator_type = \(type.rawValue)") }
        if let status = filter.status { query.append(" AND status = \(status.rawValue)") }
        if let code = filter.creditCode { query.append(" AND credit_code = \(code)") }
        if let text = filter.nameContains, !text.isEmpty {
            query.append(" AND name ILIKE \(LikePattern.contains(text))")
        }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    static func decode(_ row: SQLRow) throws -> Institution {
        Institution(
            id: try row.decode("id"),
            name: try row.decode("name"),
            creditCode: try row.decode("credit_code"),
            operatorType: Institution.OperatorType(rawValue: try row.decode("operator_type")) ?? .private,
            district: try row.decode("district"),
            address: try row.decode("address"),
            status: Institution.Status(rawValue: try row.decode("status")) ?? .operating,
            beds: try row.decode("beds"),
            nursingBeds: try row.decode("nursing_beds"),
            residents: try row.decode("residents"),
            staff: try row.decode("staff"),
            legalRepresentative: try row.decode("legal_representative"),
            contactPhone: try row.decode("contact_phone"),
            version: try row.decode("version"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
