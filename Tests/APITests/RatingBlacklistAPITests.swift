import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing
import UseCases
import Workers

@Suite("Ratings, the blacklist, and what the public sees")
struct RatingBlacklistAPITests {
    static var fiveStars: [String: Any] { ["environment": 120, "facilities": 130, "operations": 150, "services": 560] }

    /// Runs one periodic job of `kind` for the tenant with a fixed clock.
    static func runDaily(_ db: TestDatabase, tenant: UUID, kind: String, at now: Date) async throws {
        try await db.database.withTenant(tenant) { transaction in
            try await JobQueue.enqueue(transaction.connection, tenantID: tenant, try NewJob(kind: kind, payload: [String: String]()))
        }
        let handlers: [any JobHandler] = [
            ExpireRatingsJob(UseCaseDependencies(database: db.database, time: TimeSource { now })),
            AdvanceBlacklistJob(UseCaseDependencies(database: db.database, time: TimeSource { now })),
        ]
        #expect(
            try await runWorkers(db, handlers: handlers) {
                try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = \(kind) AND state = 'completed'")[0].decode(0, as: Int.self) >= 1
            }
        )
    }

    @Test("a rating is computed, capped the first time, published for three years, and refused while blacklisted")
    func ratings() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let badScheme = try await client.call(
                    .put,
                    "/v1/rating-scheme",
                    token: scene.regulator,
                    json: [
                        "total": 1000, "validity_years": 3,
                        "sections": [["key": "environment", "name": "环境", "max": 400], ["key": "services", "name": "服务", "max": 500]],
                        "levels": [["level": 1, "min_total": 500, "min_share": 0.5], ["level": 2, "min_total": 400, "min_share": 0.6]],
                        "prerequisites": [
                            "not_blacklisted": true, "clean_record_years": 2, "min_operating_years": 1, "first_rating_max_level": 1,
                            "upgrade_after_years": 2,
                        ],
                    ]
                )
                #expect(badScheme.status == .unprocessableContent)
                #expect(Set(badScheme.errorFields) == ["sections", "levels[1].min_total"])

                let invalid = try await client.call(
                    .post,
                    "/v1/ratings",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scores": ["environment": 121]]
                )
                #expect(Set(invalid.errorFields) == ["scores.environment", "scores.facilities", "scores.operations", "scores.services"])
                let draft = try await client.call(
                    .post,
                    "/v1/ratings",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scores": Self.fiveStars, "operating_since": "2020-05-01"]
                )
                #expect(draft.status == .created, "\(draft.text)")
                #expect(draft.json["computed_level"] as? Int == 5)
                #expect(draft.json["level"] as? Int == 3)  // a first rating is at most level 3
                #expect((draft.json["missed"] as? [String])?.isEmpty == true)
                #expect((draft.json["capped"] as? [String])?.first?.contains("first rating") == true)
                let id = try #require(draft.json["id"] as? String)
                // The institution does not see drafts.
                #expect(try await client.call(.get, "/v1/ratings/\(id)", token: scene.institutionToken).status == .notFound)
                let published = try await client.call(.post, "/v1/ratings/\(id)/publish", token: scene.regulator)
                #expect(published.json["state"] as? String == "published")
                let publishedAt = try #require(RFC3339Text.date(from: published.json["published_at"] as? String ?? ""))
                let validUntil = try #require(RFC3339Text.date(from: published.json["valid_until"] as? String ?? ""))
                #expect(validUntil == Calendar(identifier: .gregorian).date(byAdding: .year, value: 3, to: publishedAt))
                #expect(try await client.call(.get, "/v1/ratings/\(id)", token: scene.institutionToken).status == .ok)
                #expect(try await client.call(.post, "/v1/ratings/\(id)/publish", token: scene.regulator).status == .conflict)

                // A young institution is refused, with the reason.
                let young = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let youngID = try #require(young.json["id"] as? String)
                let early = try await client.call(
                    .post,
                    "/v1/ratings",
                    token: scene.regulator,
                    json: ["institution_id": youngID, "scores": Self.fiveStars, "operating_since": "2026-06-01"]
                )
                let refused = try await client.call(.post, "/v1/ratings/\(try #require(early.json["id"] as? String))/publish", token: scene.regulator)
                #expect(refused.status == .conflict)
                #expect((refused.json["detail"] as? String)?.contains("前提条件未满足") == true)
                let reasons = (refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                #expect(reasons.contains { $0.contains("operating for less than 1 year") }, "\(reasons)")

                // Expiry with a fixed clock: three years and a day later.
                let later = validUntil.addingTimeInterval(86_400)
                try await Self.runDaily(db, tenant: scene.tenant.id, kind: "ratings.expire", at: later)
                let expired = try await client.call(.get, "/v1/ratings/\(id)", token: scene.regulator)
                #expect(expired.json["state"] as? String == "expired")
                let events = try await db.owner.query("SELECT count(*) FROM events WHERE type = 'rating.expired' AND tenant_id = \(scene.tenant.id)")
                #expect(try events[0].decode(0, as: Int.self) == 1)
            }
        }
    }

    @Test("the blacklist: the institution sees its entry from notification, objection window, listing suspends the rating, public view")
    func blacklist() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let slug = scene.tenant.slug
                let rating = try await client.call(
                    .post,
                    "/v1/ratings",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scores": Self.fiveStars, "operating_since": "2020-05-01"]
                )
                _ = try await client.call(.post, "/v1/ratings/\(try #require(rating.json["id"] as? String))/publish", token: scene.regulator)

                let badReason = try await client.call(
                    .post,
                    "/v1/blacklist",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "reason": "10", "facts": "x", "legal_basis": "y"]
                )
                #expect(badReason.errorFields == ["reason"])
                let notice = try await client.uploadEvidence(token: scene.regulator, fileName: "通知书.pdf")
                func propose() async throws -> String {
                    let proposed = try await client.call(
                        .post,
                        "/v1/blacklist",
                        token: scene.regulator,
                        json: [
                            "institution_id": scene.institutionID, "reason": "4", "facts": "三楼疏散通道堵塞逾期未整改",
                            "legal_basis": "养老服务市场失信联合惩戒对象名单管理办法（试行）第六条第四项",
                            "documents": [notice],
                        ]
                    )
                    #expect(proposed.status == .created, "\(proposed.text)")
                    return try #require(proposed.json["id"] as? String)
                }
                let id = try await propose()
                let withdrawnID = try await propose()
                // A proposal is the regulator's alone, and cannot be removed or listed.
                #expect(try await client.call(.get, "/v1/blacklist/\(id)", token: scene.institutionToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/blacklist", token: scene.institutionToken).items.isEmpty)
                #expect(try await client.call(.post, "/v1/blacklist/\(id)/remove", token: scene.regulator, json: ["text": "x"]).status == .conflict)
                #expect(try await client.call(.post, "/v1/blacklist/\(id)/list", token: scene.regulator).status == .conflict)
                #expect(
                    try await client.call(.post, "/v1/blacklist/\(withdrawnID)/withdraw", token: scene.regulator, json: ["text": "证据不足"]).status
                        == .ok
                )

                #expect(try await client.call(.post, "/v1/blacklist/\(id)/notify", token: scene.regulator).json["state"] as? String == "notified")
                #expect(try await client.call(.get, "/v1/blacklist/\(id)", token: scene.institutionToken).status == .ok)
                #expect(try await client.call(.post, "/v1/blacklist/\(id)/notify", token: scene.institutionToken).status == .forbidden)
                let tooEarly = try await client.call(.post, "/v1/blacklist/\(id)/list", token: scene.regulator)
                #expect(tooEarly.status == .conflict)
                #expect((tooEarly.json["detail"] as? String)?.contains("异议期至") == true)
                // The institution waives its objection: the regulator may list at once.
                #expect(try await client.call(.post, "/v1/blacklist/\(id)/waive", token: scene.institutionToken).status == .ok)
                let listed = try await client.call(.post, "/v1/blacklist/\(id)/list", token: scene.regulator)
                #expect(listed.json["state"] as? String == "listed")
                let ratings = try await client.call(.get, "/v1/ratings?institution_id=\(scene.institutionID)", token: scene.regulator).items
                #expect(ratings.compactMap { $0["state"] as? String } == ["suspended"])

                // The public sees the listing (not the withdrawn entry), without anything personal.
                let board = try await client.call(.get, "/public/\(slug)/blacklist", token: nil)
                let listings = board.items
                #expect(listings.compactMap { $0["id"] as? String } == [id])
                #expect(listings.first?["legal_representative"] as? String == "王建国")
                #expect((listings.first?["reason"] as? String)?.contains("重大火灾隐患") == true)
                #expect(!board.text.contains("通知书.pdf") && !board.text.contains("024-8100-2000"))
                #expect(try await client.call(.get, "/public/\(slug)/ratings", token: nil).items.isEmpty)  // suspended
                let (other, _) = try await db.makeTenant()
                #expect(try await client.call(.get, "/public/\(other.slug)/blacklist", token: nil).items.isEmpty)
                let steps = try await db.owner.query("SELECT action FROM blacklist_steps WHERE entry_id = \(UUID(uuidString: id)!) ORDER BY id")
                #expect(try steps.map { try $0.decode(0, as: String.self) } == ["notify", "waive", "list"])

                // The daily job lists a notified entry once its window closed without objection.
                let second = try await propose()
                _ = try await client.call(.post, "/v1/blacklist/\(second)/notify", token: scene.regulator)
                try await Self.runDaily(db, tenant: scene.tenant.id, kind: "blacklist.advance", at: Date().addingTimeInterval(11 * 86_400))
                #expect(try await client.call(.get, "/v1/blacklist/\(second)", token: scene.regulator).json["state"] as? String == "listed")
                let listedEvents = try await db.owner.query(
                    "SELECT count(*) FROM events WHERE type = 'blacklist.listed' AND tenant_id = \(scene.tenant.id)"
                )
                #expect(try listedEvents[0].decode(0, as: Int.self) == 2)
            }
        }
    }

    @Test("the public indicators equal figures computed by hand on a fixture")
    func indicators() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)  // institution 1: 100 beds, 40 nursing
                var ids = [scene.institutionID]
                for (beds, nursing) in [(200, 150), (50, 10), (150, 60)] {
                    let created = try await client.call(
                        .post,
                        "/v1/institutions",
                        token: scene.regulator,
                        json: Fixtures.institutionJSON(beds: beds, nursingBeds: nursing)
                    )
                    ids.append(try #require(created.json["id"] as? String))
                }
                // A closed one counts nowhere.
                var closed = Fixtures.institutionJSON(beds: 1000, nursingBeds: 1000)
                closed["status"] = "closed"
                #expect(try await client.call(.post, "/v1/institutions", token: scene.regulator, json: closed).status == .created)
                for id in ids.prefix(2) {
                    let rating = try await client.call(
                        .post,
                        "/v1/ratings",
                        token: scene.regulator,
                        json: ["institution_id": id, "scores": Self.fiveStars, "operating_since": "2019-01-01"]
                    )
                    _ = try await client.call(.post, "/v1/ratings/\(try #require(rating.json["id"] as? String))/publish", token: scene.regulator)
                }
                // One compliant, published inspection.
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
                let inspection = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": ids[3], "scheduled_on": "2026-11-20", "inspector_ids": scene.inspectorIDs]
                )
                let inspectionID = try #require(inspection.json["id"] as? String)
                let token = scene.inspectorTokens[0]
                _ = try await client.call(
                    .post,
                    "/v1/inspections/\(inspectionID)/results",
                    token: token,
                    json: ["results": codes.map { ["item_code": $0, "result": "pass"] }]
                )
                _ = try await client.call(.post, "/v1/inspections/\(inspectionID)/submit", token: token)
                _ = try await client.call(.post, "/v1/inspections/\(inspectionID)/review", token: scene.regulator)
                _ = try await client.call(.post, "/v1/inspections/\(inspectionID)/publish", token: scene.regulator)

                let slug = scene.tenant.slug
                let indicators = try await client.call(.get, "/public/\(slug)/indicators", token: nil).json
                let stars = try #require(indicators["star_rated_share"] as? [String: Any])
                #expect(stars["numerator"] as? Int == 2 && stars["denominator"] as? Int == 4 && stars["value"] as? Double == 0.5)
                #expect(stars["target"] as? Double == 0.8)
                let nursing = try #require(indicators["nursing_bed_share"] as? [String: Any])
                // (40 + 150 + 10 + 60) / (100 + 200 + 50 + 150) = 260 / 500
                #expect(nursing["numerator"] as? Int == 260 && nursing["denominator"] as? Int == 500 && nursing["value"] as? Double == 0.52)
                let compliance = try #require(indicators["gb38600_compliance_rate"] as? [String: Any])
                #expect(compliance["value"] as? Double == 0.25 && compliance["target"] as? Double == 1)
                let outcomes = try await client.call(.get, "/public/\(slug)/inspections", token: nil).items
                #expect(outcomes.count == 1)
                #expect(outcomes.first?["compliant"] as? Bool == true && outcomes.first?["failed_items"] as? Int == 0)
                let board = try await client.call(.get, "/public/\(slug)/ratings", token: nil)
                #expect(board.items.compactMap { $0["level"] as? Int } == [3, 3])
                let cached = try await client.call(.get, "/public/\(slug)/ratings", token: nil, headers: [.ifNoneMatch: board.headers[.eTag] ?? ""])
                #expect(cached.status == .notModified)
            }
        }
    }
}
