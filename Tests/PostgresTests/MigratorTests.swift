import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Migrations")
struct MigratorTests {
    let first = Migrator.Migration(version: "0001", name: "one", sql: "CREATE TABLE m_one (v int);")
    let second = Migrator.Migration(version: "0002", name: "two", sql: "CREATE TABLE m_two (v int); INSERT INTO m_two VALUES (1);")

    @Test("pending files apply in order, once, with their checksum")
    func applies() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("DROP TABLE schema_migrations CASCADE")
            let migrator = Migrator(migrations: [self.second, self.first])
            #expect(try await migrator.migrate(db.owner) == ["0001_one.sql", "0002_two.sql"])
            #expect(try await migrator.migrate(db.owner) == [])
            #expect(try await migrator.isCurrent(db.owner))
            let rows = try await db.owner.query("SELECT checksum FROM schema_migrations WHERE version = '0001'")
            #expect(try rows[0].decode(0, as: String.self) == self.first.checksum)
        }
    }

    @Test("an applied file that was edited is refused, naming it")
    func edited() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("DROP TABLE schema_migrations CASCADE")
            try await Migrator(migrations: [self.first]).migrate(db.owner)
            var edited = self.first
            edited.sql += "\n-- edited"
            await #expect(throws: Migrator.MigrationError.edited(file: "0001_one.sql")) {
                try await Migrator(migrations: [edited, self.second]).migrate(db.owner)
            }
            #expect(try await !Migrator(migrations: [edited]).isCurrent(db.owner))
            let rows = try await db.owner.query("SELECT to_regclass('m_two') IS NULL")
            #expect(try rows[0].decode(0, as: Bool.self))
        }
    }

    @Test("a failing file rolls back entirely and is not recorded")
    func failing() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("DROP TABLE schema_migrations CASCADE")
            let broken = Migrator.Migration(version: "0002", name: "bad", sql: "CREATE TABLE m_bad (v int); SELECT 1/0;")
            await #expect(throws: LibpqError.self) {
                try await Migrator(migrations: [self.first, broken]).migrate(db.owner)
            }
            let rows = try await db.owner.query("SELECT to_regclass('m_bad') IS NULL, (SELECT count(*) FROM schema_migrations)")
            #expect(try rows[0].decode(0, as: Bool.self))
            #expect(try rows[0].decode(1, as: Int.self) == 1)
        }
    }

    @Test("two migrators started at once apply each file once")
    func concurrent() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("DROP TABLE schema_migrations CASCADE")
            let slow = Migrator.Migration(version: "0001", name: "slow", sql: "SELECT pg_sleep(0.3); CREATE TABLE m_slow (v int);")
            let other = LibpqPool(connectionString: db.ownerURL, maxConnections: 1)
            async let a = Migrator(migrations: [slow]).migrate(db.owner)
            async let b = Migrator(migrations: [slow]).migrate(other)
            let results = try await [a, b]
            #expect(results.map(\.count).sorted() == [0, 1])
            try await other.shutdown()
        }
    }

    @Test("the shipped sql/ directory reads in order and is applied to the template")
    func shipped() async throws {
        let migrator = try Migrator(directory: "sql")
        #expect(migrator.migrations.first?.version == "0001")
        #expect(migrator.migrations.map(\.version) == migrator.migrations.map(\.version).sorted())
        try await TestDatabase.with { db in
            let current = try await migrator.isCurrent(db.owner)
            #expect(current)
        }
    }
}
