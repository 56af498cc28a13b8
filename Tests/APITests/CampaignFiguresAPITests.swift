import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Campaign figures by definition (issue 19): a hazard counts when its institution is
/// enrolled and it was found within the campaign's period, whatever reported it; a rate
/// with nothing to rate is null ("—"), never 100 %; a hazard's history keeps its texts;
/// review turns named non-fire findings into hazards too. Every figure checked by hand.
@Suite("Campaign figures an official can trust")
struct CampaignFiguresAPITests {
    static func day(_ offset: Int) -> String {
        CalendarDate.string(from: Date().addingTimeInterval(Double(offset) * 86_400), in: CalendarDate.china)
    }

    @Test("an inspection's major fire finding, a named non-fire finding and a self-report count; an empty district shows no rate")
    func figuresByDefinition() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)  // 和平区
                let east = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: scene.regulator,
                    json: Fixtures.institutionJSON(name: "沈河区养老院", district: "沈河区")
                )
                let eastID = try #require(east.json["id"] as? String)
                let eastToken = try await db.issueToken(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: eastID))
                _ = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: scene.regulator,
                    json: Fixtures.institutionJSON(name: "皇姑区颐养院", district: "皇姑区")
                )
                let campaign = try await client.call(
                    .post,
                    "/v1/campaigns",
                    token: scene.regulator,
                    json: [
                        "name": "消防安全专项整治", "legal_basis": "专项整治方案", "starts_on": Self.day(-30), "ends_on": Self.day(30),
                        "target": "重大火灾隐患动态清零", "target_date": Self.day(30),
                    ]
                )
                #expect(campaign.status == .created, "\(campaign.text)")
                #expect(campaign.json["enrolled"] as? Int == 3)
                let campaignID = try #require(campaign.json["id"] as? String)

                // An inspection of 和平区 finds a major fire hazard and a non-fire one the reviewer names.
                let created = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": Self.day(0), "inspector_ids": [scene.inspectorIDs[0]]]
                )
                let inspection = try #require(created.json["id"] as? String)
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let fire = try #require(items.first { $0["fire_related"] as? Bool == true && $0["mandatory"] as? Bool == true }?["code"] as? String)
                let other = try #require(items.first { $0["fire_related"] as? Bool == false }?["code"] as? String)
                let results = items.compactMap { $0["code"] as? String }.map { code -> [String: Any] in
                    switch code {
                    case fire: ["item_code": code, "result": "fail", "finding": ["description": "安全出口堵塞", "major": true]]
                    case other: ["item_code": code, "result": "fail", "finding": ["description": "护理记录缺失", "major": false]]
                    default: ["item_code": code, "result": "pass"]
                    }
                }
                #expect(
                    try await client.call(.post, "/v1/inspections/\(inspection)/results", token: scene.inspectorTokens[0], json: ["results": results])
                        .status == .ok
                )
                #expect(try await client.call(.post, "/v1/inspections/\(inspection)/submit", token: scene.inspectorTokens[0]).status == .ok)
                let bad = try await client.call(
                    .post,
                    "/v1/inspections/\(inspection)/review",
                    token: scene.regulator,
                    json: ["hazards_for": ["NO-SUCH"]]
                )
                #expect(bad.errorFields == ["hazards_for"])
                let reviewed = try await client.call(
                    .post,
                    "/v1/inspections/\(inspection)/review",
                    token: scene.regulator,
                    json: ["hazards_for": [other]]
                )
                #expect(reviewed.status == .ok, "\(reviewed.text)")
                #expect(
                    try await client.call(.post, "/v1/inspections/\(inspection)/publish", token: scene.regulator, json: ["hazards_for": [other]])
                        .errorFields == ["hazards_for"]
                )

                // 沈河区 reports one itself, and rectifies it as far as verification.
                let selfReport = try await client.call(
                    .post,
                    "/v1/hazards",
                    token: eastToken,
                    json: ["category": "daily_management", "description": "值班表未公示", "location": "门厅", "responsible_person": "李院长"]
                )
                let selfHazard = try #require(selfReport.json["id"] as? String)
                _ = try await client.call(.post, "/v1/hazards/\(selfHazard)/plan", token: eastToken, json: ["text": "当日公示"])
                _ = try await client.call(.post, "/v1/hazards/\(selfHazard)/evidence", token: eastToken, json: ["text": "已公示"])
                _ = try await client.call(.post, "/v1/hazards/\(selfHazard)/reject", token: scene.regulator, json: ["text": "照片不清"])
                _ = try await client.call(.post, "/v1/hazards/\(selfHazard)/evidence", token: eastToken, json: ["text": "重新拍照"])
                #expect(try await client.call(.post, "/v1/hazards/\(selfHazard)/verify", token: scene.regulator).status == .ok)

                let progress = try await client.call(.get, "/v1/campaigns/\(campaignID)/progress", token: scene.regulator).json
                let districts = try #require(progress["districts"] as? [[String: Any]])
                func row(_ name: String) throws -> [String: Any] { try #require(districts.first { $0["district"] as? String == name }) }
                // 和平区: two hazards from the inspection (fire + named), none verified, one major open.
                #expect(try row("和平区")["hazards_found"] as? Int == 2)
                #expect(try row("和平区")["verified"] as? Int == 0)
                #expect(try row("和平区")["rectification_rate"] as? Double == 0)
                #expect(try row("和平区")["major_open"] as? Int == 1)
                #expect(try row("和平区")["inspected"] as? Int == 1)
                // 沈河区: one self-report, verified: 1 ÷ 1.
                #expect(try row("沈河区")["hazards_found"] as? Int == 1)
                #expect(try row("沈河区")["rectification_rate"] as? Double == 1)
                // 皇姑区: nothing found, so no rate (null), not 100 %.
                #expect(try row("皇姑区")["hazards_found"] as? Int == 0)
                #expect(try row("皇姑区")["rectification_rate"] is NSNull)
                let total = try #require(progress["total"] as? [String: Any])
                #expect(total["hazards_found"] as? Int == 3)
                #expect(abs((total["rectification_rate"] as? Double ?? -1) - 1.0 / 3.0) < 1e-9)
                #expect(total["major_open"] as? Int == 1)

                // The self-report's history, with every text sent.
                let history = try await client.call(.get, "/v1/hazards/\(selfHazard)/history", token: eastToken)
                #expect(history.items.map { $0["action"] as? String } == ["plan", "evidence", "reject", "evidence", "verify"])
                #expect(history.items.map { $0["text"] as? String } == ["当日公示", "已公示", "照片不清", "重新拍照", nil])
                #expect(history.items.map { $0["actor_role"] as? String } == ["institution", "institution", "regulator", "institution", "regulator"])
                // Another institution does not read it.
                #expect(try await client.call(.get, "/v1/hazards/\(selfHazard)/history", token: scene.institutionToken).status == .notFound)
            }
        }
    }
}
