import Domain
import Foundation
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Row-level security, in plain SQL as the app role")
struct RowLevelSecurityTests {
    @Test("with no app.tenant_id the app role sees zero institution rows")
    func noTenant() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            try await db.database.withTenant(tenant.id) { transaction in
                var fields = InstitutionFields()
                fields.name = "A"
                fields.creditCode = Fixtures.creditCode()
                fields.operatorType = .private
                fields.district = "D"
                fields.status = .operating
                try await InstitutionStore().create(transaction, try fields.makeInstitution(id: UUIDv7.make(), at: Date()))
            }
            let owner = try await db.owner.query("SELECT count(*) FROM institutions")
            #expect(try owner[0].decode(0, as: Int.self) == 1)
            let plain = try await db.app.query("SELECT count(*) FROM institutions")
            #expect(try plain[0].decode(0, as: Int.self) == 0)
            // After a transaction-local setting ends, the session keeps '' — still nothing.
            let after = try await db.app.withConnection { connection in
                try await connection.execute("BEGIN")
                try await connection.query("SELECT set_config('app.tenant_id', \(tenant.id.lowercasedString), true)")
                let inside = try await connection.query("SELECT count(*) FROM institutions")
                try await connection.execute("COMMIT")
                let outside = try await connection.query("SELECT count(*) FROM institutions")
                return (try inside[0].decode(0, as: Int.self), try outside[0].decode(0, as: Int.self))
            }
            #expect(after == (1, 0))
            let other = try await db.database.withTenant(UUID()) { transaction in
                try await transaction.query("SELECT count(*) FROM institutions")
            }
            #expect(try other[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test("every table with a tenant_id has row-level security enabled, forced, and a tenant_isolation policy")
    func everyTenantTable() async throws {
        try await TestDatabase.with { db in
            let rows = try await db.owner.query(
                """
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                    EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation')
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
                ORDER BY c.relname
                """
            )
            #expect(rows.count >= 20)
            for row in rows {
                let name = try row.decode(0, as: String.self)
                #expect(try row.decode(1, as: Bool.self) && row.decode(2, as: Bool.self) && row.decode(3, as: Bool.self), "\(name)")
            }
        }
    }

    @Test("enable_tenant_isolation makes a new table tenant-isolated in one line, and refuses a table without tenant_id")
    func isolationHelper() async throws {
        try await TestDatabase.with { db in
            let (a, _) = try await db.makeTenant()
            let (b, _) = try await db.makeTenant()
            try await db.owner.query("CREATE TABLE helper_things (tenant_id uuid NOT NULL REFERENCES tenants (id), note text)")
            try await db.owner.query("SELECT enable_tenant_isolation('helper_things', '{SELECT,INSERT}')")
            try await db.database.withTenant(a.id) { transaction in
                try await transaction.query("INSERT INTO helper_things VALUES (\(a.id), 'a')")
            }
            let seenByB = try await db.database.withTenant(b.id) { try await $0.query("SELECT count(*) FROM helper_things") }
            #expect(try seenByB[0].decode(0, as: Int.self) == 0)
            let seenByA = try await db.database.withTenant(a.id) { try await $0.query("SELECT count(*) FROM helper_things") }
            #expect(try seenByA[0].decode(0, as: Int.self) == 1)
            // Writing into another tenant, and a privilege not granted, are refused.
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(a.id) { try await $0.query("INSERT INTO helper_things VALUES (\(b.id), 'x')") }
            }
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(a.id) { try await $0.query("UPDATE helper_things SET note = 'y'") }
            }
            try await db.owner.query("CREATE TABLE helper_loose (id int)")
            let missing = await #expect(throws: LibpqError.self) {
                try await db.owner.query("SELECT enable_tenant_isolation('helper_loose')")
            }
            #expect(missing?.sqlState == "42703")
            let privilege = await #expect(throws: LibpqError.self) {
                try await db.owner.query("SELECT enable_tenant_isolation('helper_things', '{TRUNCATE}')")
            }
            #expect(privilege?.sqlState == "22023")
            // Only the owner may run it.
            await #expect(throws: LibpqError.self) { try await db.app.query("SELECT enable_tenant_isolation('helper_things')") }
        }
    }

    @Test("the app role cannot write a row into another tenant, nor bypass RLS, nor rewrite the audit log")
    func writes() async throws {
        try await TestDatabase.with { db in
            let (a, _) = try await db.makeTenant()
            let (b, _) = try await db.makeTenant()
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(a.id) { transaction in
                    try await transaction.query(
                        """
                        INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status,
                            beds, nursing_beds, residents, staff, legal_representative, contact_phone)
                        VALUES (\(b.id), \(UUID()), 'x', \(Fixtures.creditCode()), 'private', 'd', '', 'operating', 0, 0, 0, 0, '', '')
                        """
                    )
                }
            }
            let attributes = try await db.app.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")
            #expect(try attributes[0].decode(0, as: Bool.self) == false)
            #expect(try attributes[0].decode(1, as: Bool.self) == false)
            let owned = try await db.app.query(
                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'oversight_app'"
            )
            #expect(try owned[0].decode(0, as: Int.self) == 0)
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(a.id) { transaction in
                    try await transaction.query("UPDATE audit_log SET action = 'forged'")
                }
            }
            await #expect(throws: LibpqError.self) {
                try await db.app.query("SELECT * FROM platform_tokens")
            }
        }
    }
}
