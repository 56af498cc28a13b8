import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import UseCases
import Workers

@testable import API

/// The regulator's to-do list and queues over real HTTP.
@Suite("Regulator's workbench")
struct WorkbenchTests {
    static func count(_ page: String, _ queue: String) -> Int? {
        let pattern = try! Regex("data-queue=\"\(queue)\"[^>]*><a href=\"[^\"]*\"><span class=\"count\" data-count>([0-9]+)<")
        return page.firstMatch(of: pattern).flatMap { ($0.output[1].substring).flatMap { Int($0) } }
    }

    @Test("the to-do list counts what waits, as the API lists it; a queue lists the items with names; other tenants, roles and queues find nothing")
    func todo() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                for (deadline, text) in [("2026-01-01", "安全出口上锁"), ("2099-01-01", "灭火器过期")] {
                    let hazard = try await client.call(
                        .post,
                        "/v1/hazards",
                        token: scene.regulator,
                        json: [
                            "institution_id": scene.institutionID, "catalogue_code": "M3-01", "deadline": deadline, "location": "一楼",
                            "description": text, "responsible_person": "王建国",
                        ]
                    )
                    #expect(hazard.status == .created, "\(hazard.text)")
                }
                // The daily deadline job flags the first one overdue.
                try await CampaignHazardAPITests.runDeadlines(db, tenant: scene.tenant.id, at: Date(), runs: 1)
                let draw = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "十二月抽查", "sample": 1])
                #expect(draw.status == .created, "\(draw.text)")
                let cookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let page = try await client.call(.get, "/w", token: nil, headers: [.cookie: cookie])
                #expect(page.status == .ok && page.text.contains("待办事项"), "\(page.text)")
                // Each count is what the API's own list says.
                let overdue = try await client.call(.get, "/v1/hazards?overdue=true", token: scene.regulator).items.count
                #expect(overdue == 1 && Self.count(page.text, "overdue-hazards") == overdue, "\(page.text)")
                let planned = try await client.call(.get, "/v1/draws", token: scene.regulator).items.filter { ($0["state"] as? String) != "drawn" }
                #expect(Self.count(page.text, "draws-waiting") == planned.count)
                #expect(Self.count(page.text, "inspections-to-review") == 0)
                #expect(WorkQueue.allCases.allSatisfy { Self.count(page.text, $0.rawValue) != nil })
                // The queue: the overdue hazard with its institution's name and deadline, not the other one.
                let queue = try await client.call(.get, "/w/queue/overdue-hazards", token: nil, headers: [.cookie: cookie])
                let institution = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator)
                let name = try #require(institution.json["name"] as? String)
                #expect(queue.text.contains("安全出口上锁") && queue.text.contains(name) && queue.text.contains("2026-01-01"))
                #expect(!queue.text.contains("灭火器过期"))
                #expect(queue.text.contains("逾期未整改的隐患"))
                let english = try await client.call(.get, "/w/queue/draws-waiting?lang=en", token: nil, headers: [.cookie: cookie])
                #expect(english.text.contains("Draws waiting") && english.text.contains("十二月抽查") && english.text.contains("planned"))
                #expect(try await client.call(.get, "/w/queue/no-such-queue", token: nil, headers: [.cookie: cookie]).status == .notFound)

                // Another tenant's regulator: nothing of this tenant's.
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                let theirs = try await client.call(.get, "/w", token: nil, headers: [.cookie: stranger])
                #expect(WorkQueue.allCases.allSatisfy { Self.count(theirs.text, $0.rawValue) == 0 } && theirs.text.contains("没有等待处理的事项"))
                let theirQueue = try await client.call(.get, "/w/queue/overdue-hazards", token: nil, headers: [.cookie: stranger])
                #expect(!theirQueue.text.contains("安全出口上锁"))
                // An inspector starts on their own pages; the queues are not theirs.
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let inspectorCookie = try #require(try await client.signIn(inspector))
                let start = try await client.call(.get, "/w", token: nil, headers: [.cookie: inspectorCookie])
                #expect(start.status == .seeOther && start.headers[.location] == "/m")
                #expect(try await client.call(.get, "/w/queue/overdue-hazards", token: nil, headers: [.cookie: inspectorCookie]).status == .notFound)
                // Without a session: to sign in, and back here after.
                let anonymous = try await client.call(.get, "/w/queue/objections", token: nil)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/w/sign-in?next=/w/queue/objections")
            }
        }
    }
}
