import Domain
import Foundation
import Testing

@Suite("Webhook rules")
struct WebhookRulesTests {
    @Test("signing reproduces the Standard Webhooks specification's example")
    func standardExample() {
        let signature = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp: 1_614_265_330,
            body: Data(#"{"test": 2432232314}"#.utf8),
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        )
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("during a rotation the header carries one entry per secret; a malformed secret signs nothing")
    func rotationHeader() {
        let body = Data("{}".utf8)
        let a = WebhookSignature.generateSecret()
        let b = WebhookSignature.generateSecret()
        #expect(a.hasPrefix("whsec_") && a != b)
        #expect(WebhookSignature.key(ofSecret: a) != nil)
        let header = WebhookSignature.header(id: "e", timestamp: 1, body: body, secrets: [a, b])
        let entries = header.split(separator: " ").map(String.init)
        #expect(
            entries == [
                WebhookSignature.sign(id: "e", timestamp: 1, body: body, secret: a)!,
                WebhookSignature.sign(id: "e", timestamp: 1, body: body, secret: b)!,
            ]
        )
        #expect(WebhookSignature.sign(id: "e", timestamp: 1, body: body, secret: "not-a-secret") == nil)
        #expect(WebhookSignature.header(id: "e", timestamp: 2, body: body, secrets: [a]) != entries[0])
    }

    @Test("the retry schedule parses units, refuses nonsense, and jitters by at most 10 %")
    func schedule() throws {
        let schedule = try #require(WebhookRetrySchedule(parsing: "5s,5m,30m,2h,5h,10h,10h"))
        #expect(schedule == .standard)
        #expect(schedule.maxAttempts == 8)
        #expect(WebhookRetrySchedule(parsing: "200ms, 1s")?.delays == [0.2, 1])
        for bad in ["", "5", "5x", "-1s", "5s,,5s", "abc"] { #expect(WebhookRetrySchedule(parsing: bad) == nil, "\(bad)") }
        #expect(schedule.delay(afterAttempt: 1, unit: 0) == 4.5)
        #expect(schedule.delay(afterAttempt: 1, unit: 1) == 5.5)
        #expect(schedule.delay(afterAttempt: 2, unit: 0.5) == 300)
        #expect(schedule.delay(afterAttempt: 8, unit: 0.5) == nil)
        #expect(schedule.delay(afterAttempt: 0, unit: 0.5) == nil)
        // Retry-After lengthens the wait, never shortens it, and is capped at a day.
        #expect(schedule.delay(afterAttempt: 1, retryAfter: 60, unit: 0.5) == 60)
        #expect(schedule.delay(afterAttempt: 2, retryAfter: 60, unit: 0.5) == 300)
        #expect(schedule.delay(afterAttempt: 1, retryAfter: 10_000_000, unit: 0.5) == 86_400)
    }

    @Test("only public unicast addresses pass")
    func addresses() {
        let refused: [[UInt8]] = [
            [127, 0, 0, 1], [10, 1, 2, 3], [172, 16, 0, 1], [172, 31, 255, 255], [192, 168, 1, 1], [169, 254, 169, 254],
            [0, 0, 0, 0], [100, 64, 0, 1], [224, 0, 0, 1], [255, 255, 255, 255],
        ]
        for address in refused { #expect(!AddressPolicy.isPublic(ipv4: address), "\(address)") }
        for address: [UInt8] in [[8, 8, 8, 8], [172, 32, 0, 1], [192, 169, 0, 1], [1, 1, 1, 1]] {
            #expect(AddressPolicy.isPublic(ipv4: address), "\(address)")
        }
        let loopback6: [UInt8] = Array(repeating: 0, count: 15) + [1]
        let mapped10: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff, 10, 0, 0, 1]
        let mapped8: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff, 8, 8, 8, 8]
        let uniqueLocal: [UInt8] = [0xfd, 0x12] + Array(repeating: 0, count: 14)
        let linkLocal: [UInt8] = [0xfe, 0x80] + Array(repeating: 0, count: 14)
        let multicast: [UInt8] = [0xff, 0x02] + Array(repeating: 0, count: 14)
        let google: [UInt8] = [0x20, 0x01, 0x48, 0x60] + Array(repeating: 0, count: 11) + [0x88]
        for address in [loopback6, mapped10, uniqueLocal, linkLocal, multicast] { #expect(!AddressPolicy.isPublic(ipv6: address)) }
        #expect(AddressPolicy.isPublic(ipv6: mapped8))
        #expect(AddressPolicy.isPublic(ipv6: google))
        #expect(!AddressPolicy.isPublic(ipv4: [1, 2, 3]))
    }

    @Test("IPv6 forms that embed or translate to a non-public IPv4 address are refused, and non-global ranges")
    func embeddedIPv4() {
        let refused = [
            "::127.0.0.1", "::10.0.0.1", "::8.8.8.8",  // IPv4-compatible (deprecated, all of ::/96)
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:0:10.0.0.1",  // mapped, translated
            "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::1",  // 6to4 of private ones
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1",  // Teredo
            "64:ff9b::127.0.0.1", "64:ff9b::10.1.2.3", "64:ff9b::192.168.0.1", "64:ff9b:1::8.8.8.8",  // NAT64
            "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "::", "::1", "100::1",
            "2001:db8::1", "3fff::1", "3fff:fff::1", "2001:2::1", "5f00::1",
            "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1",
        ]
        for address in refused { #expect(AddressPolicy.isPublic(address: address) == false, "\(address)") }
        let allowed = [
            "3ff0::1", "3ffe:ffff::1", "2606:4700:4700::1111", "2001:4860:4860::8888", "2002:808:808::1", "64:ff9b::8.8.8.8", "::ffff:1.1.1.1",
            "9.9.9.9",
        ]
        for address in allowed { #expect(AddressPolicy.isPublic(address: address) == true, "\(address)") }
        #expect(AddressPolicy.isPublic(address: "not-an-address") == nil)
        #expect(AddressPolicy.isPublic(address: "[::1]") == nil)
    }

    @Test("answers classify as the spec says")
    func classify() {
        #expect(WebhookAttemptResult.classify(status: 204, retryAfter: nil) == .delivered)
        #expect(WebhookAttemptResult.classify(status: 200, retryAfter: 5) == .delivered)
        #expect(WebhookAttemptResult.classify(status: 410, retryAfter: nil) == .gone)
        #expect(WebhookAttemptResult.classify(status: 429, retryAfter: 7) == .failed(retryAfter: 7))
        #expect(WebhookAttemptResult.classify(status: 503, retryAfter: 7) == .failed(retryAfter: 7))
        #expect(WebhookAttemptResult.classify(status: 500, retryAfter: 7) == .failed(retryAfter: nil))
        #expect(WebhookAttemptResult.classify(status: 301, retryAfter: nil) == .failed(retryAfter: nil))
        #expect(WebhookAttemptResult.classify(status: nil, retryAfter: nil) == .failed(retryAfter: nil))
    }

    @Test("failures retry on schedule, then fail; a streak disables by count or by five days; success resets")
    func decisions() {
        let policy = WebhookDeliveryPolicy(schedule: WebhookRetrySchedule(delays: [1, 2]), disableAfter: 3)
        let now = Date(timeIntervalSince1970: 1_000_000)
        let fresh = WebhookFailureStreak()
        let first = policy.decide(.failed(retryAfter: nil), attempt: 1, streak: fresh, now: now, unit: 0.5)
        #expect(first.delivery == .retry(after: 1))
        #expect(first.streak == WebhookFailureStreak(failingSince: now, failedDeliveries: 0))
        #expect(first.disableReason == nil)
        let last = policy.decide(.failed(retryAfter: nil), attempt: 3, streak: first.streak, now: now, unit: 0.5)
        #expect(last.delivery == .failed)
        #expect(last.streak.failedDeliveries == 1)
        #expect(last.disableReason == nil)
        let third = policy.decide(
            .failed(retryAfter: nil),
            attempt: 3,
            streak: WebhookFailureStreak(failingSince: now, failedDeliveries: 2),
            now: now,
            unit: 0.5
        )
        #expect(third.disableReason == "3 deliveries in a row failed")
        let old = policy.decide(
            .failed(retryAfter: nil),
            attempt: 3,
            streak: WebhookFailureStreak(failingSince: now.addingTimeInterval(-5 * 86_400), failedDeliveries: 0),
            now: now,
            unit: 0.5
        )
        #expect(old.disableReason == "every delivery failed for 5 days")
        let gone = policy.decide(.gone, attempt: 1, streak: fresh, now: now, unit: 0.5)
        #expect(gone.delivery == .failed && gone.disableReason != nil)
        let success = policy.decide(.delivered, attempt: 2, streak: third.streak, now: now, unit: 0.5)
        #expect(success.delivery == .delivered && success.streak == fresh)
    }

    @Test("a regulator's subscription hears everything; an institution's and an inspector's only their own")
    func audience() {
        let institution = UUID()
        let inspector = UUID()
        let subjects = EventSubjects(institutionID: institution, inspectorIDs: [inspector])
        #expect(WebhookOwner(role: .regulator, id: nil).hears(subjects))
        #expect(WebhookOwner(role: .regulator, id: nil).hears(EventSubjects()))
        #expect(WebhookOwner(role: .institution, id: institution).hears(subjects))
        #expect(!WebhookOwner(role: .institution, id: UUID()).hears(subjects))
        #expect(!WebhookOwner(role: .institution, id: institution).hears(EventSubjects(inspectorIDs: [institution])))
        #expect(WebhookOwner(role: .inspector, id: inspector).hears(subjects))
        #expect(!WebhookOwner(role: .inspector, id: UUID()).hears(subjects))
        #expect(!WebhookOwner(role: .inspector, id: inspector).hears(EventSubjects(institutionID: inspector)))
    }

    @Test("subscriptions validate URLs and event types")
    func validation() {
        func errors(url: String = "https://hooks.example.org/x", types: [String] = ["*"]) -> [String] {
            var validator = Validator()
            WebhookSubscription.validate(url: url, into: &validator)
            WebhookSubscription.validate(eventTypes: types, into: &validator)
            return validator.errors.map(\.field)
        }
        #expect(errors().isEmpty)
        #expect(errors(types: ["institution.created", "hazard.overdue"]).isEmpty)
        #expect(errors(url: "ftp://example.org/") == ["url"])
        #expect(errors(url: "HTTPS://example.org/") == ["url"])
        #expect(errors(url: "https://user:pw@example.org/") == ["url"])
        #expect(errors(url: "not a url") == ["url"])
        #expect(errors(url: "https:///path") == ["url"])
        #expect(errors(types: []) == ["event_types"])
        #expect(errors(types: ["*", "institution.created"]) == ["event_types"])
        #expect(errors(types: ["institution.deleted"]) == ["event_types"])
        #expect(errors(types: ["hazard.overdue", "hazard.overdue"]) == ["event_types"])
    }

    @Test("event subjects encode flat and decode back")
    func subjectsRoundTrip() throws {
        let subjects = EventSubjects(institutionID: UUID(), inspectorIDs: [UUID(), UUID()], others: ["inspection_id": UUID()])
        let data = try JSONEncoder().encode(subjects)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["institution_id", "inspector_ids", "inspection_id"])
        #expect(try JSONDecoder().decode(EventSubjects.self, from: data) == subjects)
    }
}
