import Domain
import Foundation
import Postgres

/// The tenant register. Tenants are not tenant-owned rows, so no tenant scope applies.
public struct TenantStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = ColumnList(
        "id",
        "slug",
        "name",
        "parent_id",
        "coalesce(settings->>'time_zone', 'Asia/Shanghai') AS time_zone",
        "created_at"
    )

    public func create(slug: String, name: String, parentID: UUID? = nil) async throws -> Tenant {
        try await self.database.withoutTenant { connection in
            try await self.create(connection, slug: slug, name: name, parentID: parentID)
        }
    }

    /// Creates a tenant inside an open transaction.
    public func create(
        _ connection: LibpqConnectionHandle,
        slug: String,
        name: String,
        parentID: UUID? = nil
    )
        async throws -> Tenant
    {
        try Tenant.validate(slug: slug, name: name)
        do {
            let rows = try await connection.query(
                """
                INSERT INTO tenants (id, slug, name, parent_id) VALUES (\(UUIDv7.make()), \(slug), \(name), \(parentID))
                RETURNING \(Self.columns.sql)
                """
            )
            return try Self.decode(rows[0])
        } catch let error as LibpqError where error.kind == .uniqueViolation {
            throw DomainError.conflict("a tenant with slug \(slug) already exists")
        } catch let error as LibpqError where error.kind == .foreignKeyViolation {
            throw DomainError.invalid([FieldError("parent_id", "no such tenant")])
        }
    }

    public func find(slug: String) async throws -> Tenant? {
        let rows = try await self.database.client.query("SELECT \(Self.columns.sql) FROM tenants WHERE slug = \(slug)")
        return try rows.first.map(Self.decode)
    }

    public func find(id: UUID) async throws -> Tenant? {
        let rows = try await self.database.client.query("SELECT \(Self.columns.sql) FROM tenants WHERE id = \(id)")
        return try rows.first.map(Self.decode)
    }

    public func list() async throws -> [Tenant] {
        try await self.database.withoutTenant { try await self.list($0) }
    }

    public func list(_ connection: LibpqConnectionHandle) async throws -> [Tenant] {
        try await connection.query("SELECT \(Self.columns.sql) FROM tenants ORDER BY slug").map(Self.decode)
    }

    static func decode(_ row: SQLRow) throws -> Tenant {
        Tenant(
            id: try row.decode("id"),
            slug: try row.decode("slug"),
            name: try row.decode("name"),
            parentID: try row.decode("parent_id", as: UUID?.self),
            timeZone: try row.decode("time_zone"),
            createdAt: try row.decode("created_at")
        )
    }
}
