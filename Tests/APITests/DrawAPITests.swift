import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing
import WebhookClient
import Workers

@Suite("Double-random draws: commit, execute, publish, verify")
struct DrawAPITests {
    static func handlers(_ db: TestDatabase) -> [any JobHandler] {
        let policy = WebhookDeliveryPolicy(schedule: WebhookRetrySchedule(delays: [0.2, 0.2]), disableAfter: 50)
        return [
            ExecuteDrawJob(db.useCases()), FanOutEventJob(db.useCases()),
            DeliverWebhookJob(db.useCases(), client: CurlClient(connections: 2, allowPrivateAddresses: true), policy: policy),
        ]
    }

    static func record(_ client: any TestClientProtocol, _ slug: String, _ id: String) async throws -> (JSONReply, DrawRecord?) {
        let reply = try await client.call(.get, "/public/\(slug)/draws/\(id)", token: nil)
        return (reply, try? JSONDecoder().decode(DrawRecord.self, from: Data(reply.text.utf8)))
    }

    /// Runs the real `oversight verify-draw`; returns its exit status and its output.
    static func verifyDraw(_ source: String) async throws -> (Int32, String) {
        let process = try WorkerProcess(databaseURL: "", arguments: ["verify-draw", source])
        let status = try await process.wait()
        return (status, process.logText.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a draw freezes its roster, creates its inspections once, tells the inspectors, and verifies")
    func lifecycle() async throws {
        try await TestDatabase.with { db in
            let receiver = try WebhookReceiver()
            try await receiver.start()
            defer { receiver.stop() }
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 4)
                let slug = scene.tenant.slug
                var institutions = [scene.institutionID]
                for _ in 0..<5 {
                    let created = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                    institutions.append(try #require(created.json["id"] as? String))
                }
                let elsewhere = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: scene.regulator,
                    json: Fixtures.institutionJSON(district: "沈河区")
                )
                let elsewhereID = try #require(elsewhere.json["id"] as? String)
                // Every inspector hears of its own assignments by webhook.
                for (index, token) in scene.inspectorTokens.enumerated() {
                    let subscription = try await client.call(
                        .post,
                        "/v1/webhook-subscriptions",
                        token: token,
                        json: ["url": receiver.url("/inspector\(index)"), "event_types": ["inspection.assigned"]]
                    )
                    #expect(subscription.status == .created)
                }

                let invalid = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "x", "sample": 2, "ratio": 0.5])
                #expect(invalid.errorFields == ["sample"])
                let created = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: [
                        "name": "2026年第四季度双随机抽查", "purpose": "GB 38600 合规检查", "target_scope": ["districts": ["和平区"]],
                        "sample": 3, "inspectors_per_target": 2, "risk_weighted": true, "scheduled_on": "2026-12-10",
                    ]
                )
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                #expect(try await Self.record(client, slug, id).0.status == .notFound)
                #expect(try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator).status == .conflict)

                let committed = try await client.call(.post, "/v1/draws/\(id)/commit", token: scene.regulator)
                #expect(committed.json["state"] as? String == "committed", "\(committed.text)")
                #expect(committed.json["server_seed"] is NSNull)
                #expect(try await client.call(.post, "/v1/draws/\(id)/commit", token: scene.regulator).status == .conflict)
                let (before, beforeRecord) = try await Self.record(client, slug, id)
                // The portal page of a committed draw says it is not drawn yet (and is not kept).
                let pageBefore = try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil)
                #expect(pageBefore.status == .ok && pageBefore.text.contains("尚未抽取"))
                let frozen = try #require(beforeRecord)
                #expect(frozen.serverSeed == nil && frozen.assignments == nil)
                #expect(DrawVerifier.verify(frozen) == .notYetDrawn)
                #expect(Set(frozen.roster.targets.map(\.id)) == Set(institutions))
                #expect(frozen.roster.targets.allSatisfy { $0.weight == 3 })  // never inspected, unrated: 1 + 1 + 1
                #expect(frozen.names?[scene.institutionID] == "和平区社会福利院")
                // An institution registered after the commit changes nothing.
                _ = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                #expect(try await Self.record(client, slug, id).0.text == before.text)
                let cached = try await client.call(
                    .get,
                    "/public/\(slug)/draws/\(id)",
                    token: nil,
                    headers: [.ifNoneMatch: before.headers[.eTag] ?? ""]
                )
                #expect(cached.status == .notModified)

                let entropy = "2026-11-23 福彩3D 第2026318期 5 8 1"
                let accepted = try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator, json: ["public_entropy": entropy])
                #expect(accepted.status == .accepted)
                let shopping = try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator, json: ["public_entropy": "other"])
                #expect(shopping.status == .conflict)

                let drawn = try await runWorkers(db, handlers: Self.handlers(db)) {
                    let draw = try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json
                    guard draw["state"] as? String == "drawn" else { return false }
                    // Wait for the webhooks too: one per assignment, to the inspector's own URL.
                    let heard = try (0..<scene.inspectorIDs.count).map { try receiver.received(path: "/inspector\($0)").count }
                    return heard.reduce(0, +) == 3 * 2
                }
                let jobs = try await db.owner.query("SELECT kind, state, last_error FROM jobs ORDER BY id")
                let summary = try jobs.map {
                    "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self)) \(try $0.decode(2, as: String?.self) ?? "")"
                }
                #expect(drawn, "\(summary)")
                let record = try #require(try await Self.record(client, slug, id).1)
                #expect(record.publicEntropy == entropy)
                #expect(DrawVerifier.verify(record) == .verified)
                let assignments = try #require(record.assignments)
                // Once drawn the page shows the assignments, by name, and is served the same from the page cache.
                let page = try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil)
                #expect(!page.text.contains("尚未抽取") && page.text.contains("<ol><li>"))
                #expect(page.text.components(separatedBy: "<li>").count - 1 >= assignments.count)
                #expect(try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil).text == page.text)
                #expect(try await client.call(.get, "/p/\(slug)/draws/\(id)?lang=en", token: nil).text.contains("Assignments"))
                #expect(assignments.count == 3)
                #expect(assignments.allSatisfy { $0.inspectors.count == 2 && institutions.contains($0.target) })
                #expect(!assignments.contains { $0.target == elsewhereID })

                // `oversight verify-draw` agrees: on the URL, on a file, and not on a tampered file.
                #expect(try await Self.verifyDraw("http://127.0.0.1:\(try #require(client.port))/public/\(slug)/draws/\(id)") == (0, "verified"))
                var tampered = record
                tampered.assignments![0].inspectors.reverse()
                for (candidate, expected) in [(record, true), (tampered, false)] {
                    let file = FileManager.default.temporaryDirectory.appendingPathComponent("draw-\(UUID()).json")
                    try JSONEncoder().encode(candidate).write(to: file)
                    defer { try? FileManager.default.removeItem(at: file) }
                    let (status, output) = try await Self.verifyDraw(file.path)
                    #expect((status == 0) == expected, "\(output)")
                    #expect(expected ? output == "verified" : output.contains("assignment 0"), "\(output)")
                }

                // The inspections exist once each, and each inspector sees its own.
                let inspections = try await client.call(.get, "/v1/inspections?draw_id=\(id)", token: scene.regulator).items
                #expect(Set(inspections.compactMap { $0["institution_id"] as? String }) == Set(assignments.map(\.target)))
                #expect(inspections.allSatisfy { $0["scheduled_on"] as? String == "2026-12-10" })
                let mine = try await client.call(.get, "/v1/me/inspections", token: scene.inspectorTokens[0]).items
                let expected = assignments.filter { $0.inspectors.contains(scene.inspectorIDs[0]) }.map(\.target)
                #expect(Set(mine.compactMap { $0["institution_id"] as? String }) == Set(expected))
                for (index, inspector) in scene.inspectorIDs.enumerated() {
                    let heard = try receiver.received(path: "/inspector\(index)")
                    let targets = heard.compactMap { ($0.json["data"] as? [String: Any])?["institution_id"] as? String }
                    #expect(Set(targets) == Set(assignments.filter { $0.inspectors.contains(inspector) }.map(\.target)))
                    #expect(heard.allSatisfy { $0.type == "inspection.assigned" && $0.verified.allSatisfy { $0 } })
                }

                // Executing again creates nothing: the API refuses, and a stray job is a no-op.
                #expect(
                    try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator, json: ["public_entropy": entropy]).status
                        == .conflict
                )
                try await db.database.withTenant(scene.tenant.id) { transaction in
                    let job = try NewJob(kind: DrawStore.executeKind, payload: DrawStore.ExecutePayload(drawID: UUID(uuidString: id)!))
                    try await JobQueue.enqueue(transaction.connection, tenantID: scene.tenant.id, job)
                }
                #expect(
                    try await runWorkers(db, handlers: Self.handlers(db)) {
                        try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'draw.execute' AND state = 'completed'")[0].decode(
                            0,
                            as: Int.self
                        ) == 2
                    }
                )
                let count = try await db.owner.query("SELECT count(*) FROM inspections WHERE draw_id = \(UUID(uuidString: id)!)")
                #expect(try count[0].decode(0, as: Int.self) == 3)

                // The public list shows the record; other tenants and unknown slugs see nothing.
                let list = try await client.call(.get, "/public/\(slug)/draws", token: nil)
                #expect(list.items.compactMap { $0["id"] as? String } == [id])
                #expect(list.items.first?["state"] as? String == "drawn")
                #expect(try await client.call(.get, "/public/no-such-bureau/draws", token: nil).status == .notFound)
                let (other, _) = try await db.makeTenant()
                #expect(try await Self.record(client, other.slug, id).0.status == .notFound)
                #expect(try await client.call(.get, "/v1/draws/\(id)", token: scene.inspectorTokens[0]).status == .notFound)
            }
        }
    }

    @Test("too few inspectors: 409 at commit, or a failed job naming the target that leaves the draw committed")
    func tooFewInspectors() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 2)
                let three = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: ["name": "三人一组", "sample": 1, "inspectors_per_target": 3]
                )
                let threeID = try #require(three.json["id"] as? String)
                let refused = try await client.call(.post, "/v1/draws/\(threeID)/commit", token: scene.regulator)
                #expect(refused.status == .conflict)
                #expect((refused.json["detail"] as? String)?.contains("检查人员不足") == true)
                let tooMany = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "过多", "sample": 5])
                #expect(
                    try await client.call(.post, "/v1/draws/\(try #require(tooMany.json["id"] as? String))/commit", token: scene.regulator).status
                        == .conflict
                )

                // One inspector steps aside for the only target: one eligible, two needed.
                _ = try await client.call(
                    .post,
                    "/v1/inspectors/\(scene.inspectorIDs[1])/conflicts",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "reason": "曾在该机构任职"]
                )
                let created = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "冲突", "ratio": 1])
                let id = try #require(created.json["id"] as? String)
                #expect(try await client.call(.post, "/v1/draws/\(id)/commit", token: scene.regulator).status == .ok)
                #expect(try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator).status == .accepted)
                #expect(
                    try await runWorkers(db, handlers: Self.handlers(db)) {
                        try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json["failure"] is String
                    }
                )
                let draw = try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator)
                #expect(draw.json["state"] as? String == "committed")
                #expect((draw.json["failure"] as? String)?.contains(scene.institutionID) == true)
                let job = try await db.owner.query("SELECT state, last_error FROM jobs WHERE kind = 'draw.execute'")
                #expect(try job[0].decode(0, as: String.self) == "discarded")
                #expect(try job[0].decode(1, as: String?.self)?.contains(scene.institutionID) == true)
                let inspections = try await db.owner.query("SELECT count(*) FROM inspections WHERE draw_id = \(UUID(uuidString: id)!)")
                #expect(try inspections[0].decode(0, as: Int.self) == 0)
            }
        }
    }
}
