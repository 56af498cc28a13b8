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

@Suite("Campaigns and hazard rectification")
struct CampaignHazardAPITests {
    static func runDeadlines(_ db: TestDatabase, tenant: UUID, at now: Date, runs: Int) async throws {
        try await db.database.withTenant(tenant) { transaction in
            try await JobQueue.enqueue(transaction.connection, tenantID: tenant, try NewJob(kind: "hazards.deadlines", payload: [String: String]()))
        }
        #expect(
            try await runWorkers(db, handlers: [HazardDeadlinesJob(UseCaseDependencies(database: db.database, time: TimeSource { now }))]) {
                try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'hazards.deadlines' AND state = 'completed'")[0]
                    .decode(0, as: Int.self) >= runs
            }
        )
    }

    static func report(_ client: any TestClientProtocol, _ token: String, _ body: [String: Any]) async throws -> JSONReply {
        var json: [String: Any] = ["location": "三楼东侧", "description": "疏散通道堆放杂物", "responsible_person": "王建国"]
        json.merge(body) { _, new in new }
        return try await client.call(.post, "/v1/hazards", token: token, json: json)
    }

    @Test("rectification runs plan → evidence → verify or reject; an institution sees only its own hazards")
    func lifecycle() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherID = try #require(other.json["id"] as? String)
                let otherToken = try await db.issueToken(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: otherID))

                let reported = try await Self.report(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "catalogue_code": "M3-01", "deadline": "2026-12-31"]
                )
                #expect(reported.status == .created, "\(reported.text)")
                #expect(reported.json["major"] as? Bool == true && reported.json["fire_related"] as? Bool == true)
                let id = try #require(reported.json["id"] as? String)
                let selfReported = try await Self.report(client, otherToken, ["category": "general"])
                #expect(selfReported.json["source"] as? String == "self_report")
                #expect(selfReported.json["institution_id"] as? String == otherID)
                let elsewhere = try await Self.report(client, otherToken, ["category": "general", "institution_id": scene.institutionID])
                #expect(elsewhere.errorFields == ["institution_id"])
                #expect(
                    try await Self.report(client, scene.regulator, ["institution_id": scene.institutionID, "catalogue_code": "X-9"]).errorFields == [
                        "catalogue_code", "category",
                    ]
                )
                // The tenant refines the catalogue; its entries serve its reports, and no one else's.
                let refined = try await client.call(
                    .post,
                    "/v1/hazard-catalogue",
                    token: scene.regulator,
                    json: ["code": "SY-01", "category": "daily_management", "major": true, "fire_related": true, "text": "电动自行车在楼内充电"]
                )
                #expect(refined.status == .created)
                #expect(try await client.call(.post, "/v1/hazard-catalogue", token: scene.regulator, json: refined.json).status == .conflict)
                let national = try await client.call(
                    .post,
                    "/v1/hazard-catalogue",
                    token: scene.regulator,
                    json: ["code": "M1-01", "category": "other", "major": true, "fire_related": false, "text": "x"]
                )
                #expect(national.status == .conflict)
                let charging = try await Self.report(client, scene.regulator, ["institution_id": scene.institutionID, "catalogue_code": "SY-01"])
                #expect(charging.json["major"] as? Bool == true && charging.json["catalogue_code"] as? String == "SY-01")
                let (_, otherRegulator) = try await db.makeTenant()
                let foreign = try await client.call(.get, "/v1/hazard-catalogue", token: otherRegulator).items
                #expect(!foreign.contains { $0["code"] as? String == "SY-01" } && foreign.count == HazardCatalogueEntry.national.count)
                let chargingID = try #require(charging.json["id"] as? String)
                let closed = try await client.call(.post, "/v1/hazards/\(chargingID)/close", token: scene.regulator, json: ["text": "机构关停"])
                #expect(closed.json["state"] as? String == "closed")

                // Each institution sees its own only; an unrelated inspector nothing.
                #expect(try await client.call(.get, "/v1/hazards/\(id)", token: otherToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/hazards", token: otherToken).items.count == 1)
                #expect(
                    try await client.call(.get, "/v1/hazards?state=open", token: scene.institutionToken).items.compactMap { $0["id"] as? String } == [
                        id
                    ]
                )
                #expect(try await client.call(.get, "/v1/hazards/\(id)", token: scene.inspectorTokens[0]).status == .notFound)
                #expect(try await client.call(.post, "/v1/hazards/\(id)/plan", token: otherToken, json: ["text": "x"]).status == .notFound)

                // Only allowed steps, each by its party.
                #expect(try await client.call(.post, "/v1/hazards/\(id)/verify", token: scene.regulator).status == .conflict)
                #expect(
                    try await client.call(.post, "/v1/hazards/\(id)/evidence", token: scene.institutionToken, json: ["text": "x"]).status == .conflict
                )
                #expect(try await client.call(.post, "/v1/hazards/\(id)/plan", token: scene.regulator, json: ["text": "x"]).status == .forbidden)
                let plan = try await client.call(.post, "/v1/hazards/\(id)/plan", token: scene.institutionToken, json: ["text": "三日内清理并加装标识"])
                #expect(plan.json["state"] as? String == "rectifying")
                let after = try await client.uploadEvidence(token: scene.institutionToken, fileName: "after.jpg")
                let evidence = try await client.call(
                    .post,
                    "/v1/hazards/\(id)/evidence",
                    token: scene.institutionToken,
                    json: ["text": "已清理", "evidence": [after]]
                )
                #expect(evidence.json["state"] as? String == "rectified")
                #expect(try await client.call(.post, "/v1/hazards/\(id)/verify", token: scene.institutionToken).status == .forbidden)
                let rejected = try await client.call(.post, "/v1/hazards/\(id)/reject", token: scene.regulator, json: ["text": "照片不能证明通道畅通"])
                #expect(rejected.json["state"] as? String == "rectifying")
                _ = try await client.call(.post, "/v1/hazards/\(id)/evidence", token: scene.institutionToken, json: ["text": "补充视频"])
                let verified = try await client.call(.post, "/v1/hazards/\(id)/verify", token: scene.regulator)
                #expect(verified.json["state"] as? String == "verified")
                let steps = try await db.owner.query("SELECT action FROM hazard_steps WHERE hazard_id = \(UUID(uuidString: id)!) ORDER BY id")
                #expect(try steps.map { try $0.decode(0, as: String.self) } == ["plan", "evidence", "reject", "evidence", "verify"])
                let events = try await db.owner.query(
                    "SELECT type FROM events WHERE tenant_id = \(scene.tenant.id) AND type LIKE 'hazard.%' ORDER BY id"
                )
                #expect(
                    try events.map { try $0.decode(0, as: String.self) } == [
                        "hazard.reported", "hazard.reported", "hazard.reported", "hazard.verified",
                    ]
                )
            }
        }
    }

    @Test("the deadline job on a fixed clock: overdue once, supervision, one blacklist proposal however often it runs, reminders, extensions")
    func deadlines() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let fire = try await Self.report(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "catalogue_code": "M1-02", "deadline": "2026-12-01"]
                )
                let fireID = try #require(fire.json["id"] as? String)
                let soon = try await Self.report(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "category": "general", "deadline": "2026-12-20"]
                )
                let soonID = try #require(soon.json["id"] as? String)
                // 2026-12-03 10:00 in Shanghai: the fire hazard is two days late; the other is 17 days off.
                let dayOne = RFC3339Text.date(from: "2026-12-03T02:00:00Z")!
                try await Self.runDeadlines(db, tenant: scene.tenant.id, at: dayOne, runs: 1)
                var hazard = try await client.call(.get, "/v1/hazards/\(fireID)", token: scene.regulator).json
                #expect(hazard["overdue"] as? Bool == true && hazard["supervised"] as? Bool == true)
                #expect(try await client.call(.get, "/v1/hazards/\(soonID)", token: scene.regulator).json["reminded_at"] is NSNull)
                // Again two days later: no second proposal, no second overdue event; now the reminder is due.
                try await Self.runDeadlines(db, tenant: scene.tenant.id, at: RFC3339Text.date(from: "2026-12-18T02:00:00Z")!, runs: 2)
                let proposals = try await client.call(.get, "/v1/blacklist?state=proposed", token: scene.regulator).items
                #expect(proposals.count == 1)
                #expect(proposals.first?["reason"] as? String == "4" && proposals.first?["source_id"] as? String == fireID)
                #expect(try await client.call(.get, "/v1/blacklist?state=listed", token: scene.regulator).items.isEmpty)
                func count(_ type: String) async throws -> Int {
                    try await db.owner.query("SELECT count(*) FROM events WHERE tenant_id = \(scene.tenant.id) AND type = \(type)")[0].decode(
                        0,
                        as: Int.self
                    )
                }
                #expect(try await count("hazard.overdue") == 1)
                #expect(try await count("hazard.reminder") == 1)
                #expect(try await client.call(.get, "/v1/hazards?overdue=true", token: scene.institutionToken).items.count == 1)

                // An extension, approved, moves the deadline and clears the overdue flag.
                let early = try await client.call(
                    .post,
                    "/v1/hazards/\(fireID)/extensions",
                    token: scene.institutionToken,
                    json: ["deadline": "2026-11-01", "reason": "x"]
                )
                #expect(early.errorFields == ["deadline"])
                let asked = try await client.call(
                    .post,
                    "/v1/hazards/\(fireID)/extensions",
                    token: scene.institutionToken,
                    json: ["deadline": "2027-01-15", "reason": "消防改造需要审批"]
                )
                #expect(asked.status == .created)
                #expect(
                    try await client.call(
                        .post,
                        "/v1/hazards/\(fireID)/extensions",
                        token: scene.institutionToken,
                        json: ["deadline": "2027-02-01", "reason": "again"]
                    ).status == .conflict
                )
                #expect(
                    try await client.call(.post, "/v1/hazards/\(fireID)/extensions/decision", token: scene.institutionToken, json: ["approve": true])
                        .status == .forbidden
                )
                hazard = try await client.call(.post, "/v1/hazards/\(fireID)/extensions/decision", token: scene.regulator, json: ["approve": true])
                    .json
                #expect(hazard["deadline"] as? String == "2027-01-15" && hazard["overdue"] as? Bool == false)
            }
        }
    }

    @Test("a campaign enrols its scope, collects its hazards, reports progress by district and exports CSV with a BOM")
    func campaign() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let second = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                _ = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON(district: "沈河区"))
                let invalid = try await client.call(
                    .post,
                    "/v1/campaigns",
                    token: scene.regulator,
                    json: [
                        "name": "x", "legal_basis": "y", "starts_on": "2026-12-31", "ends_on": "2026-01-01", "target": "t",
                        "target_date": "2026-12-31",
                    ]
                )
                #expect(invalid.errorFields == ["ends_on"])
                let created = try await client.call(
                    .post,
                    "/v1/campaigns",
                    token: scene.regulator,
                    json: [
                        "name": "养老机构消防安全专项整治", "legal_basis": "国务院安委会 2026 年意见", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                        "scope": ["districts": ["和平区"]], "target": "重大火灾隐患动态清零", "target_date": "2026-12-31",
                        "stages": [["kind": "self_inspection", "starts_on": "2026-01-01", "ends_on": "2026-03-31"]],
                    ]
                )
                #expect(created.status == .created, "\(created.text)")
                #expect(created.json["enrolled"] as? Int == 2)
                let id = try #require(created.json["id"] as? String)
                let first = try await Self.report(client, scene.regulator, ["institution_id": scene.institutionID, "catalogue_code": "M1-03"])
                #expect(first.json["campaign_id"] as? String == id)
                let secondID = try #require(second.json["id"] as? String)
                let another = try await Self.report(
                    client,
                    scene.regulator,
                    ["institution_id": secondID, "category": "general", "description": "=HYPERLINK(\"x\")"]
                )
                let anotherID = try #require(another.json["id"] as? String)
                _ = try await client.call(.post, "/v1/hazards/\(anotherID)/plan", token: scene.regulator, json: ["text": "x"])
                let progress = try await client.call(.get, "/v1/campaigns/\(id)/progress", token: scene.regulator).json
                let total = try #require(progress["total"] as? [String: Any])
                #expect(total["institutions"] as? Int == 2 && total["hazards_found"] as? Int == 2)
                #expect(total["verified"] as? Int == 0 && total["rectification_rate"] as? Double == 0 && total["major_open"] as? Int == 1)
                #expect((progress["districts"] as? [[String: Any]])?.compactMap { $0["district"] as? String } == ["和平区"])
                #expect((progress["weeks"] as? [[String: Any]])?.isEmpty == false)

                let csv = try await client.call(.get, "/v1/campaigns/\(id)/hazards.csv", token: scene.regulator)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.text.hasPrefix("\u{FEFF}隐患编号"))
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.count == 3)
                #expect(csv.text.contains("\"'=HYPERLINK(\"\"x\"\")\""))
                // Chinese values, as the headings; the API's own with ?lang=en.
                let states = Hazard.State.allCases.map { "," + $0.label.text(in: .chinese) + "," }
                #expect(lines.dropFirst().allSatisfy { line in states.contains { line.contains($0) } }, "\(lines)")
                #expect(!csv.text.contains("facilities_equipment") && !csv.text.contains(",open,"))
                let english = try await client.call(.get, "/v1/campaigns/\(id)/hazards.csv?lang=en", token: scene.regulator)
                #expect(english.text.hasPrefix("\u{FEFF}id,district,"))
                #expect(english.text.contains(",open,"))
                #expect(try await client.call(.get, "/v1/campaigns/\(id)/progress", token: scene.institutionToken).status == .notFound)
                let (_, otherRegulator) = try await db.makeTenant()
                #expect(try await client.call(.get, "/v1/campaigns/\(id)", token: otherRegulator).status == .notFound)
            }
        }
    }
}
