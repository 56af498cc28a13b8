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

@Suite("Rectification notices: drafted, numbered, immutable once issued, served, revisited, concluded")
struct NoticeAPITests {
    static func today() -> String { CalendarDate.string(from: Date(), in: nil) }

    /// A reviewed inspection of the scene's institution with one failed fire item (a major
    /// finding that became a hazard); its id.
    static func reviewedInspectionWithFinding(_ client: some TestClientProtocol, _ scene: InspectionScene) async throws -> String {
        let created = try await client.call(
            .post,
            "/v1/inspections",
            token: scene.regulator,
            json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-01", "inspector_ids": [scene.inspectorIDs[0]]]
        )
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
        let fireCode = try #require(items.first { $0["fire_related"] as? Bool == true && $0["mandatory"] as? Bool == true }?["code"] as? String)
        let results = items.compactMap { $0["code"] as? String }.map { code -> [String: Any] in
            code == fireCode
                ? ["item_code": code, "result": "fail", "finding": ["description": "二楼安全出口被杂物堵塞", "major": true]]
                : ["item_code": code, "result": "pass"]
        }
        let inspector = scene.inspectorTokens[0]
        do {
            let reply = try await client.call(.post, "/v1/inspections/\(id)/results", token: inspector, json: ["results": results])
            #expect(reply.status == .ok, "\(reply.text)")
        }
        do {
            let reply = try await client.call(.post, "/v1/inspections/\(id)/submit", token: inspector)
            #expect(reply.status == .ok, "\(reply.text)")
        }
        do {
            let reply = try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.regulator)
            #expect(reply.status == .ok, "\(reply.text)")
        }
        return id
    }

    /// A draft with one written item, for the scene's institution; its id.
    static func writtenDraft(_ client: some TestClientProtocol, _ token: String, institution: String, days: Int = 10) async throws -> String {
        let created = try await client.call(
            .post,
            "/v1/notices",
            token: token,
            json: [
                "institution_id": institution, "facts": "经查，你单位存在下列问题。", "deadline_days": days,
                "items": [["text": "未按规定开展消防安全培训", "legal_basis": "GB 38600-2019 第 7.3 条"]],
            ]
        )
        #expect(created.status == .created, "\(created.text)")
        return try #require(created.json["id"] as? String)
    }

    static func issue(_ client: some TestClientProtocol, _ token: String, _ id: String) async throws -> JSONReply {
        try await client.call(.post, "/v1/notices/\(id)/issue", token: token)
    }

    /// Runs the daily notice job once more for the tenant on a clock at noon of `day`.
    static func runDeadlines(_ db: TestDatabase, tenant: UUID, on day: String, runs: Int) async throws {
        try await db.database.withTenant(tenant) { transaction in
            try await JobQueue.enqueue(transaction.connection, tenantID: tenant, try NewJob(kind: "notices.deadlines", payload: [String: String]()))
        }
        let noon = RFC3339Text.date(from: day + "T04:00:00Z")!
        let handler = NoticeDeadlinesJob(UseCaseDependencies(database: db.database, time: TimeSource { noon }))
        #expect(
            try await runWorkers(db, handlers: [handler]) {
                try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'notices.deadlines' AND state = 'completed'")[0]
                    .decode(0, as: Int.self) >= runs
            }
        )
    }

    @Test("from an inspection's findings: drafted, issued under the next number, served in person, revisited, complied")
    func findingsToCompliance() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let policy = try await client.call(
                    .put,
                    "/v1/document-policy",
                    token: scene.regulator,
                    json: ["notice_prefix": "沈民责改", "authority": "沈阳市民政局", "consequence": DocumentPolicy.defaultConsequence, "reminder_days": 3]
                )
                #expect(policy.status == .ok, "\(policy.text)")
                let inspectionID = try await Self.reviewedInspectionWithFinding(client, scene)
                let hazardPolicy = try await client.call(.get, "/v1/hazard-policy", token: scene.regulator)
                let majorDays = try #require(hazardPolicy.json["major_deadline_days"] as? Int)

                let created = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "inspection_id": inspectionID]
                )
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                #expect(created.json["state"] as? String == "draft" && created.json["number"] is NSNull)
                #expect(created.json["deadline_days"] as? Int == majorDays)
                let items = try #require(created.json["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["text"] as? String == "二楼安全出口被杂物堵塞")
                let hazardID = try #require(items[0]["hazard_id"] as? String)
                #expect(items[0]["finding_id"] is String)
                #expect((created.json["institution"] as? [String: Any])?["id"] as? String == scene.institutionID)

                // A draft is the regulator's alone.
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: scene.institutionToken)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                #expect(try await client.call(.get, "/v1/notices", token: scene.institutionToken).items.isEmpty)
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: scene.inspectorTokens[0])
                    #expect(reply.status == .notFound, "\(reply.text)")
                }

                // Rewritten while a draft, against the version read.
                var rewritten: [String: Any] = [
                    "facts": "2026-12-01，本机关对你单位进行监督检查，发现下列问题。",
                    "items": items + [["text": "消防控制室无人值守", "legal_basis": "《中华人民共和国消防法》第十六条"]],
                    "legal_basis": "《养老机构管理办法》第三十九条", "deadline_days": 20, "version": 99,
                ]
                do {
                    let reply = try await client.call(.put, "/v1/notices/\(id)/draft", token: scene.regulator, json: rewritten)
                    #expect(reply.status == .preconditionFailed, "\(reply.text)")
                }
                rewritten["version"] = created.json["version"]
                let edited = try await client.call(.put, "/v1/notices/\(id)/draft", token: scene.regulator, json: rewritten)
                #expect(edited.status == .ok, "\(edited.text)")
                #expect((edited.json["items"] as? [Any])?.count == 2)

                // Issued: the number, the party as registered, the content and its hash fixed.
                #expect(try await Self.issue(client, scene.institutionToken, id).status == .notFound)
                let issued = try await Self.issue(client, scene.regulator, id)
                #expect(issued.status == .ok, "\(issued.text)")
                let year = Self.today().prefix(4)
                #expect(issued.json["number"] as? String == "沈民责改〔\(year)〕1号")
                #expect(issued.json["state"] as? String == "issued")
                let content = try #require(issued.json["content"] as? [String: Any])
                #expect(content["authority"] as? String == "沈阳市民政局" && content["issued_on"] as? String == Self.today())
                let institution = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator)
                #expect((content["party"] as? [String: Any])?["name"] as? String == institution.json["name"] as? String)
                let canonical = try await client.call(.get, "/v1/notices/\(id)/canonical", token: scene.regulator)
                let text = try #require(canonical.json["canonical"] as? String)
                #expect(LegalDocument.sha256(text) == issued.json["content_sha256"] as? String)
                #expect(canonical.json["sha256"] as? String == issued.json["content_sha256"] as? String)
                #expect(text.contains("消防控制室无人值守") && text.contains("沈民责改〔\(year)〕1号"))
                rewritten["version"] = issued.json["version"]
                do {
                    let reply = try await client.call(.put, "/v1/notices/\(id)/draft", token: scene.regulator, json: rewritten)
                    #expect(reply.status == .conflict, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.delete, "/v1/notices/\(id)", token: scene.regulator)
                    #expect(reply.status == .conflict, "\(reply.text)")
                }
                #expect(try await Self.issue(client, scene.regulator, id).status == .conflict)

                // The institution now reads it, and may not serve it for the regulator.
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: scene.institutionToken)
                    #expect(reply.status == .ok, "\(reply.text)")
                }
                #expect(try await client.call(.get, "/v1/notices", token: scene.institutionToken).items.count == 1)
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)/canonical", token: scene.institutionToken)
                    #expect(reply.status == .ok, "\(reply.text)")
                }
                let byInstitution = try await client.call(
                    .post,
                    "/v1/notices/\(id)/serve",
                    token: scene.institutionToken,
                    json: ["channel": "post", "received_on": Self.today(), "receiver": "李红", "postal_number": "XA1"]
                )
                #expect(byInstitution.status == .forbidden)

                // In person needs the signed receipt; with it, the deadline runs from the day of receipt.
                var service: [String: Any] = ["channel": "in_person", "received_on": Self.today(), "receiver": "李红"]
                let noReceipt = try await client.call(.post, "/v1/notices/\(id)/serve", token: scene.regulator, json: service)
                #expect(noReceipt.status == .unprocessableContent && noReceipt.errorFields == ["receipt"])
                service["receipt"] = try await client.uploadEvidence(token: scene.regulator, fileName: "送达回证.png")
                let served = try await client.call(.post, "/v1/notices/\(id)/serve", token: scene.regulator, json: service)
                #expect(served.status == .ok, "\(served.text)")
                let deadline = try #require(CalendarDate.adding(days: 20, to: Self.today()))
                #expect(served.json["state"] as? String == "served" && served.json["deadline"] as? String == deadline)
                #expect((served.json["service"] as? [String: Any])?["channel"] as? String == "in_person")
                do {
                    let reply = try await client.call(.post, "/v1/notices/\(id)/serve", token: scene.regulator, json: service)
                    #expect(reply.status == .conflict, "\(reply.text)")
                }
                // The hazard it covers now runs against the notice's deadline.
                let hazard = try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator)
                #expect(hazard.json["deadline"] as? String == deadline)
                let history = try await client.call(.get, "/v1/hazards/\(hazardID)/history", token: scene.regulator).items
                #expect(history.last?["action"] as? String == "notice_deadline" && history.last?["text"] as? String == "沈民责改〔\(year)〕1号")

                // Concluded only on a submitted revisit: another inspection of the same institution.
                let early = try await client.call(
                    .post,
                    "/v1/notices/\(id)/conclude",
                    token: scene.regulator,
                    json: ["outcome": "complied", "note": "已整改"]
                )
                #expect(early.status == .conflict)
                let same = try await client.call(.post, "/v1/notices/\(id)/revisit", token: scene.regulator, json: ["inspection_id": inspectionID])
                #expect(same.errorFields == ["inspection_id"])
                let revisitID = try await WorkbenchRecordTests.submittedInspection(client, scene, note: "复查：安全出口已清理")
                let linked = try await client.call(.post, "/v1/notices/\(id)/revisit", token: scene.regulator, json: ["inspection_id": revisitID])
                #expect(linked.json["revisit_inspection_id"] as? String == revisitID)
                let complied = try await client.call(
                    .post,
                    "/v1/notices/\(id)/conclude",
                    token: scene.regulator,
                    json: ["outcome": "complied", "note": "复查确认已整改"]
                )
                #expect(complied.status == .ok, "\(complied.text)")
                #expect(complied.json["state"] as? String == "complied" && complied.json["outcome_note"] as? String == "复查确认已整改")
                #expect(complied.json["content_sha256"] as? String == issued.json["content_sha256"] as? String)

                let steps = try await client.call(.get, "/v1/notices/\(id)/steps", token: scene.regulator).items
                #expect(steps.compactMap { $0["action"] as? String } == ["draft", "edit", "issue", "serve", "revisit", "complied"])
                let events = try await db.owner.query(
                    "SELECT type FROM events WHERE tenant_id = \(scene.tenant.id) AND type LIKE 'notice.%' ORDER BY id"
                ).map { try $0.decode(0, as: String.self) }
                #expect(events == ["notice.issued", "notice.served", "notice.concluded"])
                let audited = try await db.owner.query(
                    "SELECT count(*) FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND entity_type = 'rectification_notice'"
                )
                #expect(try audited[0].decode(0, as: Int.self) == 6)
            }
        }
    }

    @Test("numbers under parallel issuing: one per notice, 1…n without gaps, per tenant and year")
    func parallelNumbers() async throws {
        // A connection per request, so the issues wait on the counter's row lock in
        // PostgreSQL (what is tested), not for the pool's checkout beside the whole suite.
        try await TestDatabase.with(poolSize: 14) { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                var ids: [String] = []
                for _ in 0..<12 { ids.append(try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)) }
                let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                    for id in ids { group.addTask { try await Self.issue(client, scene.regulator, id).json["number"] as? String } }
                    var numbers: [String] = []
                    for try await number in group { numbers.append(try #require(number)) }
                    return numbers
                }
                let year = Self.today().prefix(4)
                #expect(Set(numbers) == Set((1...12).map { "民责改〔\(year)〕\($0)号" }))
                // A discarded draft takes no number; another tenant counts from 1.
                let discarded = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                do {
                    let reply = try await client.call(.delete, "/v1/notices/\(discarded)", token: scene.regulator)
                    #expect(reply.status == .noContent, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(discarded)", token: scene.regulator)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                let next = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                #expect(try await Self.issue(client, scene.regulator, next).json["number"] as? String == "民责改〔\(year)〕13号")
                let other = try await InspectionScene.make(db, client, inspectors: 0)
                let theirs = try await Self.writtenDraft(client, other.regulator, institution: other.institutionID)
                #expect(try await Self.issue(client, other.regulator, theirs).json["number"] as? String == "民责改〔\(year)〕1号")
            }
        }
    }

    @Test("once issued, PostgreSQL itself refuses to change what a notice says, to renumber it, or to delete it")
    func immutableInTheDatabase() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let draftID = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                let issuedID = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                #expect(try await Self.issue(client, scene.regulator, issuedID).status == .ok)
                let draft = try #require(UUID(uuidString: draftID))
                let issued = try #require(UUID(uuidString: issuedID))
                // A draft is free to change.
                _ = try await db.owner.query("UPDATE rectification_notices SET doc = jsonb_set(doc, '{facts}', '\"x\"') WHERE id = \(draft)")
                let refused: [SQLQuery] = [
                    "UPDATE rectification_notices SET doc = jsonb_set(doc, '{facts}', '\"x\"') WHERE id = \(issued)",
                    "UPDATE rectification_notices SET number = '民责改〔2026〕99号' WHERE id = \(issued)",
                    "UPDATE rectification_notices SET doc = jsonb_set(doc, '{items}', '[]') WHERE id = \(issued)",
                    "UPDATE rectification_notices SET canonical = canonical || ' ' WHERE id = \(issued)",
                    "UPDATE rectification_notices SET content_sha256 = repeat('0', 64) WHERE id = \(issued)",
                    "UPDATE rectification_notices SET state = 'draft' WHERE id = \(issued)",
                    "DELETE FROM rectification_notices WHERE id = \(issued)",
                ]
                for (index, statement) in refused.enumerated() {
                    await #expect(throws: (any Error).self, "statement \(index)") { _ = try await db.owner.query(statement) }
                }
                let still = try await client.call(.get, "/v1/notices/\(issuedID)", token: scene.regulator)
                #expect(still.json["facts"] as? String == "经查，你单位存在下列问题。" && still.json["state"] as? String == "issued")
            }
        }
    }

    @Test(
        "by post and electronically: the deadline and the covered hazard move; the daily job warns and flags once; not complied proposes a blacklist entry once"
    )
    func serviceDeadlinesAndConsequence() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let hazardID = try await WorkbenchRecordTests.openHazard(client, scene)
                let created = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "hazard_ids": [hazardID], "deadline_days": 15]
                )
                #expect(created.status == .created, "\(created.text)")
                let items = try #require(created.json["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["hazard_id"] as? String == hazardID)
                #expect((items[0]["legal_basis"] as? String)?.contains("消防法") == true)
                let byPost = try #require(created.json["id"] as? String)
                #expect(try await Self.issue(client, scene.regulator, byPost).status == .ok)
                let noNumber = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/serve",
                    token: scene.regulator,
                    json: ["channel": "post", "received_on": Self.today(), "receiver": "李红"]
                )
                #expect(noNumber.errorFields == ["postal_number"])
                let electronic = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/serve",
                    token: scene.regulator,
                    json: ["channel": "electronic", "received_on": Self.today(), "receiver": "李红"]
                )
                #expect(electronic.errorFields == ["channel"])
                let future = try #require(CalendarDate.adding(days: 1, to: Self.today()))
                let tomorrow = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/serve",
                    token: scene.regulator,
                    json: ["channel": "post", "received_on": future, "receiver": "李红", "postal_number": "XA100"]
                )
                #expect(tomorrow.errorFields == ["received_on"])
                let served = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/serve",
                    token: scene.regulator,
                    json: ["channel": "post", "received_on": Self.today(), "receiver": "李红", "postal_number": "XA100"]
                )
                let deadline = try #require(CalendarDate.adding(days: 15, to: Self.today()))
                #expect(served.json["deadline"] as? String == deadline, "\(served.text)")
                #expect(try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json["deadline"] as? String == deadline)

                // Electronic: the institution named confirms itself, today; no other institution can.
                let second = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID, days: 5)
                #expect(try await Self.issue(client, scene.regulator, second).status == .ok)
                let otherInstitution = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherToken = try await db.issueToken(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(otherInstitution.json["id"] as? String))
                )
                let stranger = try await client.call(.post, "/v1/notices/\(second)/acknowledge", token: otherToken, json: ["receiver": "赵六"])
                #expect(stranger.status == .notFound)
                let asRegulator = try await client.call(.post, "/v1/notices/\(second)/acknowledge", token: scene.regulator, json: ["receiver": "x"])
                #expect(asRegulator.status == .forbidden)
                #expect(
                    try await client.call(.post, "/v1/notices/\(second)/acknowledge", token: scene.institutionToken, json: [:]).errorFields == [
                        "receiver"
                    ]
                )
                let confirmed = try await client.call(
                    .post,
                    "/v1/notices/\(second)/acknowledge",
                    token: scene.institutionToken,
                    json: ["receiver": "李红"]
                )
                #expect(confirmed.status == .ok, "\(confirmed.text)")
                let service = try #require(confirmed.json["service"] as? [String: Any])
                #expect(service["channel"] as? String == "electronic" && service["received_on"] as? String == Self.today())
                #expect(confirmed.json["deadline"] as? String == CalendarDate.adding(days: 5, to: Self.today()))

                // The daily job: near once from three days before, overdue once after.
                let near = try #require(CalendarDate.adding(days: -2, to: deadline))
                let late = try #require(CalendarDate.adding(days: 1, to: deadline))
                try await Self.runDeadlines(db, tenant: scene.tenant.id, on: near, runs: 1)
                try await Self.runDeadlines(db, tenant: scene.tenant.id, on: near, runs: 2)
                try await Self.runDeadlines(db, tenant: scene.tenant.id, on: late, runs: 3)
                try await Self.runDeadlines(db, tenant: scene.tenant.id, on: late, runs: 4)
                let flagged = try await db.owner.query(
                    """
                    SELECT type, subjects::text FROM events WHERE tenant_id = \(scene.tenant.id)
                    AND type IN ('notice.deadline_near', 'notice.overdue') ORDER BY id
                    """
                )
                let types = try flagged.map { try $0.decode(0, as: String.self) }
                // The electronic one (5 days) passed its deadline already on the first run.
                #expect(types.sorted() == ["notice.deadline_near", "notice.overdue", "notice.overdue"], "\(types)")
                #expect(try flagged.allSatisfy { try $0.decode(1, as: String.self).contains(scene.institutionID) })
                #expect(try await client.call(.get, "/v1/notices/\(byPost)", token: scene.regulator).json["overdue"] as? Bool == true)

                // Not complied on the revisit: a blacklist proposal citing the notice, once.
                let revisitID = try await WorkbenchRecordTests.submittedInspection(client, scene, note: "复查：隐患仍在")
                #expect(
                    try await client.call(.post, "/v1/notices/\(byPost)/revisit", token: scene.regulator, json: ["inspection_id": revisitID]).status
                        == .ok
                )
                let notComplied = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/conclude",
                    token: scene.regulator,
                    json: ["outcome": "not_complied", "note": "安全出口仍上锁"]
                )
                #expect(notComplied.json["state"] as? String == "not_complied", "\(notComplied.text)")
                let again = try await client.call(
                    .post,
                    "/v1/notices/\(byPost)/conclude",
                    token: scene.regulator,
                    json: ["outcome": "not_complied", "note": "安全出口仍上锁"]
                )
                #expect(again.status == .conflict)
                let listed = try await client.call(.get, "/v1/blacklist?state=proposed", token: scene.regulator)
                let proposals = listed.items.filter { $0["institution_id"] as? String == scene.institutionID }
                #expect(proposals.count == 1, "\(listed.text)")
                let number = try #require(notComplied.json["number"] as? String)
                #expect((proposals.first?["facts"] as? String)?.contains(number) == true)
                #expect((proposals.first?["legal_basis"] as? String)?.contains(number) == true)
            }
        }
    }

    @Test("corrections: a new notice naming the one it corrects, which is superseded when the correction is issued")
    func corrections() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let original = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                let draftCorrection = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "corrects_id": original]
                )
                #expect(draftCorrection.errorFields == ["corrects_id"])
                let first = try await Self.issue(client, scene.regulator, original)
                let correction = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "corrects_id": original, "facts": "更正：检查日期为 2026-12-01。"]
                )
                #expect(correction.status == .created, "\(correction.text)")
                #expect((correction.json["items"] as? [[String: Any]])?.first?["text"] as? String == "未按规定开展消防安全培训")
                let correctionID = try #require(correction.json["id"] as? String)
                let issued = try await Self.issue(client, scene.regulator, correctionID)
                #expect((issued.json["content"] as? [String: Any])?["corrects"] as? String == first.json["number"] as? String)
                let superseded = try await client.call(.get, "/v1/notices/\(original)", token: scene.regulator)
                #expect(superseded.json["state"] as? String == "superseded" && superseded.json["superseded_by"] as? String == correctionID)
                #expect(superseded.json["content_sha256"] as? String == first.json["content_sha256"] as? String)
                #expect(try await client.call(.get, "/v1/notices?state=superseded", token: scene.regulator).items.count == 1)
            }
        }
    }

    @Test("isolation and bad input: other tenants, other institutions, inspectors; every refused field named")
    func isolationAndBadInput() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let id = try await Self.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                #expect(try await Self.issue(client, scene.regulator, id).status == .ok)
                let other = try await InspectionScene.make(db, client, inspectors: 0)
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: other.regulator)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                #expect(try await client.call(.get, "/v1/notices", token: other.regulator).items.isEmpty)
                #expect(try await Self.issue(client, other.regulator, id).status == .notFound)
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)/canonical", token: other.institutionToken)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                let foreign = try await client.call(.post, "/v1/notices", token: other.regulator, json: ["institution_id": scene.institutionID])
                #expect(foreign.errorFields == ["institution_id"])
                let otherInstitution = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherID = try #require(otherInstitution.json["id"] as? String)
                let otherToken = try await db.issueToken(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: otherID))
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: otherToken)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                #expect(try await client.call(.get, "/v1/notices", token: otherToken).items.isEmpty)
                do {
                    let reply = try await client.call(.get, "/v1/notices", token: scene.inspectorTokens[0])
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.get, "/v1/notices/\(id)", token: scene.inspectorTokens[0])
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(
                        .post,
                        "/v1/notices",
                        token: scene.institutionToken,
                        json: ["institution_id": scene.institutionID]
                    )
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.put, "/v1/document-policy", token: scene.institutionToken, json: DocumentPolicy().json)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }

                // A hazard of another institution, an inspection without findings, nothing to put right, bad numbers.
                let theirHazard = try await Self.otherHazard(client, scene, institution: otherID)
                let inspectionID = try await WorkbenchRecordTests.submittedInspection(client, scene)
                let bad = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "hazard_ids": [theirHazard], "inspection_id": inspectionID]
                )
                #expect(bad.status == .unprocessableContent)
                #expect(Set(bad.errorFields) == ["hazard_ids[0]", "inspection_id"])
                let empty = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "deadline_days": 0, "facts": "经查"]
                )
                #expect(Set(empty.errorFields) == ["items", "deadline_days"])
                let blank = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "items": [["text": "", "legal_basis": "x"]], "facts": "经查"]
                )
                let othersHazard = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: [
                        "institution_id": scene.institutionID, "items": [["text": "x", "legal_basis": "y", "hazard_id": theirHazard]], "facts": "经查",
                    ]
                )
                #expect(othersHazard.errorFields == ["items[0].hazard_id"], "\(othersHazard.text)")
                #expect(blank.errorFields == ["items[0].text"])
                let unknownKey = try await client.call(
                    .post,
                    "/v1/notices",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "number": "民责改〔2026〕1号"]
                )
                #expect(unknownKey.status == .unprocessableContent)
                do {
                    let reply = try await client.call(.post, "/v1/notices", token: scene.regulator, raw: "{")
                    #expect(reply.errorFields == ["body"], "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.get, "/v1/notices/not-a-uuid", token: scene.regulator)
                    #expect(reply.status == .notFound, "\(reply.text)")
                }
                do {
                    let reply = try await client.call(.get, "/v1/notices?state=lost", token: scene.regulator)
                    #expect(reply.status == .unprocessableContent, "\(reply.text)")
                }
                var policy = DocumentPolicy().json
                policy["notice_prefix"] = "民〔2026〕"
                policy["reminder_days"] = 99
                let badPolicy = try await client.call(.put, "/v1/document-policy", token: scene.regulator, json: policy)
                #expect(Set(badPolicy.errorFields) == ["notice_prefix", "reminder_days"])
                let english = try await client.call(.put, "/v1/document-policy?lang=en", token: scene.regulator, json: policy)
                #expect(english.status == .unprocessableContent)
            }
        }
    }

    /// An open hazard of another institution of the scene's tenant; its id.
    static func otherHazard(_ client: some TestClientProtocol, _ scene: InspectionScene, institution: String) async throws -> String {
        let hazard = try await CampaignHazardAPITests.report(
            client,
            scene.regulator,
            ["institution_id": institution, "catalogue_code": "M3-01", "deadline": "2099-01-01"]
        )
        return try #require(hazard.json["id"] as? String, "\(hazard.text)")
    }
}

extension DocumentPolicy {
    /// The policy as a request body.
    var json: [String: Any] {
        ["notice_prefix": self.noticePrefix, "authority": self.authority, "consequence": self.consequence, "reminder_days": self.reminderDays]
    }
}
