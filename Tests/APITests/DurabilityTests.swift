import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Durability of the embedded default")
struct DurabilityTests {
    @Test("oversight dev's cluster keeps every acknowledged write across immediate-mode restarts under load")
    func acknowledgedWritesSurvive() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("durability-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let (cluster, embedded) = try await TestCluster.embedded(in: directory)
        defer {
            embedded.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        try await TestDatabase.with(cluster: cluster, poolSize: 8) { db in
            // The settings themselves: PostgreSQL's durable defaults, not the test clusters' speed settings.
            for setting in EmbeddedPostgres.durableSettings {
                let shown = try await db.owner.query("SELECT current_setting(\(setting))")
                #expect(try shown[0].decode(0, as: String.self) == "on", "\(setting)")
            }
            let (_, token) = try await db.makeTenant()
            let acknowledged = try await withLiveApp(db) { client in
                try await withThrowingTaskGroup(of: [String].self) { group in
                    // Each writer runs until the crashes are over and it has three writes of
                    // its own acknowledged: a count, not a time, so a busy machine only slows it.
                    let crashes = CrashesOver()
                    for _ in 0..<8 {
                        group.addTask {
                            var ids: [String] = []
                            while !Task.isCancelled {
                                if ids.count >= 3, await crashes.over { break }
                                // A request left unanswered by a crash (the client's read timeout on a
                                // busy machine) was never acknowledged: it counts for nothing either way.
                                guard let reply = try? await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON())
                                else { continue }
                                if reply.status == .created, let id = reply.json["id"] as? String { ids.append(id) }
                            }
                            return ids
                        }
                    }
                    // Four crashes of the server while the writers run (immediate mode: no checkpoint).
                    for _ in 0..<4 {
                        try await Task.sleep(for: .seconds(2))
                        try EmbeddedPostgres.pgCtl([
                            "-D", embedded.directory, "-m", "immediate", "-w", "restart", "-l", embedded.directory + "/server.log",
                        ])
                    }
                    await crashes.end()
                    var all: [String] = []
                    for try await ids in group { all += ids }
                    return all
                }
            }
            #expect(acknowledged.count > 20, "the load must have written something: \(acknowledged.count)")
            let stored = Set(try await db.owner.query("SELECT id::text FROM institutions").map { try $0.decode(0, as: String.self) })
            let lost = acknowledged.filter { !stored.contains($0) }
            #expect(lost.isEmpty, "\(lost.count) of \(acknowledged.count) acknowledged institutions were lost")
        }
    }
}

/// Whether the test's server crashes are over.
private actor CrashesOver {
    private(set) var over = false
    func end() { self.over = true }
}
