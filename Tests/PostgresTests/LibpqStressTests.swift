import Crypto
import Foundation
import Postgres
import TestSupport
import Testing

/// The client under the conditions that break a libpq driver: a statement larger than the
/// socket's buffer, many statements in flight at once, a backend that dies while a
/// statement runs, and an error half-way through several statements. (Written for a
/// non-blocking driver that was tried and not kept, see README "Speed"; they hold for
/// any driver.)
@Suite("libpq client: large statements, many in flight, a killed backend")
struct LibpqStressTests {
    @Test("a statement far larger than the socket's buffer is sent and read back whole")
    func largeStatement() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            // 16 MiB: several times what a local socket buffers.
            var generator = SystemRandomNumberGenerator()
            let words = (0..<(2 << 20)).map { _ in generator.next() as UInt64 }
            let payload = words.withUnsafeBytes { Data($0) }
            let rows = try await db.app.query("SELECT \(payload)::bytea AS echo, sha256(\(payload)::bytea) AS digest")
            let echo = try rows[0].decode("echo", as: Data.self)
            let digest = try rows[0].decode("digest", as: Data.self)
            #expect(echo.count == payload.count)
            #expect(echo == payload)
            #expect(digest == Data(SHA256.hash(data: payload)))
        }
    }

    @Test("two hundred statements in flight on eight connections each get their own answer")
    func manyInFlight() async throws {
        try await TestDatabase.with { db in
            // Its own pool, whose borrowers may wait long: the whole suite runs beside it.
            let pool = LibpqPool(connectionString: db.appURL, maxConnections: 8, checkoutTimeout: .seconds(300))
            let answers = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for number in 0..<200 {
                    group.addTask {
                        // Some wait a little on the server, so answers come back out of order.
                        let delay = Double(number % 5) / 1000
                        let rows = try await pool.query("SELECT \(number)::int AS n, pg_sleep(\(delay))")
                        return (number, try rows[0].decode("n", as: Int.self))
                    }
                }
                var answers: [(Int, Int)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            #expect(answers.count == 200)
            #expect(answers.allSatisfy { $0.0 == $0.1 })
            #expect(Set(answers.map(\.1)) == Set(0..<200))
            try await pool.shutdown()
        }
    }

    @Test("a backend killed while its statement runs fails that statement, and the next one gets a new connection")
    func killedWhileWaiting() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            let first = try await db.app.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            // A role may see and end its own backends: a second client as the same role.
            let other = LibpqPool(connectionString: db.appURL, maxConnections: 1)
            let slow = Task { try await db.app.query("SELECT pg_sleep(30)") }
            // Wait until the statement is running on that backend, then end the backend.
            var running = false
            for _ in 0..<200 where !running {
                try await Task.sleep(for: .milliseconds(20))
                running =
                    try await other.query(
                        "SELECT count(*) AS n FROM pg_stat_activity WHERE pid = \(first) AND query LIKE 'SELECT pg_sleep(30)%'"
                    )[0].decode("n", as: Int.self) == 1
            }
            #expect(running)
            _ = try await other.query("SELECT pg_terminate_backend(\(first))")
            try await other.shutdown()
            await #expect {
                _ = try await slow.value
            } throws: { error in
                (error as? LibpqError)?.kind == .connectionUnavailable
            }
            // The pool drops the dead connection; its socket number may well be reused by
            // the next one, which the readiness loop must then watch afresh.
            let second = try await db.app.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            #expect(second != first)
            let again = try await db.app.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            #expect(again == second)
        }
    }

    @Test("an error among several statements is thrown, and the connection stays usable")
    func errorMidway() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            let pid = try await db.app.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            try await db.app.withConnection { connection in
                await #expect(throws: LibpqError.self) {
                    try await connection.execute("SELECT 1; SELECT 1/0; SELECT 3")
                }
                await #expect(throws: LibpqError.self) {
                    try await connection.query("SELECT no_such_column FROM pg_class")
                }
                let rows = try await connection.query("SELECT 41 + 1 AS n")
                #expect(try rows[0].decode("n", as: Int.self) == 42)
            }
            // The same backend serves the next borrower: nothing was marked broken.
            let after = try await db.app.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            #expect(after == pid)
        }
    }
}
