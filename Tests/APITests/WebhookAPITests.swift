import Domain
import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Webhook subscriptions over HTTP")
struct WebhookAPITests {
    static let path = "/v1/webhook-subscriptions"

    func subscription(_ url: String = "https://hooks.example.org/in", types: [String] = ["*"], extra: [String: Any] = [:]) -> [String: Any] {
        ["url": url, "event_types": types, "description": "bureau system"].merging(extra) { _, new in new }
    }

    @Test("create shows the secret once; reads, lists and idempotent replays never do")
    func secretShownOnce() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let created = try await client.call(
                    .post,
                    Self.path,
                    token: regulator,
                    json: self.subscription(),
                    headers: [.idempotencyKey: "k1"]
                )
                #expect(created.status == .created)
                let secret = try #require(created.json["secret"] as? String)
                #expect(secret.hasPrefix("whsec_") && WebhookSignature.key(ofSecret: secret) != nil)
                #expect(created.json["state"] as? String == "active")
                #expect((created.json["owner"] as? [String: Any])?["role"] as? String == "regulator")
                let id = try #require(created.json["id"] as? String)
                #expect(created.headers[.location] == "\(Self.path)/\(id)")
                let replay = try await client.call(
                    .post,
                    Self.path,
                    token: regulator,
                    json: self.subscription(),
                    headers: [.idempotencyKey: "k1"]
                )
                #expect(replay.json["id"] as? String == id)
                #expect(replay.json["secret"] is NSNull)
                let read = try await client.call(.get, "\(Self.path)/\(id)", token: regulator)
                #expect(read.status == .ok && read.json["secret"] == nil && !read.text.contains(secret))
                let list = try await client.call(.get, Self.path, token: regulator)
                #expect(list.items.count == 1 && !list.text.contains(secret))
                let audit = try await db.owner.query("SELECT coalesce(after::text, '') FROM audit_log")
                #expect(try audit.allSatisfy { !(try $0.decode(0, as: String.self)).contains(secret) })
            }
        }
    }

    @Test("bad URLs, unknown event types and unknown fields get 422 naming the field")
    func validation() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let cases: [([String: Any], String)] = [
                    (self.subscription("ftp://example.org/x"), "url"),
                    (self.subscription("https://user:pw@example.org/x"), "url"),
                    (self.subscription("not a url"), "url"),
                    (self.subscription(types: []), "event_types"),
                    (self.subscription(types: ["*", "hazard.overdue"]), "event_types"),
                    (self.subscription(types: ["institution.deleted"]), "event_types"),
                    (self.subscription(extra: ["secret": "whsec_mine"]), "secret"),
                    (self.subscription(extra: ["description": String(repeating: "x", count: 501)]), "description"),
                    (self.subscription(extra: ["institution_id": UUID().uuidString]), "institution_id"),
                ]
                for (body, field) in cases {
                    let reply = try await client.call(.post, Self.path, token: regulator, json: body)
                    #expect(reply.status == .unprocessableContent, "\(field)")
                    #expect(reply.errorFields.contains(field), "\(field): \(reply.text)")
                    #expect(reply.headers[.contentType] == "application/problem+json")
                }
                #expect(try await client.call(.get, Self.path, token: regulator).items.isEmpty)
            }
        }
    }

    @Test("an institution manages only its own; a regulator sees all; another tenant sees nothing")
    func scopes() async throws {
        try await TestDatabase.with { db in
            let (tenant, regulator) = try await db.makeTenant()
            let (_, otherRegulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let a = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON())
                let b = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON())
                let aID = try #require(a.json["id"] as? String)
                let bID = try #require(b.json["id"] as? String)
                let tokenA = try await db.issueToken(tenant: tenant.id, role: .institution, subject: UUID(uuidString: aID))
                let own = try await client.call(.post, Self.path, token: tokenA, json: self.subscription())
                #expect(own.status == .created)
                #expect((own.json["owner"] as? [String: Any])?["id"] as? String == aID)
                let ownID = try #require(own.json["id"] as? String)
                // Not for someone else.
                let forB = try await client.call(.post, Self.path, token: tokenA, json: self.subscription(extra: ["institution_id": bID]))
                #expect(forB.status == .unprocessableContent && forB.errorFields == ["institution_id"])
                // The regulator subscribes for B, and has its own.
                let scoped = try await client.call(.post, Self.path, token: regulator, json: self.subscription(extra: ["institution_id": bID]))
                #expect(scoped.status == .created)
                let scopedID = try #require(scoped.json["id"] as? String)
                let mine = try await client.call(.post, Self.path, token: regulator, json: self.subscription())
                let mineID = try #require(mine.json["id"] as? String)
                #expect(try await client.call(.get, Self.path, token: regulator).items.count == 3)
                let listA = try await client.call(.get, Self.path, token: tokenA)
                #expect(listA.items.compactMap { $0["id"] as? String } == [ownID])
                for id in [scopedID, mineID] {
                    #expect(try await client.call(.get, "\(Self.path)/\(id)", token: tokenA).status == .notFound)
                    #expect(try await client.call(.post, "\(Self.path)/\(id)/rotate-secret", token: tokenA).status == .notFound)
                    #expect(try await client.call(.patch, "\(Self.path)/\(id)", token: tokenA, json: ["state": "disabled"]).status == .notFound)
                }
                #expect(try await client.call(.get, "\(Self.path)/\(ownID)", token: regulator).status == .ok)
                #expect(try await client.call(.get, "\(Self.path)/\(ownID)", token: otherRegulator).status == .notFound)
                #expect(try await client.call(.get, Self.path, token: otherRegulator).items.isEmpty)
                #expect(try await client.call(.post, "\(Self.path)/\(ownID)/ping", token: otherRegulator).status == .notFound)
            }
        }
    }

    @Test("rotate, disable, re-enable, ping, list deliveries and replay")
    func lifecycle() async throws {
        try await TestDatabase.with { db in
            let (_, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let created = try await client.call(.post, Self.path, token: regulator, json: self.subscription())
                let id = try #require(created.json["id"] as? String)
                let first = try #require(created.json["secret"] as? String)
                let rotated = try await client.call(.post, "\(Self.path)/\(id)/rotate-secret", token: regulator)
                #expect(rotated.status == .ok)
                let second = try #require(rotated.json["secret"] as? String)
                #expect(second != first && second.hasPrefix("whsec_"))
                #expect(rotated.json["previous_secret_expires_at"] is String)
                // At rest both are sealed (scripts/test sets OVERSIGHT_SECRET_KEY) and open, for this subscription, to the two secrets.
                let seal = try #require(db.useCases().webhookSecrets.seal, "OVERSIGHT_SECRET_KEY is not set: run the tests through scripts/test")
                let stored = try await db.owner.query("SELECT tenant_id, secret, previous_secret FROM webhook_subscriptions")[0]
                let (tenantID, sealed, sealedPrevious) = (
                    try stored.decode(0, as: UUID.self), try stored.decode(1, as: String.self), try stored.decode(2, as: String.self)
                )
                let subscriptionID = try #require(UUID(uuidString: id))
                #expect(SecretSeal.isSealed(sealed) && SecretSeal.isSealed(sealedPrevious))
                #expect(try seal.open(sealed, tenant: tenantID, subscription: subscriptionID) == second)
                #expect(try seal.open(sealedPrevious, tenant: tenantID, subscription: subscriptionID) == first)
                #expect(throws: SecretSeal.Failure.self) { try seal.open(sealed, tenant: tenantID, subscription: UUID()) }

                let ping = try await client.call(.post, "\(Self.path)/\(id)/ping", token: regulator)
                #expect(ping.status == .accepted)
                let deliveryID = try #require(ping.json["delivery_id"] as? String)
                let deliveries = try await client.call(.get, "\(Self.path)/\(id)/deliveries", token: regulator)
                #expect(deliveries.items.count == 1)
                #expect(deliveries.items.first?["event_type"] as? String == "webhook.ping")
                #expect(deliveries.items.first?["state"] as? String == "pending")
                let replay = try await client.call(.post, "/v1/webhook-deliveries/\(deliveryID)/replay", token: regulator)
                #expect(replay.status == .accepted)
                #expect(replay.json["event_id"] as? String == ping.json["event_id"] as? String)
                let after = try await client.call(.get, "\(Self.path)/\(id)/deliveries", token: regulator)
                #expect(after.items.count == 2)
                #expect(after.items.first?["replay_of"] as? String == deliveryID)
                let jobs = try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'webhook.deliver'")
                #expect(try jobs[0].decode(0, as: Int.self) == 2)

                let disabled = try await client.call(.patch, "\(Self.path)/\(id)", token: regulator, json: ["state": "disabled"])
                #expect(disabled.json["state"] as? String == "disabled")
                #expect(try await client.call(.post, "\(Self.path)/\(id)/ping", token: regulator).status == .conflict)
                #expect(try await client.call(.post, "/v1/webhook-deliveries/\(deliveryID)/replay", token: regulator).status == .conflict)
                let enabled = try await client.call(
                    .patch,
                    "\(Self.path)/\(id)",
                    token: regulator,
                    json: ["state": "active", "event_types": ["hazard.overdue"]]
                )
                #expect(enabled.json["state"] as? String == "active")
                #expect(enabled.json["disabled_reason"] is NSNull)
                #expect(enabled.json["event_types"] as? [String] == ["hazard.overdue"])
                let bad = try await client.call(.patch, "\(Self.path)/\(id)", token: regulator, json: ["state": "paused"])
                #expect(bad.status == .unprocessableContent)
                #expect(try await client.call(.post, "/v1/webhook-deliveries/\(UUID())/replay", token: regulator).status == .notFound)
            }
        }
    }

    @Test("`oversight secrets seal` seals the secrets stored in clear before the key was set, and they still open")
    func sealCommand() async throws {
        try await TestDatabase.with { db in
            let (tenant, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let created = try await client.call(.post, Self.path, token: regulator, json: self.subscription())
                let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
                let plain = WebhookSignature.generateSecret()
                try await db.owner.query("UPDATE webhook_subscriptions SET secret = \(plain), previous_secret = NULL WHERE id = \(id)")
                let process = try WorkerProcess(databaseURL: db.ownerURL, arguments: ["secrets", "seal"])
                #expect(try await process.wait() == 0, "\(process.logText)")
                #expect(process.logText.contains("sealed the secrets of 1 subscriptions"))
                let stored = try await db.owner.query("SELECT secret FROM webhook_subscriptions WHERE id = \(id)")[0].decode(0, as: String.self)
                let seal = try #require(db.useCases().webhookSecrets.seal, "OVERSIGHT_SECRET_KEY is not set: run the tests through scripts/test")
                let opened = try seal.open(stored, tenant: tenant.id, subscription: id)
                #expect(SecretSeal.isSealed(stored) && opened == plain)
                // A second run finds nothing left in clear.
                let again = try WorkerProcess(databaseURL: db.ownerURL, arguments: ["secrets", "seal"])
                #expect(try await again.wait() == 0)
                #expect(again.logText.contains("of 0 subscriptions"))
            }
        }
    }
}
