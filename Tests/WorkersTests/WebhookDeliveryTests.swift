import Domain
import Foundation
import Postgres
import Storage
import TestSupport
import Testing
import UseCases
import WebhookClient
import Workers

/// End to end: outbox event → fan-out job → delivery jobs → libcurl → a real Python
/// receiver that verifies signatures with the `standardwebhooks` package.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    func handlers(_ db: TestDatabase, schedule: [Double] = [0.2, 0.2, 0.2], disableAfter: Int = 50, allowPrivate: Bool = true) -> [any JobHandler] {
        let client = CurlClient(connections: 4, allowPrivateAddresses: allowPrivate)
        let policy = WebhookDeliveryPolicy(schedule: WebhookRetrySchedule(delays: schedule), disableAfter: disableAfter)
        return [FanOutEventJob(db.useCases()), DeliverWebhookJob(db.useCases(), client: client, policy: policy)]
    }

    func subscribe(
        _ db: TestDatabase,
        _ tenant: UUID,
        owner: WebhookOwner = WebhookOwner(role: .regulator, id: nil),
        url: String,
        types: [String] = ["*"]
    ) async throws -> (id: UUID, secret: String) {
        try await db.database.withTenant(tenant) { transaction in
            let subscription = WebhookSubscription(
                id: UUIDv7.make(),
                owner: owner,
                url: url,
                eventTypes: types,
                description: "test",
                createdAt: Date(),
                updatedAt: Date()
            )
            let secret = WebhookSignature.generateSecret()
            try await WebhookStore(secrets: db.useCases().webhookSecrets).create(transaction, subscription, secret: secret)
            return (subscription.id, secret)
        }
    }

    func emit(_ db: TestDatabase, _ tenant: UUID, _ type: String, _ subjects: EventSubjects = EventSubjects()) async throws -> UUID {
        try await db.database.withTenant(tenant) { try await EventOutbox.emit($0, type: type, subjects: subjects, data: ["note": "test"]) }
    }

    /// Registers an institution as the API does (so `institution.created` is emitted).
    func register(_ db: TestDatabase, _ transaction: TenantTransaction) async throws -> Institution {
        let json = try JSONSerialization.data(withJSONObject: Fixtures.institutionJSON())
        let fields = try JSONCoding.decoder.decode(InstitutionFields.self, from: json)
        return try await InstitutionUseCases(db.useCases()).register(Caller(job: "test", transaction), fields)
    }

    func deliveries(_ db: TestDatabase, _ subscription: UUID) async throws -> [(state: String, attempts: Int, event: UUID)] {
        try await db.owner.query(
            "SELECT state, attempts, event_id FROM webhook_deliveries WHERE subscription_id = \(subscription) ORDER BY id"
        ).map { (try $0.decode(0), try $0.decode(1), try $0.decode(2)) }
    }

    func subscriptionState(_ db: TestDatabase, _ id: UUID) async throws -> (state: String, reason: String?) {
        let row = try await db.owner.query("SELECT state, disabled_reason FROM webhook_subscriptions WHERE id = \(id)")[0]
        return (try row.decode(0), try row.decode(1))
    }

    /// The jobs and deliveries left behind, for a failure's message.
    func explain(_ db: TestDatabase) async throws -> String {
        let jobs = try await db.owner.query("SELECT kind, state, attempts, coalesce(last_error, '') FROM jobs ORDER BY id").map {
            "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self)) attempts=\(try $0.decode(2, as: Int.self)) \(try $0.decode(3, as: String.self))"
        }
        let deliveries = try await db.owner.query(
            "SELECT state, attempts, coalesce(last_status, 0), coalesce(last_error, '') FROM webhook_deliveries ORDER BY id"
        ).map {
            "\(try $0.decode(0, as: String.self)) attempts=\(try $0.decode(1, as: Int.self)) status=\(try $0.decode(2, as: Int.self)) \(try $0.decode(3, as: String.self))"
        }
        return "jobs: \(jobs.joined(separator: "; ")) deliveries: \(deliveries.joined(separator: "; "))"
    }

    /// No job or delivery is left to run.
    func idle(_ db: TestDatabase) async throws -> Bool {
        try await db.owner.query(
            """
            SELECT NOT EXISTS (SELECT 1 FROM jobs WHERE state IN ('available', 'running', 'retryable'))
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE state = 'pending')
            """
        )[0].decode(0, as: Bool.self)
    }

    @Test("the receiver gets the POST and standardwebhooks verifies it, also with two signatures during a rotation")
    func signedAndRotated() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            let (subscription, secret) = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"))
            try receiver.configure(secrets: ["/ok": [secret]])
            let institution = try await db.database.withTenant(tenant.id) { try await self.register(db, $0) }
            // Eight attempts and a minute: on a loaded CI machine one attempt can time out.
            let handlers = self.handlers(db, schedule: Array(repeating: 0.3, count: 8))
            try await withRunner(db, handlers: handlers, timeout: .seconds(60), explain: { try await self.explain(db) }) {
                try receiver.received(path: "/ok").count >= 1
            }
            let first = try #require(receiver.received(path: "/ok").first)
            let eventID = try await db.owner.query("SELECT id FROM events WHERE type = 'institution.created'")[0].decode(0, as: UUID.self)
            #expect(first.verified == [true])
            #expect(first.webhookID == eventID.lowercasedString)
            #expect(first.contentType == "application/json")
            #expect(first.type == "institution.created")
            #expect(first.json["tenant"] as? String == tenant.slug)
            #expect((first.json["data"] as? [String: Any])?["credit_code"] as? String == institution.creditCode)
            #expect(try await eventually(timeout: .seconds(10)) { try await self.deliveries(db, subscription).first?.state == "delivered" })

            let rotated = try await db.database.withTenant(tenant.id) { transaction in
                let next = WebhookSignature.generateSecret()
                _ = try await WebhookStore(secrets: db.useCases().webhookSecrets).rotateSecret(
                    transaction,
                    id: subscription,
                    newSecret: next,
                    until: Date().addingTimeInterval(3600)
                )
                return next
            }
            // The receiver checks each secret on its own: both must verify.
            try receiver.configure(secrets: ["/ok": [rotated, secret]])
            let before = try receiver.received(path: "/ok").count
            _ = try await self.emit(db, tenant.id, "institution.updated", EventSubjects(institutionID: institution.id))
            try await withRunner(db, handlers: handlers, timeout: .seconds(60), explain: { try await self.explain(db) }) {
                try receiver.received(path: "/ok").count > before
            }
            let second = try #require(receiver.received(path: "/ok").last)
            #expect(second.verified == [true, true])
            #expect(second.signature?.split(separator: " ").count == 2)
        }
    }

    @Test("receiver down: the delivery is retried, then delivered once it is up, with the same webhook-id")
    func receiverDown() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            let (subscription, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"))
            let event = try await self.emit(db, tenant.id, "institution.updated")
            let handlers = self.handlers(db, schedule: Array(repeating: 0.3, count: 20))
            try await withRunner(db, handlers: handlers) { try await self.deliveries(db, subscription).first.map { $0.attempts >= 1 } ?? false }
            #expect(try await self.deliveries(db, subscription).first?.state == "pending")
            try await receiver.start()
            try await withRunner(db, handlers: handlers) { try await self.deliveries(db, subscription).first?.state == "delivered" }
            let received = try receiver.received(path: "/ok")
            #expect(received.count == 1)
            #expect(received.allSatisfy { $0.webhookID == event.lowercasedString })
            let log = try await db.database.withTenant(tenant.id) { transaction in
                try await WebhookStore(secrets: db.useCases().webhookSecrets).deliveries(
                    transaction,
                    subscriptionID: subscription,
                    before: nil,
                    limit: 10
                )
            }.items[0].attemptLog
            #expect(log.count >= 2)
            #expect(log.first?.statusCode == nil && log.first?.error != nil)
            #expect(log.last?.statusCode == 204 && log.last?.error == nil)
        }
    }

    @Test("500 until the schedule runs out: deliveries fail, then the subscription is disabled and webhook.disabled is emitted")
    func persistentFailure() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try receiver.configure(status: ["/fail": 500])
            try await receiver.start()
            let (failing, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/fail"), types: ["institution.updated"])
            let (watcher, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"), types: ["webhook.disabled"])
            let first = try await self.emit(db, tenant.id, "institution.updated")
            let second = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: self.handlers(db, schedule: [0.1], disableAfter: 2)) {
                try receiver.received(path: "/ok").count >= 1
            }
            let failed = try await self.deliveries(db, failing)
            #expect(failed.map(\.state) == ["failed", "failed"])
            #expect(failed.map(\.attempts) == [2, 2])
            let hits = try receiver.received(path: "/fail")
            #expect(hits.count == 4)
            #expect(Set(hits.compactMap(\.webhookID)) == [first.lowercasedString, second.lowercasedString])
            let state = try await self.subscriptionState(db, failing)
            #expect(state.state == "disabled")
            #expect(state.reason == "2 deliveries in a row failed")
            let notice = try #require(try receiver.received(path: "/ok").first)
            #expect(notice.type == "webhook.disabled")
            #expect((notice.json["data"] as? [String: Any])?["subscription_id"] as? String == failing.lowercasedString)
            #expect(try await self.subscriptionState(db, watcher).state == "active")
            // A disabled subscription gets no new deliveries.
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: self.handlers(db)) { try await self.idle(db) }
            #expect(try await self.deliveries(db, failing).count == 2)
        }
    }

    @Test("a secret sealed under another key fails its attempts with that reason, signing nothing, until it is put right")
    func unreadableSecret() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            let (id, secret) = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"))
            let otherKey = try #require(SecretSeal(base64URL: SecretSeal.generateKey()))
            let foreign = try otherKey.seal(secret, tenant: tenant.id, subscription: id)
            try await db.owner.query("UPDATE webhook_subscriptions SET secret = \(foreign) WHERE id = \(id)")
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: self.handlers(db, schedule: [30])) {
                try await self.deliveries(db, id).first?.attempts == 1
            }
            let attempt = try await db.owner.query(
                """
                SELECT a.status_code, a.error FROM webhook_attempts a
                JOIN webhook_deliveries d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id WHERE d.subscription_id = \(id)
                """
            )
            #expect(attempt.count == 1)
            #expect(try attempt.first?.decode(0, as: Int?.self) == nil)
            #expect(try attempt.first?.decode(1, as: String?.self)?.contains("does not open") == true)
            #expect(try await self.deliveries(db, id).first?.state == "pending")  // the next attempt is scheduled
            #expect(try receiver.received(path: "/ok").isEmpty)
        }
    }

    func streak(_ db: TestDatabase, _ id: UUID) async throws -> (failing: Bool, inARow: Int) {
        let row = try await db.owner.query(
            "SELECT failing_since IS NOT NULL, failed_deliveries_in_a_row FROM webhook_subscriptions WHERE id = \(id)"
        )[0]
        return (try row.decode(0), try row.decode(1))
    }

    @Test("many events of two tenants at once: batched loads and records keep each delivery's own outcome and tenant")
    func batched() async throws {
        try await TestDatabase.with { db in
            let receiver = try WebhookReceiver()
            try receiver.configure(status: ["/a-fail": 500, "/b-fail": 500])
            try await receiver.start()
            var tenants: [(ok: UUID, fail: UUID, events: Set<String>, path: String)] = []
            for name in ["a", "b"] {
                let (tenant, _) = try await db.makeTenant()
                let (ok, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/\(name)-ok"))
                let (fail, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/\(name)-fail"))
                var events: Set<String> = []
                for _ in 0..<15 { events.insert(try await self.emit(db, tenant.id, "institution.updated").lowercasedString) }
                tenants.append((ok, fail, events, "/\(name)-ok"))
            }
            // Failures wait a minute for their next attempt: each stays pending after one.
            let handlers = self.handlers(db, schedule: [60])
            try await withRunner(db, handlers: handlers) {
                let attempted = try await db.owner.query("SELECT count(*) FROM webhook_attempts")[0].decode(0, as: Int.self)
                return attempted == 60
            }
            for tenant in tenants {
                let delivered = try await self.deliveries(db, tenant.ok)
                #expect(delivered.count == 15)
                #expect(delivered.allSatisfy { $0.state == "delivered" && $0.attempts == 1 })
                #expect(Set(delivered.map(\.event.lowercasedString)) == tenant.events)
                // Each event reached the receiver, under its own id. Delivery is at least once:
                // on a loaded machine a request arrived twice in one CI run (a lease that ran
                // out, or libcurl resending on a fresh connection); receivers deduplicate on
                // webhook-id (spec/webhooks.md).
                let hits = try receiver.received(path: tenant.path)
                #expect(hits.count >= 15)
                #expect(Set(hits.compactMap(\.webhookID)) == tenant.events)
                let pending = try await self.deliveries(db, tenant.fail)
                #expect(pending.count == 15)
                #expect(pending.allSatisfy { $0.state == "pending" && $0.attempts == 1 })
                #expect(try await self.streak(db, tenant.ok) == (false, 0))
                #expect(try await self.streak(db, tenant.fail) == (true, 0))
            }
            let outcomes = try await db.owner.query(
                """
                SELECT count(*) FILTER (WHERE a.status_code = 204 AND a.error IS NULL AND d.state = 'delivered'),
                    count(*) FILTER (WHERE a.status_code = 500 AND a.error IS NOT NULL AND d.state = 'pending'),
                    count(*) FILTER (WHERE a.tenant_id <> d.tenant_id OR a.number <> 1)
                FROM webhook_attempts a JOIN webhook_deliveries d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id
                """
            )[0]
            #expect(try outcomes.decode(0, as: Int.self) == 30)
            #expect(try outcomes.decode(1, as: Int.self) == 30)
            #expect(try outcomes.decode(2, as: Int.self) == 0)
        }
    }

    @Test("an event that cannot be fanned out fails only its own job, not the batch it came in")
    func poisonEvent() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            let (subscription, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"))
            let poison = try await self.emit(db, tenant.id, "institution.updated")
            try await db.owner.query("UPDATE events SET subjects = '{\"institution_id\": \"not a uuid\"}' WHERE id = \(poison)")
            for _ in 0..<10 { _ = try await self.emit(db, tenant.id, "institution.updated") }
            try await withRunner(db, handlers: self.handlers(db)) {
                try await self.deliveries(db, subscription).filter { $0.state == "delivered" }.count == 10
            }
            #expect(try await self.deliveries(db, subscription).allSatisfy { $0.event != poison })
            let job = try await db.owner.query(
                "SELECT state, last_error IS NOT NULL FROM jobs WHERE kind = 'events.fanout' AND payload ->> 'event_id' = \(poison.lowercasedString)"
            )[0]
            #expect(try job.decode(0, as: String.self) != "completed")
            #expect(try job.decode(1, as: Bool.self))
        }
    }

    @Test("a failed delivery adds to the streak; a success afterwards clears it")
    func streakResets() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try receiver.configure(status: ["/flaky": 500])
            try await receiver.start()
            let (subscription, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/flaky"))
            _ = try await self.emit(db, tenant.id, "institution.updated")
            let handlers = self.handlers(db, schedule: [0.1])
            try await withRunner(db, handlers: handlers) { try await self.deliveries(db, subscription).first?.state == "failed" }
            #expect(try await self.streak(db, subscription) == (true, 1))
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: handlers) {
                let ended = try await self.deliveries(db, subscription).filter { $0.state == "failed" }.count
                return ended == 2
            }
            #expect(try await self.streak(db, subscription) == (true, 2))
            try receiver.configure(status: ["/flaky": 204])
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: handlers) { try await self.deliveries(db, subscription).last?.state == "delivered" }
            #expect(try await self.streak(db, subscription) == (false, 0))
            #expect(try await self.subscriptionState(db, subscription).state == "active")
        }
    }

    @Test("410 Gone disables the subscription at once")
    func gone() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try receiver.configure(status: ["/gone": 410])
            try await receiver.start()
            let (subscription, _) = try await self.subscribe(db, tenant.id, url: receiver.url("/gone"))
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: self.handlers(db, schedule: [0.1, 0.1, 0.1])) {
                try await self.subscriptionState(db, subscription).state == "disabled"
            }
            #expect(try receiver.received(path: "/gone").count == 1)
            #expect(try await self.deliveries(db, subscription).map(\.state) == ["failed"])
            #expect(try await self.subscriptionState(db, subscription).reason == "the receiver answered 410 Gone")
        }
    }

    @Test("a URL that resolves to 127.0.0.1 is refused when private addresses are not allowed")
    func privateRefused() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            let (subscription, _) = try await self.subscribe(db, tenant.id, url: "http://localhost:\(receiver.port)/ok")
            _ = try await self.emit(db, tenant.id, "institution.updated")
            try await withRunner(db, handlers: self.handlers(db, schedule: [], allowPrivate: false)) {
                try await self.deliveries(db, subscription).first?.state == "failed"
            }
            let attempt = try await db.owner.query("SELECT status_code, error FROM webhook_attempts")
            #expect(attempt.count == 1)
            #expect(try attempt[0].decode(0, as: Int?.self) == nil)
            #expect(try attempt[0].decode(1, as: String.self).contains("not a public address"))
            #expect(try receiver.received().isEmpty)
            // The same client, allowed, reaches it: the refusal was the policy, not the network.
            let open = CurlClient(connections: 1, allowPrivateAddresses: true)
            let result = try await open.post(url: "http://localhost:\(receiver.port)/ok", headers: [], body: Data("{}".utf8))
            #expect(result.status == 204)
        }
    }

    @Test("IPv6 literals that embed a private IPv4 address are refused by the policy before any connect")
    func embeddedIPv4Refused() async throws {
        let client = CurlClient(connections: 1, allowPrivateAddresses: false)
        for host in [
            "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[2002:7f00:1::1]", "[64:ff9b::a00:1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[fd00::1]",
        ] {
            let result = try await client.post(url: "http://\(host):9/hook", headers: [], body: Data("{}".utf8))
            #expect(result.status == nil, "\(host)")
            #expect(result.error?.contains("not a public address") == true, "\(host): \(result.error ?? "no error")")
        }
    }

    @Test("an institution's subscription hears only its institution, an inspector's only its own assignments")
    func scoping() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            let (a, b, x, y) = (UUID(), UUID(), UUID(), UUID())
            _ = try await self.subscribe(db, tenant.id, owner: WebhookOwner(role: .institution, id: a), url: receiver.url("/a"))
            _ = try await self.subscribe(db, tenant.id, owner: WebhookOwner(role: .institution, id: b), url: receiver.url("/b"))
            _ = try await self.subscribe(db, tenant.id, owner: WebhookOwner(role: .inspector, id: x), url: receiver.url("/x"))
            _ = try await self.subscribe(db, tenant.id, owner: WebhookOwner(role: .inspector, id: y), url: receiver.url("/y"))
            _ = try await self.subscribe(db, tenant.id, url: receiver.url("/regulator"))
            // Another tenant's subscription, listening to everything, hears none of this.
            let (other, _) = try await db.makeTenant()
            _ = try await self.subscribe(db, other.id, url: receiver.url("/other"))
            let aUpdated = try await self.emit(db, tenant.id, "institution.updated", EventSubjects(institutionID: a))
            let bUpdated = try await self.emit(db, tenant.id, "institution.updated", EventSubjects(institutionID: b))
            let assigned = try await self.emit(db, tenant.id, "inspection.assigned", EventSubjects(institutionID: a, inspectorIDs: [x]))
            try await withRunner(db, handlers: self.handlers(db)) {
                let heard = try receiver.received(path: "/regulator").count == 3
                let idle = try await self.idle(db)
                return heard && idle
            }
            func ids(_ path: String) throws -> Set<String> { Set(try receiver.received(path: path).compactMap(\.webhookID)) }
            #expect(try ids("/a") == [aUpdated.lowercasedString, assigned.lowercasedString])
            #expect(try ids("/b") == [bUpdated.lowercasedString])
            #expect(try ids("/x") == [assigned.lowercasedString])
            #expect(try ids("/y").isEmpty)
            #expect(try ids("/other").isEmpty)
        }
    }

    @Test("a rolled-back mutation emits nothing")
    func rolledBack() async throws {
        struct Abort: Error {}
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let receiver = try WebhookReceiver()
            try await receiver.start()
            _ = try await self.subscribe(db, tenant.id, url: receiver.url("/ok"))
            await #expect(throws: Abort.self) {
                try await db.database.withTenant(tenant.id) { transaction in
                    _ = try await self.register(db, transaction)
                    throw Abort()
                }
            }
            let kept = try await db.database.withTenant(tenant.id) { try await self.register(db, $0) }
            try await withRunner(db, handlers: self.handlers(db)) {
                let heard = try !receiver.received().isEmpty
                let idle = try await self.idle(db)
                return heard && idle
            }
            let received = try receiver.received()
            #expect(received.count == 1)
            #expect((received.first?.json["data"] as? [String: Any])?["id"] as? String == kept.id.lowercasedString)
            #expect(try await db.owner.query("SELECT count(*) FROM events")[0].decode(0, as: Int.self) == 1)
            #expect(try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'events.fanout'")[0].decode(0, as: Int.self) == 1)
        }
    }
}
