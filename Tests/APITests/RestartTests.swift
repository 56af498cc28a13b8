import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Database restarts")
struct RestartTests {
    @Test("while PostgreSQL is down requests get 503; once it is back they succeed, with no service restart")
    func restart() async throws {
        let cluster = try TestCluster.fromEnvironment(prefix: "OVERSIGHT_TEST_RESTART")
        let dataDirectory = try #require(cluster.dataDirectory, "OVERSIGHT_TEST_RESTART_PGDATA is required")
        try await TestDatabase.with(cluster: cluster) { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                #expect(try await client.call(.get, "/v1/institutions", token: token).status == .ok)
                try EmbeddedPostgres.pgCtl(["-D", dataDirectory, "-m", "fast", "-w", "stop"])
                let down = try await client.call(.get, "/v1/institutions", token: token)
                #expect(down.status == .serviceUnavailable)
                #expect(down.headers[.contentType] == "application/problem+json")
                #expect(!down.text.lowercased().contains("libpq"))
                try EmbeddedPostgres.pgCtl(["-D", dataDirectory, "-l", dataDirectory + "/server.log", "-w", "start"])
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<3 { statuses.append(try await client.call(.get, "/v1/institutions", token: token).status) }
                #expect(statuses == [.ok, .ok, .ok])
                // A restart (not just a start) with idle pooled connections open.
                try EmbeddedPostgres.pgCtl(["-D", dataDirectory, "-m", "fast", "-w", "restart", "-l", dataDirectory + "/server.log"])
                #expect(try await client.call(.get, "/v1/institutions", token: token).status == .ok)
            }
        }
    }
}
