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

@testable import API

@Suite("Complaints and cases")
struct CaseAPITests {
    static let name = "李秀英"
    static let contact = "13900001111"

    static func complain(_ client: any TestClientProtocol, _ token: String, _ body: [String: Any]) async throws -> JSONReply {
        var json: [String: Any] = ["channel": "hotline_12345", "content": "夜间无人值守，老人摔倒无人发现"]
        json.merge(body) { _, new in new }
        return try await client.call(.post, "/v1/complaints", token: token, json: json)
    }

    static func step(
        _ client: any TestClientProtocol,
        _ token: String,
        _ id: String,
        _ action: String,
        _ body: [String: Any]? = nil
    )
        async throws -> JSONReply
    {
        try await client.call(.post, "/v1/cases/\(id)/\(action)", token: token, json: body)
    }

    static func today() -> String { CalendarDate.string(from: Date(), in: nil) }

    @Test("intake by API: gap-free numbers, a tracking code, the complainant kept apart and never in events or the trail")
    func intake() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let year = String(Self.today().prefix(4))
                let named = try await Self.complain(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "safety": true, "name": Self.name, "contact": Self.contact]
                )
                #expect(named.status == .created, "\(named.text)")
                #expect(named.json["case_number"] as? String == "\(year)-000001")
                let code = try #require(named.json["tracking_code"] as? String)
                #expect(TrackingCode.isWellFormed(code))
                let caseID = try #require(named.json["case_id"] as? String)
                // Safety matters: one working day to acknowledge, on the tenant's calendar.
                let calendar = WorkingCalendar.tenant([])
                #expect(named.json["acknowledge_by"] as? String == calendar.adding(workingDays: 1, to: Self.today()))

                // A refused intake takes no number: the next one follows without a gap.
                let unknown = try await Self.complain(client, scene.regulator, ["institution_id": UUID().uuidString])
                #expect(unknown.status == .unprocessableContent && unknown.errorFields == ["institution_id"])
                let anonymous = try await Self.complain(client, scene.regulator, ["channel": "letters_visits"])
                #expect(anonymous.json["case_number"] as? String == "\(year)-000002")
                #expect(anonymous.json["acknowledge_by"] as? String == calendar.adding(workingDays: 5, to: Self.today()))

                // An idempotent replay answers the same case without the code; the code is stored nowhere in clear.
                let key: HTTPFields = [.idempotencyKey: UUID().uuidString]
                let body: [String: Any] = ["channel": "other", "content": "重放"]
                let firstTime = try await client.call(.post, "/v1/complaints", token: scene.regulator, json: body, headers: key)
                let replay = try await client.call(.post, "/v1/complaints", token: scene.regulator, json: body, headers: key)
                #expect(replay.json["case_id"] as? String == firstTime.json["case_id"] as? String && replay.json["tracking_code"] is NSNull)
                let replayCode = try #require(firstTime.json["tracking_code"] as? String)
                let stored = try await db.owner.query(
                    "SELECT count(*) FROM idempotency_keys WHERE position(\(Data(replayCode.utf8)) IN body) > 0"
                )
                #expect(try stored[0].decode(0, as: Int.self) == 0)
                // A name of 60 letters with combining marks is 120 code points: refused as too long, never a 500.
                let combining = String(repeating: "e\u{301}", count: 60)
                #expect(try await Self.complain(client, scene.regulator, ["name": combining, "contact": "x"]).errorFields == ["name"])

                // Bad input, each with its field.
                let long = try await Self.complain(client, scene.regulator, ["content": String(repeating: "长", count: 5001)])
                #expect(long.errorFields == ["content"])
                #expect(try await Self.complain(client, scene.regulator, ["content": 5]).status.code >= 400)
                #expect(try await Self.complain(client, scene.regulator, ["channel": "portal"]).errorFields == ["channel"])
                #expect(try await Self.complain(client, scene.regulator, ["channel": "fax"]).status.code == 422)
                #expect(try await Self.complain(client, scene.regulator, ["name": Self.name]).errorFields == ["contact"])
                #expect(try await Self.complain(client, scene.regulator, ["urgent": true]).errorFields == ["urgent"])
                let count = try await db.owner.query("SELECT count(*) FROM cases WHERE tenant_id = \(scene.tenant.id)")[0].decode(0, as: Int.self)
                #expect(count == 3)

                // The case reads without the complainant; only its complainants endpoint names them.
                let read = try await client.call(.get, "/v1/cases/\(caseID)", token: scene.regulator)
                #expect(read.json["state"] as? String == "received" && read.json["safety"] as? Bool == true)
                #expect(!read.text.contains(Self.name) && !read.text.contains(Self.contact))
                let complaints = try await client.call(.get, "/v1/cases/\(caseID)/complaints", token: scene.regulator)
                #expect(complaints.items.first?["named"] as? Bool == true && !complaints.text.contains(Self.name))
                let complainants = try await client.call(.get, "/v1/cases/\(caseID)/complainants", token: scene.regulator)
                #expect(complainants.items.first?["name"] as? String == Self.name)
                #expect(complainants.items.first?["contact"] as? String == Self.contact)
                #expect(
                    try await client.call(.get, "/v1/cases/\(anonymous.json["case_id"] as? String ?? "")/complainants", token: scene.regulator).items
                        .isEmpty
                )

                // Nobody else: the institution concerned, an inspector not assigned, another tenant.
                for token in [scene.institutionToken, scene.inspectorTokens[0]] {
                    #expect(try await client.call(.get, "/v1/cases/\(caseID)", token: token).status == .notFound)
                    #expect(try await client.call(.get, "/v1/cases/\(caseID)/complainants", token: token).status == .notFound)
                    #expect(try await Self.complain(client, token, [:]).status == .notFound)
                }
                #expect(try await client.call(.get, "/v1/cases", token: scene.institutionToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/cases", token: scene.inspectorTokens[0]).items.isEmpty)
                let (_, otherRegulator) = try await db.makeTenant()
                #expect(try await client.call(.get, "/v1/cases/\(caseID)", token: otherRegulator).status == .notFound)
                #expect(try await client.call(.get, "/v1/cases", token: otherRegulator).items.isEmpty)
                // Another tenant numbers its own cases from 1.
                let foreign = try await Self.complain(client, otherRegulator, [:])
                #expect(foreign.json["case_number"] as? String == "\(year)-000001")
                // Twenty intakes at once: twenty numbers, none twice, none skipped.
                let parallel = try await withThrowingTaskGroup(of: String?.self) { group in
                    for index in 0..<20 {
                        group.addTask { try await Self.complain(client, otherRegulator, ["content": "第\(index)件"]).json["case_number"] as? String }
                    }
                    return try await group.reduce(into: [String]()) { numbers, number in number.map { numbers.append($0) } }
                }
                #expect(parallel.sorted() == (2...21).map { Case.number(year: Int(year) ?? 0, sequence: $0) })

                // Neither the events nor the audit trail carry who complained; the read of them is audited.
                for table in ["SELECT data::text FROM events", "SELECT coalesce(after::text, '') || coalesce(before::text, '') FROM audit_log"] {
                    let texts = try await db.owner.query("\(unsafeSQL: table) WHERE tenant_id = \(scene.tenant.id)").map {
                        try $0.decode(0, as: String.self)
                    }
                    #expect(!texts.isEmpty && !texts.contains { $0.contains(Self.name) || $0.contains(Self.contact) })
                }
                let events = try await db.owner.query(
                    "SELECT type, subjects::text FROM events WHERE tenant_id = \(scene.tenant.id) AND type LIKE 'case.%' ORDER BY id"
                )
                #expect(try events.map { try $0.decode(0, as: String.self) } == Array(repeating: "case.received", count: 3))
                #expect(try events.allSatisfy { !(try $0.decode(1, as: String.self)).contains(scene.institutionID) })
                let reads = try await db.owner.query(
                    "SELECT count(*) FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND action = 'case.complainants_read'"
                )[0].decode(0, as: Int.self)
                #expect(reads == 2)
            }
        }
    }

    @Test("every step from receipt to conclusion, the refused ones, the timeline and the outcome event")
    func steps() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let received = try await Self.complain(client, scene.regulator, ["institution_id": scene.institutionID])
                let id = try #require(received.json["case_id"] as? String)
                let rejectLater = try #require(try await Self.complain(client, scene.regulator, [:]).json["case_id"] as? String)

                #expect(try await Self.step(client, scene.regulator, id, "investigate").status == .conflict)
                let early = try await Self.step(client, scene.regulator, id, "conclude", ["text": "x", "result": "substantiated", "reply": "y"])
                #expect(early.status == .conflict)
                #expect(try await Self.step(client, scene.regulator, id, "accept", ["result": "substantiated"]).errorFields == ["result"])
                #expect(try await Self.step(client, scene.institutionToken, id, "accept").status == .notFound)
                let accepted = try await Self.step(client, scene.regulator, id, "accept")
                #expect(accepted.json["state"] as? String == "accepted", "\(accepted.text)")
                #expect(accepted.json["conclude_by"] as? String == WorkingCalendar.tenant([]).adding(workingDays: 15, to: Self.today()))
                #expect(try await Self.step(client, scene.regulator, id, "accept").status == .conflict)
                let assigned = try await Self.step(client, scene.regulator, id, "assign", ["handler": "养老服务科 张科长"])
                #expect(assigned.json["handler"] as? String == "养老服务科 张科长")
                #expect(try await Self.step(client, scene.regulator, id, "extend").errorFields == ["text"])
                let extended = try await Self.step(client, scene.regulator, id, "extend", ["text": "需消防部门出具鉴定意见"])
                #expect(extended.json["extension_reason"] as? String == "需消防部门出具鉴定意见")
                let again = try await Self.step(client, scene.regulator, id, "extend", ["text": "再次"])
                #expect(again.status == .conflict && (again.json["detail"] as? String ?? "").contains("延期"))
                #expect(try await Self.step(client, scene.regulator, id, "investigate").json["state"] as? String == "investigating")
                let missing = try await Self.step(client, scene.regulator, id, "conclude", ["text": "查实"])
                #expect(Set(missing.errorFields) == ["result", "reply"])
                #expect(
                    try await Self.step(client, scene.regulator, id, "conclude", ["text": "x", "result": "maybe", "reply": "y"]).status.code == 422
                )
                #expect(try await Self.step(client, scene.regulator, id, "extend", ["text": "x", "notice": "y"]).errorFields == ["notice"])
                let concluded = try await Self.step(
                    client,
                    scene.regulator,
                    id,
                    "conclude",
                    [
                        "text": "查实夜班仅一人值守（内部结论）", "result": "substantiated", "reply": "经查属实，已责令该院增配夜班护理员。",
                        "notice": "请于十五日内增配夜班护理员并报送排班表。",
                    ]
                )
                #expect(concluded.json["state"] as? String == "concluded" && concluded.json["result"] as? String == "substantiated")
                for action in ["accept", "reject", "merge", "assign"] {
                    let body: [String: Any]? =
                        action == "reject"
                        ? ["text": "x", "reply": "y"]
                        : action == "merge" ? ["into": rejectLater, "text": "x"] : action == "assign" ? ["handler": "x"] : nil
                    #expect(try await Self.step(client, scene.regulator, id, action, body).status == .conflict, "\(action) after conclusion")
                }
                let timeline = try await client.call(.get, "/v1/cases/\(id)/timeline", token: scene.regulator).items
                #expect(timeline.compactMap { $0["action"] as? String } == ["receive", "accept", "assign", "extend", "investigate", "conclude"])
                #expect(timeline.first?["text"] as? String == "hotline_12345")
                #expect(timeline.last?["text"] as? String == "查实夜班仅一人值守（内部结论）" && timeline.last?["actor_role"] as? String == "regulator")

                // Concluded within its limit: on time, in this month and the institution's district.
                let figures = try await client.call(.get, "/v1/indicators/cases-on-time", token: scene.regulator).json
                let month = String(CalendarDate.string(from: Date(), in: nil).prefix(7))
                let rows = figures["by_district"] as? [[String: Any]] ?? []
                #expect(rows.count == 1 && rows.first?["month"] as? String == month && rows.first?["district"] as? String == "和平区")
                #expect(rows.first?["on_time"] as? Int == 1 && rows.first?["share"] as? Double == 1.0)
                #expect(try await client.call(.get, "/v1/indicators/cases-on-time", token: scene.institutionToken).status == .notFound)
                #expect(try await Self.step(client, scene.regulator, rejectLater, "reject", ["text": "x"]).errorFields == ["reply"])
                let rejected = try await Self.step(
                    client,
                    scene.regulator,
                    rejectLater,
                    "reject",
                    ["text": "属市场监管部门职责（内部）", "reply": "您反映的问题不属于民政部门职责，请向市场监管部门反映。"]
                )
                #expect(rejected.json["state"] as? String == "rejected")
                #expect(rejected.json["reply"] as? String == "您反映的问题不属于民政部门职责，请向市场监管部门反映。")

                // The institution hears the substantiated outcome, and only the outcome.
                let outcome = try await db.owner.query(
                    """
                    SELECT subjects->>'institution_id', data::text FROM events
                    WHERE tenant_id = \(scene.tenant.id) AND type = 'case.concluded'
                    """
                )
                #expect(outcome.count == 1)
                #expect(try outcome.first?.decode(0, as: String?.self) == scene.institutionID)
                let data = try outcome.first?.decode(1, as: String.self) ?? ""
                // The notice and the result; not the internal conclusion, not the complaint, not the reply.
                #expect(data.contains("请于十五日内增配夜班护理员") && data.contains("substantiated"))
                #expect(!data.contains("内部结论") && !data.contains("夜间无人值守") && !data.contains("经查属实"))
                let accepts = try await db.owner.query(
                    "SELECT subjects->>'institution_id' FROM events WHERE tenant_id = \(scene.tenant.id) AND type = 'case.accepted'"
                )
                #expect(try accepts.map { try $0.decode(0, as: String?.self) } == [nil])
                // As the fan-out decides: the institution's subscription hears the outcome, not the acceptance; a regulator's both.
                let institutionOwner = WebhookOwner(role: .institution, id: UUID(uuidString: scene.institutionID))
                let subjects = try await db.owner.query(
                    "SELECT subjects::text FROM events WHERE tenant_id = \(scene.tenant.id) AND type IN ('case.accepted', 'case.concluded') ORDER BY id"
                ).map { try JSONCoding.decoder.decode(EventSubjects.self, from: Data(try $0.decode(0, as: String.self).utf8)) }
                #expect(subjects.map(institutionOwner.hears) == [false, true])
                #expect(subjects.allSatisfy(WebhookOwner(role: .regulator, id: nil).hears))
            }
        }
    }

    @Test("merge, a targeted inspection from a case, attachments, the assigned inspector's view, and the risk term in a committed roster")
    func mergeAndInspect() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 2)
                let other = try #require(
                    try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON(name: "另一家养老院")).json[
                        "id"
                    ]
                        as? String
                )
                func open(_ institution: String?) async throws -> (id: String, code: String) {
                    let reply = try await Self.complain(client, scene.regulator, institution.map { ["institution_id": $0] } ?? [:])
                    return (try #require(reply.json["case_id"] as? String), try #require(reply.json["tracking_code"] as? String))
                }
                let first = try await open(scene.institutionID)
                let duplicate = try await open(scene.institutionID)
                let elsewhere = try await open(other)

                func merge(_ id: String, into: String) async throws -> JSONReply {
                    try await Self.step(client, scene.regulator, id, "merge", ["into": into, "text": "同一事项重复投诉"])
                }
                #expect(try await merge(duplicate.id, into: duplicate.id).errorFields == ["into"])
                #expect(try await merge(duplicate.id, into: UUID().uuidString).errorFields == ["into"])
                #expect(try await merge(duplicate.id, into: elsewhere.id).errorFields == ["into"])
                #expect(try await Self.step(client, scene.regulator, duplicate.id, "merge", ["into": first.id]).errorFields == ["text"])
                // A case about no institution joins another such case, which then joins one about the
                // institution: no chain is left behind, and the institution is learnt on the way.
                let unnamed = try await open(nil)
                let third = try await open(nil)
                #expect(try await merge(third.id, into: unnamed.id).json["state"] as? String == "merged")
                let merged = try await merge(unnamed.id, into: first.id)
                #expect(merged.json["state"] as? String == "merged" && merged.json["merged_into"] as? String == first.id)
                #expect(try await client.call(.get, "/v1/cases/\(third.id)", token: scene.regulator).json["merged_into"] as? String == first.id)
                #expect(try await merge(duplicate.id, into: first.id).json["state"] as? String == "merged")
                #expect(try await client.call(.get, "/v1/cases/\(first.id)/complaints", token: scene.regulator).items.count == 4)
                let absorbing = try await client.call(.get, "/v1/cases/\(first.id)/timeline", token: scene.regulator).items
                #expect(absorbing.filter { $0["action"] as? String == "merged_in" }.count == 2)
                // The other way round: a case about no institution takes in one about it, and learns it.
                let blank = try await open(nil)
                let named = try await open(other)
                _ = try await merge(named.id, into: blank.id)
                #expect(try await client.call(.get, "/v1/cases/\(blank.id)", token: scene.regulator).json["institution_id"] as? String == other)

                // A targeted inspection, with the case as its reason and never a draw.
                _ = try await Self.step(client, scene.regulator, first.id, "accept")
                let wrongInstitution = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/inspections",
                    token: scene.regulator,
                    json: ["institution_id": other, "scheduled_on": Self.today(), "inspector_ids": [scene.inspectorIDs[0]]]
                )
                #expect(wrongInstitution.errorFields == ["institution_id"])
                let inspection = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": Self.today(), "inspector_ids": [scene.inspectorIDs[0]]]
                )
                #expect(inspection.status == .created, "\(inspection.text)")
                #expect(inspection.json["case_id"] as? String == first.id && inspection.json["draw_id"] is NSNull)
                let inspectionID = try #require(inspection.json["id"] as? String)
                #expect(try await client.call(.get, "/v1/cases/\(first.id)", token: scene.regulator).json["state"] as? String == "investigating")
                let links = try await client.call(.get, "/v1/cases/\(first.id)/links", token: scene.regulator).items
                #expect(links.count == 1 && links[0]["relation"] as? String == "caused" && links[0]["target_id"] as? String == inspectionID)

                // The inspector finds a fire hazard; on review, the hazard is linked to the case as caused by it.
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let codes = items.compactMap { $0["code"] as? String }
                let fireCode = try #require(items.first { $0["fire_related"] as? Bool == true }?["code"] as? String)
                let results = codes.map { code -> [String: Any] in
                    code == fireCode
                        ? ["item_code": code, "result": "fail", "finding": ["description": "夜间消防通道上锁", "major": true]]
                        : ["item_code": code, "result": "pass"]
                }
                let inspector = scene.inspectorTokens[0]
                #expect(
                    try await client.call(.post, "/v1/inspections/\(inspectionID)/results", token: inspector, json: ["results": results]).status
                        == .ok
                )
                #expect(try await client.call(.post, "/v1/inspections/\(inspectionID)/submit", token: inspector).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(inspectionID)/review", token: scene.regulator).status == .ok)
                let caused = try await client.call(.get, "/v1/cases/\(first.id)/links", token: scene.regulator).items
                #expect(caused.filter { $0["kind"] as? String == "hazard" && $0["relation"] as? String == "caused" }.count == 1)

                // The assigned inspector reads the case (never who complained); the other one nothing.
                #expect(try await client.call(.get, "/v1/cases/\(first.id)", token: scene.inspectorTokens[0]).status == .ok)
                #expect(try await client.call(.get, "/v1/cases", token: scene.inspectorTokens[0]).items.count == 1)
                #expect(try await client.call(.get, "/v1/cases/\(first.id)/complainants", token: scene.inspectorTokens[0]).status == .forbidden)
                #expect(try await Self.step(client, scene.inspectorTokens[0], first.id, "investigate").status == .forbidden)
                #expect(try await client.call(.get, "/v1/cases/\(first.id)", token: scene.inspectorTokens[1]).status == .notFound)

                // Attach a hazard; an unknown one, or one of another institution, is refused.
                let otherHazard = try await CampaignHazardAPITests.report(client, scene.regulator, ["institution_id": other, "category": "general"])
                let foreignLink = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/links",
                    token: scene.regulator,
                    json: ["kind": "hazard", "target_id": try #require(otherHazard.json["id"] as? String)]
                )
                #expect(foreignLink.errorFields == ["target_id"])
                let hazard = try await CampaignHazardAPITests.report(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "category": "general"]
                )
                let hazardID = try #require(hazard.json["id"] as? String)
                let attached = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/links",
                    token: scene.regulator,
                    json: ["kind": "hazard", "target_id": hazardID]
                )
                #expect(attached.status == .created && attached.items.count == 3)
                let again = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/links",
                    token: scene.regulator,
                    json: ["kind": "hazard", "target_id": hazardID]
                )
                #expect(again.items.count == 3)
                let unknown = try await client.call(
                    .post,
                    "/v1/cases/\(first.id)/links",
                    token: scene.regulator,
                    json: ["kind": "inspection", "target_id": UUID().uuidString]
                )
                #expect(unknown.errorFields == ["target_id"])

                // Concluded as substantiated: both complainants' pages show the outcome.
                _ = try await Self.step(
                    client,
                    scene.regulator,
                    first.id,
                    "conclude",
                    ["text": "查实", "result": "substantiated", "reply": "经查属实，已整改。"]
                )
                for code in [first.code, duplicate.code, third.code] {
                    let page = try await client.call(.get, "/p/\(scene.tenant.slug)/complaints/\(code)", token: nil)
                    #expect(page.status == .ok && page.text.contains("经查属实，已整改。") && page.text.contains("已办结"))
                    #expect(!page.text.contains("夜间无人值守"))
                }
                #expect(
                    try await client.call(
                        .post,
                        "/v1/cases/\(first.id)/links",
                        token: scene.regulator,
                        json: ["kind": "hazard", "target_id": hazardID]
                    )
                    .status == .conflict
                )
                // The portal counts it on the institution's page, without any text.
                let institutionPage = try await client.call(.get, "/p/\(scene.tenant.slug)/institutions/\(scene.institutionID)", token: nil)
                #expect(institutionPage.text.contains("data-substantiated-complaints>1<"))

                // The new risk term: factor 2 × one substantiated complaint, in the frozen roster.
                var policy = try await client.call(.get, "/v1/case-policy", token: scene.regulator).json
                policy["complaint_risk_factor"] = 2
                #expect(try await client.call(.put, "/v1/case-policy", token: scene.regulator, json: policy).status == .ok)
                policy["complaint_risk_factor"] = 9
                #expect(try await client.call(.put, "/v1/case-policy", token: scene.regulator, json: policy).errorFields == ["complaint_risk_factor"])
                let draw = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: [
                        "name": "投诉多的加大抽查", "purpose": "x", "target_scope": ["districts": ["和平区"]], "sample": 1, "inspectors_per_target": 1,
                        "risk_weighted": true,
                    ]
                )
                let drawID = try #require(draw.json["id"] as? String, "\(draw.text)")
                #expect(try await client.call(.post, "/v1/draws/\(drawID)/commit", token: scene.regulator).status == .ok)
                let record = try #require(try await DrawAPITests.record(client, scene.tenant.slug, drawID).1)
                let weights = Dictionary(uniqueKeysWithValues: record.roster.targets.map { ($0.id, $0.weight) })
                // 1, + 2 for the open major fire hazard, + 1 unrated, + 2 × 1 substantiated complaint (it was
                // inspected this year); the other institution: 1 + 1 unrated + 1 not inspected.
                #expect(weights[scene.institutionID] == 6)
                #expect(weights[other] == 3)
            }
        }
    }

    @Test("the deadline job on a fixed clock: near once, overdue once however often it runs")
    func deadlines() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let received = try await Self.complain(client, scene.regulator, [:])
                let id = try #require(received.json["case_id"] as? String)
                let due = try #require(received.json["acknowledge_by"] as? String)
                let calendar = WorkingCalendar.tenant([])
                let near = calendar.subtracting(workingDays: 1, from: due)
                @Sendable func noon(_ day: String) -> Date { RFC3339Text.date(from: day + "T04:00:00Z")! }
                func run(at day: String, runs: Int) async throws {
                    try await db.database.withTenant(scene.tenant.id) { transaction in
                        try await JobQueue.enqueue(
                            transaction.connection,
                            tenantID: scene.tenant.id,
                            try NewJob(kind: "cases.deadlines", payload: [String: String]())
                        )
                    }
                    let handler = CaseDeadlinesJob(UseCaseDependencies(database: db.database, time: TimeSource { noon(day) }))
                    #expect(
                        try await runWorkers(db, handlers: [handler]) {
                            try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'cases.deadlines' AND state = 'completed'")[0]
                                .decode(0, as: Int.self) >= runs
                        }
                    )
                }
                try await run(at: near, runs: 1)
                try await run(at: near, runs: 2)
                let later = calendar.adding(workingDays: 2, to: due)
                try await run(at: later, runs: 3)
                try await run(at: later, runs: 4)
                let types = try await db.owner.query(
                    "SELECT type FROM events WHERE tenant_id = \(scene.tenant.id) AND type IN ('case.deadline_near', 'case.overdue') ORDER BY id"
                ).map { try $0.decode(0, as: String.self) }
                #expect(types == ["case.deadline_near", "case.overdue"])
                let read = try await client.call(.get, "/v1/cases/\(id)", token: scene.regulator)
                #expect(read.json["overdue"] as? Bool == true && read.json["flagged_for"] as? String == due)
                #expect(try await client.call(.get, "/v1/cases?overdue=true", token: scene.regulator).items.count == 1)
                // Accepting it starts a new deadline: no longer overdue.
                let accepted = try await Self.step(client, scene.regulator, id, "accept")
                #expect(accepted.json["overdue"] as? Bool == false)
            }
        }
    }

    @Test("the calendar: national days, the tenant's own over them, who may change it, and bad input")
    func calendar() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let year = try await client.call(.get, "/v1/calendar?year=2026", token: scene.inspectorTokens[0])
                let days = year.json["days"] as? [[String: Any]] ?? []
                #expect(days.count == WorkingCalendar.national.count)
                #expect(
                    days.contains {
                        $0["date"] as? String == "2026-10-10" && $0["kind"] as? String == "workday" && $0["source"] as? String == "national"
                    }
                )
                let set = try await client.call(
                    .put,
                    "/v1/calendar/days/2026-12-31",
                    token: scene.regulator,
                    json: ["kind": "holiday", "name": "本地假日"]
                )
                #expect(set.status == .ok)
                let after =
                    try await client.call(.get, "/v1/calendar?year=2026", token: scene.institutionToken).json["days"] as? [[String: Any]] ?? []
                #expect(after.contains { $0["date"] as? String == "2026-12-31" && $0["source"] as? String == "tenant" })
                #expect(
                    try await client.call(
                        .put,
                        "/v1/calendar/days/2026-12-30",
                        token: scene.inspectorTokens[0],
                        json: ["kind": "holiday", "name": "x"]
                    )
                    .status == .notFound
                )
                #expect(
                    try await client.call(.put, "/v1/calendar/days/2026-13-01", token: scene.regulator, json: ["kind": "holiday", "name": "x"])
                        .errorFields == ["date"]
                )
                #expect(
                    try await client.call(.put, "/v1/calendar/days/2026-12-30", token: scene.regulator, json: ["kind": "rest", "name": "x"]).status
                        .code == 422
                )
                #expect(try await client.call(.get, "/v1/calendar?year=abc", token: scene.regulator).errorFields == ["year"])
                let (_, otherRegulator) = try await db.makeTenant()
                let foreign = try await client.call(.get, "/v1/calendar?year=2026", token: otherRegulator).json["days"] as? [[String: Any]] ?? []
                #expect(!foreign.contains { $0["date"] as? String == "2026-12-31" })
                #expect(try await client.call(.delete, "/v1/calendar/days/2026-12-31", token: scene.regulator).status == .noContent)
                #expect(try await client.call(.delete, "/v1/calendar/days/2026-12-31", token: scene.regulator).status == .notFound)
            }
        }
    }

    @Test("the portal's form: anonymous and named intake, the tracking page, refusals that keep what was typed, the rate limit")
    func portalForm() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let slug = scene.tenant.slug
                func post(_ fields: [String: String], lang: Bool = false) async throws -> JSONReply {
                    let body = fields.map { key, value in
                        "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    }.joined(separator: "&")
                    return try await client.execute(
                        uri: "/p/\(slug)/complaints\(lang ? "?lang=en" : "")",
                        method: .post,
                        headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: body)
                    ) { JSONReply(status: $0.status, headers: $0.headers, text: String(buffer: $0.body)) }
                }
                let form = try await client.call(.get, "/p/\(slug)/complaints/new?institution=\(scene.institutionID)", token: nil)
                #expect(form.status == .ok && form.text.contains("投诉内容") && form.text.contains("和平区社会福利院"))
                #expect(try await client.call(.get, "/p/\(slug)/complaints/new?lang=en", token: nil).text.contains("Your complaint"))

                let anonymous = try await post(["institution_text": "某养老院", "content": "饭菜经常变质\r\n多次反映无果"])
                #expect(anonymous.status == .seeOther)
                let location = try #require(anonymous.headers[.location])
                #expect(location.hasPrefix("/p/\(slug)/complaints/") && location.hasSuffix("?new=1"))
                let status = try await client.call(.get, location, token: nil)
                #expect(status.status == .ok && status.text.contains("data-tracking-code") && status.text.contains("已接收"))
                #expect(status.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer" && status.headers[.cacheControl] == "no-store")
                #expect(!status.text.contains("饭菜经常变质"))
                let stored = try await db.owner.query("SELECT doc->>'content', doc->>'channel' FROM complaints WHERE tenant_id = \(scene.tenant.id)")
                #expect(try stored.first?.decode(0, as: String.self) == "饭菜经常变质\n多次反映无果")
                #expect(try stored.first?.decode(1, as: String.self) == "portal")

                let named = try await post(
                    ["institution_id": scene.institutionID, "content": "护工打骂老人", "safety": "1", "name": Self.name, "contact": Self.contact],
                    lang: true
                )
                #expect(named.status == .seeOther && named.headers[.location]?.hasSuffix("lang=en") == true)
                let namedPage = try await client.call(.get, named.headers[.location] ?? "", token: nil)
                #expect(namedPage.text.contains("received, awaiting acceptance") && !namedPage.text.contains(Self.name))

                // Refusals keep what was typed.
                let honeypot = try await post(["content": "我的投诉", "website": "http://spam"])
                #expect(honeypot.status == .unprocessableContent && honeypot.text.contains("我的投诉") && honeypot.text.contains("隐藏"))
                let tooLong = try await post(["content": String(repeating: "长", count: 5001)])
                #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("投诉内容") && tooLong.text.contains("5000"))
                let half = try await post(["content": "只有姓名", "name": Self.name])
                #expect(half.status == .unprocessableContent && half.text.contains("只有姓名") && half.text.contains(Self.name))
                let malformedID = try await post(["content": "留着", "institution_id": "not-a-uuid"])
                #expect(malformedID.status == .unprocessableContent && malformedID.text.contains("留着"))
                let crossSite = try await client.execute(
                    uri: "/p/\(slug)/complaints",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://elsewhere.example"],
                    body: ByteBuffer(string: "content=x")
                ) { $0.status }
                #expect(crossSite == .forbidden)
                let unknown = try await post(["content": "x", "institution_id": UUID().uuidString])
                #expect(unknown.status == .unprocessableContent && unknown.text.contains("不是本租户的机构"))
                let huge = try await post(["content": String(repeating: "x", count: 70_000)])
                #expect(huge.status == .contentTooLarge && huge.text.contains("过长"))
                #expect(try await client.call(.get, "/p/\(slug)/complaints/\(String(repeating: "a", count: 24))", token: nil).status == .notFound)
                let malformed = try await client.call(.get, "/p/\(slug)/complaints/not-a-code", token: nil)
                #expect(malformed.status == .notFound && malformed.text.contains("查询码无效"))
                #expect(try await client.call(.get, "/p/nowhere/complaints/new", token: nil).status == .notFound)
                let looked = try await client.call(.get, "/p/\(slug)/complaints?code=AB%20C-D", token: nil)
                #expect(looked.status == .seeOther && looked.headers[.location] == "/p/\(slug)/complaints/abcd")

                // Five accepted per address in ten minutes: the sixth is refused, with its text kept and nothing written.
                for index in 3...5 { #expect(try await post(["content": "第\(index)件"]).status == .seeOther) }
                let limited = try await post(["content": "第六件投诉"])
                #expect(limited.status == .tooManyRequests && limited.text.contains("第六件投诉") && limited.headers[.retryAfter] != nil)
                let count = try await db.owner.query("SELECT count(*) FROM complaints WHERE tenant_id = \(scene.tenant.id)")[0].decode(
                    0,
                    as: Int.self
                )
                #expect(count == 5)
                let complainants = try await db.owner.query("SELECT count(*) FROM complainants WHERE tenant_id = \(scene.tenant.id)")[0].decode(
                    0,
                    as: Int.self
                )
                #expect(complainants == 1)
            }
        }
    }
}

extension CaseAPITests {
    @Test("in headless Chromium, without script: a person files a complaint through the form and follows it with the code")
    func browser() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                try #require(
                    FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
                    "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
                )
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/complaint_flow.py")
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let shots = String(PortalBrowserTests.screenshotPath("complaint").dropLast(4))
                let process = try WorkerProcess(
                    databaseURL: "",
                    arguments: [driver.path, PortalBrowserTests.chromium, base, scene.tenant.slug, shots],
                    executable: "/usr/bin/python3"
                )
                #expect(try await process.wait(timeout: .seconds(120)) == 0, "\(process.logText)")
                let last = try #require(process.logText.split(separator: "\n").last, "no output from the driver")
                let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(process.logText)")

                #expect(seen["form_title"] as? String == "投诉举报")
                let code = try #require(seen["code"] as? String)
                #expect(TrackingCode.isWellFormed(code), "\(seen)")
                #expect((seen["code_shown"] as? String)?.split(separator: " ").count == 6)
                #expect(seen["status_path"] as? String == "/p/\(scene.tenant.slug)/complaints/\(code)")
                #expect(seen["received_shown"] as? Bool == true && seen["state"] as? String == "received")
                let number = try #require(seen["case_number"] as? String)
                #expect(number.hasSuffix("-000001"))
                #expect(seen["followed_path"] as? String == "/p/\(scene.tenant.slug)/complaints/\(code)")
                #expect(seen["followed_number"] as? String == number && seen["followed_received_shown"] as? Bool == false)
                #expect((seen["followed_html"] as? String ?? "").contains("尚未答复"))
                #expect(seen["form_phone_overflow"] as? Bool == false && seen["status_phone_overflow"] as? Bool == false)
                // What the browser sent is what was stored, line break and safety flag included.
                let stored = try await db.owner.query(
                    "SELECT doc->>'content', (doc->>'safety')::boolean, doc->>'institution_text' FROM complaints WHERE tenant_id = \(scene.tenant.id)"
                )
                #expect(try stored.first?.decode(0, as: String.self) == "夜里只有一名护理员值班，\n有老人摔倒半小时无人发现。")
                #expect(try stored.first?.decode(1, as: Bool.self) == true)
                #expect(try stored.first?.decode(2, as: String.self) == "幸福里养老院")
            }
        }
    }
}

extension CaseAPITests {
    @Test("the form's limit keys: an address, an IPv6 /64, the address a trusted proxy saw; logged paths hide the code")
    func limitKeys() async {
        #expect(AddressRateLimiter.key("203.0.113.7") == "203.0.113.7")
        #expect(AddressRateLimiter.key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64")
        #expect(AddressRateLimiter.key("2001:db8:1:2:bbbb:cccc:dddd:eeee") == "2001:db8:1:2::/64")
        #expect(AddressRateLimiter.key("2001:db8::1") == "2001:db8:0:0::/64")
        #expect(AddressRateLimiter.key("::1") == "0:0:0:0::/64")
        let limiter = AddressRateLimiter(limit: 1, seconds: 600, maxKeys: 2)
        let now = Date()
        #expect(await limiter.take("a", at: now) == nil)
        #expect(await limiter.take("b", at: now) == nil)
        #expect(await limiter.take("a", at: now) != nil)
        // Full: a third address waits rather than making the limiter forget one.
        #expect(await limiter.take("c", at: now) != nil)
        #expect(await limiter.take("c", at: now.addingTimeInterval(601)) == nil)
        #expect(LoggedPath.redacted("/p/demo/complaints/abcdabcdabcdabcdabcdabcd") == "/p/demo/complaints/…")
        #expect(LoggedPath.redacted("/p/demo/complaints/new") == "/p/demo/complaints/new")
        #expect(LoggedPath.redacted("/p/demo/institutions/x") == "/p/demo/institutions/x")
    }
}
