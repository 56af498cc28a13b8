import Foundation
import Postgres
import TestSupport
import Testing

@Suite("libpq client: types, transactions, errors")
struct LibpqPoolTests {
    @Test("warm opens every pooled connection before use, and each is reused afterwards")
    func warm() async throws {
        try await TestDatabase.with { db in
            let client = LibpqPool(connectionString: db.appURL, maxConnections: 3)
            func backends() async throws -> Int {
                try await db.owner.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = \(db.name) AND usename = 'oversight_app'"
                )[0].decode(0, as: Int.self)
            }
            #expect(try await backends() == 0)
            #expect(await client.warm() == 3)
            #expect(try await backends() == 3)
            // Three statements at once find three open connections: nothing new is opened.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { _ = try await client.query("SELECT pg_sleep(0.05)") } }
                try await group.waitForAll()
            }
            #expect(try await backends() == 3)
            try await client.shutdown()
        }
    }

    @Test("values round-trip through binds and binary decoding")
    func roundTrip() async throws {
        try await TestDatabase.with { db in
            let id = UUID()
            let date = Date(timeIntervalSince1970: 1_763_000_000.123456)
            let rows = try await db.owner.query(
                """
                SELECT \(42)::int8, \(7 as Int32)::int4, \(true), \(2.5), \(id), \(date)::timestamptz,
                       \("文本 'quoted'"), \(PostgresDate(year: 2026, month: 12, day: 31))::date,
                       \(["a", "b,c", "d\"e"])::text[], \([1, 2, 3])::int8[], \(JSONB(["k": [1, 2]]))::jsonb,
                       NULL::text, \(Data([0, 255, 16]))::bytea, \([UUID]())::uuid[], 12::int2
                """
            )
            let row = rows[0]
            #expect(try row.decode(0, as: Int.self) == 42)
            #expect(try row.decode(1, as: Int32.self) == 7)
            #expect(try row.decode(2, as: Bool.self) == true)
            #expect(try row.decode(3, as: Double.self) == 2.5)
            #expect(try row.decode(4, as: UUID.self) == id)
            #expect(abs(try row.decode(5, as: Date.self).timeIntervalSince(date)) < 0.000_001)
            #expect(try row.decode(6, as: String.self) == "文本 'quoted'")
            #expect(try row.decode(7, as: PostgresDate.self) == PostgresDate(year: 2026, month: 12, day: 31))
            #expect(try row.decode(8, as: [String].self) == ["a", "b,c", "d\"e"])
            #expect(try row.decode(9, as: [Int].self) == [1, 2, 3])
            #expect(try row.decode(10, as: JSONB<[String: [Int]]>.self).value == ["k": [1, 2]])
            #expect(try row.decode(11, as: String?.self) == nil)
            #expect(try row.decode(12, as: Data.self) == Data([0, 255, 16]))
            #expect(try row.decode(13, as: [UUID].self) == [])
            #expect(try row.decode(14, as: Int.self) == 12)
            #expect(throws: LibpqError.self) { try row.decode(11, as: String.self) }
            #expect(throws: LibpqError.self) { try row.decode(6, as: Int.self) }

            // Bytes go in binary format: every byte value, an empty value, a large one, and in an array.
            let every = Data((0..<1_000_000).map { UInt8($0 % 256) })
            let bytes = try await db.owner.query(
                "SELECT \(every)::bytea, octet_length(\(every)), \(Data())::bytea, \([Data([1, 2]), Data([0xFF])])::bytea[]"
            )[0]
            #expect(try bytes.decode(0, as: Data.self) == every)
            #expect(try bytes.decode(1, as: Int.self) == 1_000_000)
            #expect(try bytes.decode(2, as: Data.self) == Data())
            #expect(try bytes.decode(3, as: [Data].self) == [Data([1, 2]), Data([0xFF])])
        }
    }

    @Test("dates before 2000 and the PostgreSQL epoch decode correctly")
    func oldDates() async throws {
        try await TestDatabase.with { db in
            let rows = try await db.owner.query(
                "SELECT '1999-12-31'::date, '1970-01-01T00:00:00Z'::timestamptz, '2000-01-01T08:00:00+08:00'::timestamptz"
            )
            #expect(try rows[0].decode(0, as: PostgresDate.self) == PostgresDate(year: 1999, month: 12, day: 31))
            #expect(try rows[0].decode(1, as: Date.self) == Date(timeIntervalSince1970: 0))
            #expect(try rows[0].decode(2, as: Date.self) == Date(timeIntervalSince1970: 946_684_800))
        }
    }

    @Test("interpolated text is a bind, never SQL")
    func injection() async throws {
        try await TestDatabase.with { db in
            let hostile = "x'); DROP TABLE tenants; --"
            let rows = try await db.owner.query("SELECT \(hostile)::text")
            #expect(try rows[0].decode(0, as: String.self) == hostile)
            let still = try await db.owner.query("SELECT count(*) FROM tenants")
            #expect(try still[0].decode(0, as: Int.self) >= 0)
        }
    }

    @Test("nested fragments renumber their binds")
    func fragments() async throws {
        try await TestDatabase.with { db in
            var query: SQLQuery = "SELECT \(1)::int8 + \(2)::int8"
            query.append(" + \(3)::int8 AS total WHERE \("$1") = '$1'")
            #expect(query.sql.contains("$3"))
            let rows = try await db.owner.query(query)
            #expect(try rows[0].decode(0, as: Int.self) == 6)
        }
    }

    @Test("a transaction rolls back when its body throws")
    func rollback() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { db in
            try await db.owner.query("CREATE TABLE scratch (v int)")
            await #expect(throws: Boom.self) {
                try await db.owner.withTransaction { connection in
                    try await connection.query("INSERT INTO scratch VALUES (1)")
                    throw Boom()
                }
            }
            try await db.owner.withTransaction { connection in
                try await connection.query("INSERT INTO scratch VALUES (2)")
            }
            let rows = try await db.owner.query("SELECT array_agg(v) FROM scratch")
            #expect(try rows[0].decode(0, as: [Int].self) == [2])
        }
    }

    @Test("queryAndCommit commits with the last statement and refuses any after it")
    func queryAndCommit() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("CREATE TABLE early (v int)")
            let rows = try await db.owner.withTransaction { connection in
                try await connection.query("INSERT INTO early VALUES (1)")
                return try await connection.queryAndCommit("SELECT count(*) FROM early")
            }
            #expect(try rows[0].decode(0, as: Int.self) == 1)
            await #expect(throws: LibpqError.self) {
                try await db.owner.withTransaction { connection in
                    try await connection.queryAndCommit("INSERT INTO early VALUES (2)")
                    try await connection.query("INSERT INTO early VALUES (3)")
                }
            }
            let all = try await db.owner.query("SELECT array_agg(v ORDER BY v) FROM early")
            #expect(try all[0].decode(0, as: [Int].self) == [1, 2])
            // The connection is usable for the next transaction.
            let next = try await db.owner.withTransaction { connection in try await connection.query("SELECT 7::int8") }
            #expect(try next[0].decode(0, as: Int.self) == 7)
        }
    }

    @Test("SQLSTATEs map to typed kinds; the description holds no server text")
    func errors() async throws {
        try await TestDatabase.with { db in
            try await db.owner.query("CREATE TABLE zzq_table (v int PRIMARY KEY CHECK (v > 0), r int REFERENCES zzq_table (v))")
            try await db.owner.query("INSERT INTO zzq_table VALUES (1, NULL)")
            func kind(_ query: SQLQuery) async -> LibpqError.Kind? {
                do {
                    try await db.owner.query(query)
                    return nil
                } catch let error as LibpqError {
                    #expect(!error.description.contains("zzq"))
                    return error.kind
                } catch { return nil }
            }
            #expect(await kind("INSERT INTO zzq_table VALUES (1, NULL)") == .uniqueViolation)
            #expect(await kind("INSERT INTO zzq_table VALUES (-1, NULL)") == .checkViolation)
            #expect(await kind("INSERT INTO zzq_table VALUES (2, 99)") == .foreignKeyViolation)
            #expect(await kind("INSERT INTO zzq_table VALUES (NULL, NULL)") == .notNullViolation)
            #expect(await kind("SELECT * FROM no_such_table") == .server)
        }
    }

    @Test("the pool bounds connections and queues borrowers")
    func poolBound() async throws {
        try await TestDatabase.with(poolSize: 2) { db in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await db.app.query("SELECT pg_sleep(0.05)") }
                }
                try await group.waitForAll()
            }
            let rows = try await db.owner.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'oversight_app'"
            )
            #expect(try rows[0].decode(0, as: Int.self) <= 2)
        }
    }

    @Test("an unreachable server is a connectionUnavailable error")
    func unreachable() async throws {
        let client = LibpqPool(connectionString: "host=127.0.0.1 port=1 connect_timeout=2", maxConnections: 1)
        await #expect {
            try await client.query("SELECT 1")
        } throws: { error in
            (error as? LibpqError)?.kind == .connectionUnavailable
        }
        try await client.shutdown()
    }
}
