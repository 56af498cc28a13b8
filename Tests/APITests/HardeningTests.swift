import Domain
import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

/// What an attack run found (issue 16): each case answered 500, or let something through.
@Suite("Hardening against bad input")
struct HardeningTests {
    @Test("control characters in a webhook URL are 422 on create and update, never stored")
    func webhookURLControlCharacters() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                for bad in ["\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{85}", " ", "\n"] {
                    let url = "https://hooks.example.org/a\(bad)b"
                    let created = try await client.call(
                        .post,
                        "/v1/webhook-subscriptions",
                        token: regulator,
                        json: ["url": url, "event_types": ["*"]]
                    )
                    #expect(created.status == .unprocessableContent, "\(bad.unicodeScalars.first!.value)")
                    #expect(created.headers[.contentType] == "application/problem+json")
                    #expect(created.errorFields == ["url"], "\(created.text)")
                }
                let good = try await client.call(
                    .post,
                    "/v1/webhook-subscriptions",
                    token: regulator,
                    json: ["url": "https://hooks.example.org/in", "event_types": ["*"]]
                )
                let id = try #require(good.json["id"] as? String)
                for bad in ["\u{0}", "\u{1}", "\u{7F}"] {
                    let patched = try await client.call(
                        .patch,
                        "/v1/webhook-subscriptions/\(id)",
                        token: regulator,
                        json: ["url": "https://hooks.example.org/x\(bad)", "version": 1]
                    )
                    #expect(patched.status == .unprocessableContent && patched.errorFields == ["url"], "\(patched.text)")
                }
                let stored = try await db.owner.query("SELECT url FROM webhook_subscriptions")
                #expect(try stored.map { try $0.decode(0, as: String.self) } == ["https://hooks.example.org/in"])
            }
        }
    }

    @Test("a NUL anywhere in a body, at any depth, is 422 naming the field, never 500")
    func nulInNestedStrings() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let campaign: [String: Any] = [
                    "name": "消防专项", "legal_basis": "x", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                    "target": "major_hazards_cleared", "target_date": "2026-12-31", "scope": ["districts": ["a\u{0}b"]],
                ]
                let reply = try await client.call(.post, "/v1/campaigns", token: regulator, json: campaign)
                #expect(reply.status == .unprocessableContent)
                #expect(reply.errorFields == ["scope.districts[0]"], "\(reply.text)")
                let draw: [String: Any] = ["name": "抽查", "sample": 1, "target_scope": ["districts": ["ok", "x\u{1}"]]]
                let drawReply = try await client.call(.post, "/v1/draws", token: regulator, json: draw)
                #expect(drawReply.errorFields == ["target_scope.districts[1]"], "\(drawReply.text)")
                // A key is text too.
                let keyed = try await client.call(.post, "/v1/institutions", token: regulator, raw: #"{"na\u0000me": "x"}"#)
                #expect(keyed.status == .unprocessableContent, "\(keyed.text)")
                // A repeated key is refused: the check and the decoder would read different values.
                let twice = try await client.call(.post, "/v1/institutions", token: regulator, raw: #"{"name": "a\u0000", "name": "ok"}"#)
                #expect(twice.status == .unprocessableContent && twice.errorFields == ["name"], "\(twice.text)")
                let nested = try await client.call(
                    .post,
                    "/v1/draws",
                    token: regulator,
                    raw: #"{"name": "x", "sample": 1, "target_scope": {"districts": ["a"], "distr\u0069cts": ["b"]}}"#
                )
                #expect(nested.status == .unprocessableContent && nested.errorFields == ["target_scope.districts"], "\(nested.text)")
                // A lone surrogate is not JSON.
                let surrogate = try await client.call(.post, "/v1/institutions", token: regulator, raw: #"{"name": "a\ud800b"}"#)
                #expect(surrogate.status == .unprocessableContent && surrogate.errorFields == ["body"], "\(surrogate.text)")
                // Without a valid token the answer is still 401, whatever the body.
                let anonymous = try await client.call(.post, "/v1/institutions", token: "ovs_nope", json: ["name": "\u{0}"])
                #expect(anonymous.status == .unauthorized)
                #expect(try await db.owner.query("SELECT 1 FROM campaigns").isEmpty)
            }
        }
    }

    @Test("unknown fields nested in a body are refused by their path")
    func nestedUnknownFields() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let draw: [String: Any] = [
                    "name": "抽查", "sample": 1, "target_scope": ["districts": ["a"], "district": "b"], "inspector_scope": ["x": 1],
                ]
                let reply = try await client.call(.post, "/v1/draws", token: regulator, json: draw)
                #expect(reply.status == .unprocessableContent)
                #expect(reply.errorFields == ["inspector_scope.x", "target_scope.district"], "\(reply.text)")
                let campaign: [String: Any] = [
                    "name": "c", "legal_basis": "x", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "target": "t",
                    "target_date": "2026-12-31",
                    "stages": [["kind": "inspection", "starts_on": "2026-01-01", "ends_on": "2026-02-01", "owner": "me"]],
                ]
                let stages = try await client.call(.post, "/v1/campaigns", token: regulator, json: campaign)
                #expect(stages.errorFields == ["stages[0].owner"], "\(stages.text)")
                let hazard: [String: Any] = [
                    "evidence": [["file_name": "a.jpg", "sha256": String(repeating: "a", count: 64), "size": 1, "path": "/etc"]]
                ]
                let evidence = try await client.call(.post, "/v1/hazards/\(UUID().lowercasedString)/evidence", token: regulator, json: hazard)
                #expect(evidence.errorFields == ["evidence[0].path"], "\(evidence.text)")
            }
        }
    }

    @Test("a regulator cannot subscribe on behalf of another tenant's inspector, or of none")
    func webhookInspectorOfAnotherTenant() async throws {
        try await TestDatabase.with { db in
            let (_, regulatorA) = try await db.makeTenant()
            let (_, regulatorB) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let inspector = try await client.call(
                    .post,
                    "/v1/inspectors",
                    token: regulatorA,
                    json: ["name": "王检查", "certificate_number": "ZF-0001"]
                )
                let inspectorA = try #require(inspector.json["id"] as? String)
                for id in [inspectorA, UUID().lowercasedString] {
                    let reply = try await client.call(
                        .post,
                        "/v1/webhook-subscriptions",
                        token: regulatorB,
                        json: ["url": "https://hooks.example.org/in", "event_types": ["*"], "inspector_id": id]
                    )
                    #expect(reply.status == .unprocessableContent && reply.errorFields == ["inspector_id"], "\(reply.text)")
                }
                let own = try await client.call(
                    .post,
                    "/v1/webhook-subscriptions",
                    token: regulatorA,
                    json: ["url": "https://hooks.example.org/in", "event_types": ["*"], "inspector_id": inspectorA]
                )
                #expect(own.status == .created)
                #expect(try await db.owner.query("SELECT 1 FROM webhook_subscriptions").count == 1)
            }
        }
    }

    @Test("an oversized sign-in or invitation form is 413 problem+json, not 500")
    func oversizedDashboardForm() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                let big = "login=" + String(repeating: "a", count: 10_000)
                for path in ["/w/sign-in", "/w/invite/ovi_" + String(repeating: "A", count: 43)] {
                    let reply = try await client.call(.post, path, token: nil, raw: big, headers: form)
                    #expect(reply.status == .contentTooLarge, "\(path): \(reply.status)")
                    #expect(reply.headers[.contentType] == "application/problem+json", "\(path)")
                }
            }
        }
    }

    @Test("the CLI never issues a platform token for --tenant, and says so")
    func platformTokenNeedsPlatformFlag() async throws {
        for arguments in [
            ["token", "create", "--tenant", "b", "--role", "platform_admin"],
            ["token", "create", "--role", "platform_admin"],
            ["token", "create", "--tenant", "b", "--role", "regulator", "--platform"],
        ] {
            let process = try WorkerProcess(databaseURL: "host=/nonexistent", arguments: arguments)
            let status = try await process.wait()
            #expect(status != 0, "\(arguments)")
            #expect(!process.logText.contains("ovs_"), "\(arguments): printed a token")
            #expect(process.logText.contains("platform"), "\(arguments): \(process.logText)")
        }
        let help = try WorkerProcess(databaseURL: "", arguments: ["token", "create", "--help"])
        _ = try await help.wait()
        #expect(help.logText.contains("any tenant's jobs") && help.logText.contains("--platform"), "\(help.logText)")
    }
}
