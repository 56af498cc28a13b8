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

@Suite("Penalty decisions: prior notice and its windows, the decision, publication (双公示), credit repair, repeats")
struct PenaltyAPITests {
    static func today() -> String { NoticeAPITests.today() }

    static func body(institution: String, penalties: [[String: Any]], kind: String = "未按规定配备消防设施") -> [String: Any] {
        [
            "institution_id": institution, "facts": "经查，你单位二楼安全出口长期上锁，经责令整改逾期未改正。",
            "evidence": ["现场检查笔录", "现场照片 3 张"], "legal_basis": "《养老机构管理办法》第四十六条", "violation_kind": kind,
            "penalties": penalties,
        ]
    }

    static var warning: [String: Any] { ["category": "warning", "content": "警告"] }
    static func fine(_ yuan: Int) -> [String: Any] { ["category": "fine", "content": "罚款人民币 \(yuan) 元", "amount_yuan": yuan] }

    /// A drafted, notified decision; its id.
    static func notified(_ client: some TestClientProtocol, _ scene: InspectionScene, _ body: [String: Any]) async throws -> String {
        let created = try await client.call(.post, "/v1/penalties", token: scene.regulator, json: body)
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        let notified = try await client.call(.post, "/v1/penalties/\(id)/notify", token: scene.regulator)
        #expect(notified.status == .ok, "\(notified.text)")
        return id
    }

    /// Notified, waived by the institution and decided; the decision.
    static func decided(_ client: some TestClientProtocol, _ scene: InspectionScene, _ body: [String: Any]) async throws -> JSONReply {
        let id = try await Self.notified(client, scene, body)
        let waived = try await client.call(.post, "/v1/penalties/\(id)/answer", token: scene.institutionToken, json: ["waived": true])
        #expect(waived.status == .ok, "\(waived.text)")
        let decided = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
        #expect(decided.status == .ok, "\(decided.text)")
        return decided
    }

    /// The use cases on a clock at noon (Beijing) of `day`.
    static func onDay(_ db: TestDatabase, _ day: String) -> PenaltyUseCases {
        let noon = RFC3339Text.date(from: day + "T04:00:00Z")!
        return PenaltyUseCases(UseCaseDependencies(database: db.database, time: TimeSource { noon }))
    }

    @Test("drafted from a notice and a case, notified, answered by the institution, decided under the next number, fixed in the database")
    func draftToDecision() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let noticeID = try await NoticeBrowserTests.issuedNotice(client, scene)
                var body = Self.body(institution: scene.institutionID, penalties: [Self.warning, Self.fine(5_000)])
                body["notice_ids"] = [noticeID]
                let created = try await client.call(.post, "/v1/penalties", token: scene.regulator, json: body)
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                #expect(created.json["state"] as? String == "draft" && created.json["publication_months"] as? Int == 3)

                // A draft is the regulator's alone; the party hears of it from the prior notice on.
                #expect(try await client.call(.get, "/v1/penalties/\(id)", token: scene.institutionToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/penalties", token: scene.institutionToken).items.isEmpty)
                let early = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
                #expect(early.status == .conflict, "\(early.text)")
                let notified = try await client.call(.post, "/v1/penalties/\(id)/notify", token: scene.regulator)
                let prior = try #require(notified.json["prior_notice"] as? [String: Any], "\(notified.text)")
                #expect(prior["notified_on"] as? String == Self.today() && prior["hearing_right"] as? Bool == false)
                let until = WorkingCalendar.tenant([]).adding(workingDays: 3, to: Self.today())
                #expect(prior["statement_until"] as? String == until)
                #expect(try await client.call(.post, "/v1/penalties/\(id)/notify", token: scene.regulator).status == .conflict)
                #expect(try await client.call(.delete, "/v1/penalties/\(id)", token: scene.regulator).status == .conflict)
                let blocked = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
                #expect(blocked.status == .conflict && blocked.text.contains(until), "\(blocked.text)")

                // The party states its case; a hearing it has no right to is refused.
                #expect(try await client.call(.get, "/v1/penalties/\(id)", token: scene.institutionToken).status == .ok)
                let noRight = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/answer",
                    token: scene.institutionToken,
                    json: ["text": "要求听证", "hearing_requested": true]
                )
                #expect(noRight.errorFields == ["hearing_requested"], "\(noRight.text)")
                #expect(try await client.call(.post, "/v1/penalties/\(id)/answer", token: scene.institutionToken, json: [:]).errorFields == ["text"])
                let answered = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/answer",
                    token: scene.institutionToken,
                    json: ["text": "安全出口已于当日开锁，请求从轻处罚。"]
                )
                #expect(answered.status == .ok, "\(answered.text)")
                let twice = try await client.call(.post, "/v1/penalties/\(id)/answer", token: scene.institutionToken, json: ["waived": true])
                #expect(twice.status == .conflict)
                #expect(try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.institutionToken).status == .forbidden)

                let decided = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
                #expect(decided.status == .ok, "\(decided.text)")
                let year = Self.today().prefix(4)
                #expect(decided.json["number"] as? String == "民罚决〔\(year)〕1号")
                let content = try #require(decided.json["content"] as? [String: Any])
                let noticeNumber = try await client.call(.get, "/v1/notices/\(noticeID)", token: scene.regulator).json["number"] as? String
                #expect(content["follows"] as? [String] == [try #require(noticeNumber)])
                #expect((content["statement"] as? String)?.contains("安全出口已于当日开锁") == true)
                #expect(
                    (content["party"] as? [String: Any])?["name"] as? String == (decided.json["institution"] as? [String: Any])?["name"] as? String
                )
                let canonical = try await client.call(.get, "/v1/penalties/\(id)/canonical", token: scene.institutionToken)
                #expect(LegalDocument.sha256(try #require(canonical.json["canonical"] as? String)) == decided.json["content_sha256"] as? String)
                #expect(try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator).status == .conflict)
                var rewrite = Self.body(institution: scene.institutionID, penalties: [Self.warning])
                rewrite.removeValue(forKey: "institution_id")
                #expect(try await client.call(.put, "/v1/penalties/\(id)/draft", token: scene.regulator, json: rewrite).status == .conflict)

                // PostgreSQL itself keeps what it says.
                let uuid = try #require(UUID(uuidString: id))
                let refused: [SQLQuery] = [
                    "UPDATE penalty_decisions SET doc = jsonb_set(doc, '{facts}', '\"x\"') WHERE id = \(uuid)",
                    "UPDATE penalty_decisions SET number = '民罚决〔2026〕99号' WHERE id = \(uuid)",
                    "UPDATE penalty_decisions SET canonical = canonical || ' ' WHERE id = \(uuid)",
                    "UPDATE penalty_decisions SET doc = jsonb_set(doc, '{penalties}', '[]') WHERE id = \(uuid)",
                    "UPDATE penalty_decisions SET state = 'notified' WHERE id = \(uuid)",
                    "DELETE FROM penalty_decisions WHERE id = \(uuid)",
                ]
                for (index, statement) in refused.enumerated() {
                    await #expect(throws: (any Error).self, "statement \(index)") { _ = try await db.owner.query(statement) }
                }
                let steps = try await client.call(.get, "/v1/penalties/\(id)/steps", token: scene.regulator).items
                #expect(steps.compactMap { $0["action"] as? String } == ["draft", "notify", "answer", "decide"])
                let events = try await db.owner.query(
                    "SELECT type FROM events WHERE tenant_id = \(scene.tenant.id) AND type LIKE 'penalty.%' ORDER BY id"
                ).map { try $0.decode(0, as: String.self) }
                #expect(events == ["penalty.notified", "penalty.decided"])
            }
        }
    }

    @Test("a heavy penalty: the hearing window holds the decision, a hearing asked for must be held first")
    func hearing() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let id = try await Self.notified(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.fine(80_000)]))
                let read = try await client.call(.get, "/v1/penalties/\(id)", token: scene.regulator).json
                let prior = try #require(read["prior_notice"] as? [String: Any])
                #expect(prior["hearing_right"] as? Bool == true)
                #expect(prior["hearing_until"] as? String == WorkingCalendar.tenant([]).adding(workingDays: 5, to: Self.today()))
                let asked = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/answer",
                    token: scene.institutionToken,
                    json: ["text": "罚款数额过高，申请听证", "hearing_requested": true]
                )
                #expect(asked.status == .ok, "\(asked.text)")
                let waiting = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
                #expect(waiting.status == .conflict && waiting.text.contains("听证"), "\(waiting.text)")
                let future = try #require(CalendarDate.adding(days: 2, to: Self.today()))
                let ahead = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/hearing",
                    token: scene.regulator,
                    json: ["held_on": future, "summary": "x"]
                )
                #expect(ahead.errorFields == ["held_on"])
                let byParty = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/hearing",
                    token: scene.institutionToken,
                    json: ["held_on": Self.today(), "summary": "x"]
                )
                #expect(byParty.status == .forbidden)
                let held = try await client.call(
                    .post,
                    "/v1/penalties/\(id)/hearing",
                    token: scene.regulator,
                    json: ["held_on": Self.today(), "summary": "当事人到场陈述，认可违法事实。"]
                )
                #expect(held.status == .ok, "\(held.text)")
                let decided = try await client.call(.post, "/v1/penalties/\(id)/decide", token: scene.regulator)
                #expect(decided.status == .ok, "\(decided.text)")
                #expect(((decided.json["content"] as? [String: Any])?["statement"] as? String)?.contains("举行听证") == true)
            }
        }
    }

    @Test("published by the regulator or by the job on the limit's last day, shown with the national fields, gone at the period's end or on repair")
    func publication() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let first = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.fine(5_000)]))
                let firstID = try #require(first.json["id"] as? String)
                var secondBody = Self.body(institution: scene.institutionID, penalties: [Self.warning], kind: "超出登记范围开展服务")
                secondBody["publication_months"] = 6
                let second = try await Self.decided(client, scene, secondBody)
                let secondID = try #require(second.json["id"] as? String)
                let slug = scene.tenant.slug
                #expect(try await client.call(.get, "/public/\(slug)/penalties", token: nil).items.isEmpty, "decided is not yet published")

                // The regulator publishes the first; the job leaves the second until the limit's last day.
                let published = try await client.call(.post, "/v1/penalties/\(firstID)/publish", token: scene.regulator)
                #expect(published.status == .ok, "\(published.text)")
                let end = try #require(CalendarDate.adding(months: 3, to: Self.today()))
                #expect(published.json["published_on"] as? String == Self.today() && published.json["publication_end"] as? String == end)
                #expect(try await client.call(.post, "/v1/penalties/\(firstID)/publish", token: scene.regulator).status == .conflict)
                let due = WorkingCalendar.tenant([]).adding(workingDays: 7, to: Self.today())
                let dayBefore = WorkingCalendar.tenant([]).adding(workingDays: 6, to: Self.today())
                for (day, expected) in [(Self.today(), 0), (dayBefore, 0), (due, 1), (due, 0)] {
                    let count = try await db.database.withTenant(scene.tenant.id) { transaction in
                        try await Self.onDay(db, day).runPublication(Caller(job: "test", transaction))
                    }
                    #expect(count == expected, "on \(day)")
                }
                let events = try await db.owner.query(
                    "SELECT count(*) FROM events WHERE tenant_id = \(scene.tenant.id) AND type = 'penalty.published'"
                )
                #expect(try events[0].decode(0, as: Int.self) == 2)

                // The public list: exactly the national format's fields, the amount in 10,000 yuan;
                // today it shows the first (the job published the second on a later day).
                let listed = try await client.call(.get, "/public/\(slug)/penalties", token: nil).items
                #expect(listed.compactMap { $0["decision_number"] as? String } == [first.json["number"] as? String])
                let onDue = try await db.database.withTenant(scene.tenant.id) { try await Self.onDay(db, due).published($0) }
                #expect(
                    Set(onDue.map(\.decisionNumber)) == Set([first.json["number"] as? String, second.json["number"] as? String].compactMap { $0 })
                )
                let record = try #require(listed.first { $0["decision_number"] as? String == first.json["number"] as? String })
                // The reference's fields (closed-loop.md, 双公示), written out here rather than read from the code.
                let referenceFields: Set<String> = [
                    "party_name", "party_category", "credit_code", "legal_representative", "decision_number", "violation_kind", "facts",
                    "legal_basis", "penalty_categories", "penalty_content", "fine_10k_yuan", "confiscation_10k_yuan", "decided_on",
                    "publication_end", "authority", "authority_credit_code",
                ]
                #expect(Set(record.keys) == referenceFields)
                #expect(record["fine_10k_yuan"] as? String == "0.5" && record["penalty_categories"] as? String == "罚款")
                #expect(record["party_category"] as? String == "法人及非法人组织" && record["publication_end"] as? String == end)
                let csv = try await client.execute(uri: "/public/\(slug)/penalties.csv", method: .get) { response in
                    (response.headers[.contentType], String(buffer: response.body))
                }
                #expect(csv.0 == "text/csv; charset=utf-8" && csv.1.hasPrefix("\u{FEFF}行政相对人名称,"))
                let lines = csv.1.split(separator: "\r\n")
                #expect(lines.count == 2)
                #expect(
                    String(lines[0])
                        == "\u{FEFF}行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,"
                        + "处罚类别,处罚内容,罚款金额（万元）,没收违法所得、没收非法财物的金额（万元）,处罚决定日期,公示截止期,处罚机关,处罚机关统一社会信用代码"
                )
                #expect(String(lines[1]).contains(",0.5,,"), "the fine in 10,000 yuan, no confiscation: \(lines[1])")
                #expect(csv.1.contains(try #require(first.json["number"] as? String)))
                #expect(try await client.call(.get, "/public/no-such-tenant/penalties", token: nil).status == .notFound)

                // At the end of its period it leaves the list; the register keeps it.
                let atEnd = try await db.database.withTenant(scene.tenant.id) { try await Self.onDay(db, end).published($0) }
                #expect(atEnd.map(\.decisionNumber) == [second.json["number"] as? String].compactMap { $0 })
                let before = try #require(CalendarDate.adding(days: -1, to: end))
                let lastDay = try await db.database.withTenant(scene.tenant.id) { try await Self.onDay(db, before).published($0) }
                #expect(lastDay.count == 2)

                // Credit repair: not before the minimum period; granted, it leaves the list at once.
                let tooEarly = try await client.call(
                    .post,
                    "/v1/penalties/\(secondID)/repair",
                    token: scene.institutionToken,
                    json: ["reason": "已整改"]
                )
                #expect(tooEarly.status == .conflict, "\(tooEarly.text)")
                let secondRead = try await client.call(.get, "/v1/penalties/\(secondID)", token: scene.regulator).json
                #expect(secondRead["published_on"] as? String == due)
                let repairDay = try #require(CalendarDate.adding(months: 3, to: due), "the minimum of a general violation")
                let tooSoon = try await db.database.withTenant(scene.tenant.id) { transaction in
                    do {
                        _ = try await Self.onDay(db, try #require(CalendarDate.adding(days: -1, to: repairDay)))
                            .requestRepair(Caller(job: "test", transaction), id: try #require(UUID(uuidString: secondID)), reason: "已整改")
                        return false
                    } catch DomainError.conflict { return true }
                }
                #expect(tooSoon)
                let repaired = try await db.database.withTenant(scene.tenant.id) { transaction in
                    let cases = Self.onDay(db, repairDay)
                    let caller = Caller(job: "test", transaction)
                    _ = try await cases.requestRepair(caller, id: try #require(UUID(uuidString: secondID)), reason: "已整改并完成培训")
                    return try await cases.decideRepair(caller, id: try #require(UUID(uuidString: secondID)), granted: true, reason: "整改到位")
                }
                #expect(repaired.repairedOn == repairDay && repaired.repair?.granted == true)
                let afterRepair = try await db.database.withTenant(scene.tenant.id) { try await Self.onDay(db, repairDay).published($0) }
                #expect(afterRepair.isEmpty)
                #expect(try await client.call(.get, "/v1/penalties/\(secondID)", token: scene.regulator).json["repaired_on"] as? String == repairDay)
                #expect(
                    try await client.call(
                        .post,
                        "/v1/penalties/\(secondID)/repair/decision",
                        token: scene.regulator,
                        json: ["granted": false, "reason": "x"]
                    )
                    .status == .conflict
                )
            }
        }
    }

    @Test("a second penalty for the same kind of violation within twelve months proposes one blacklist entry citing both")
    func repeatProposes() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let first = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.warning]))
                _ = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.warning], kind: "超出登记范围开展服务"))
                func proposals() async throws -> [[String: Any]] {
                    try await client.call(.get, "/v1/blacklist?state=proposed", token: scene.regulator).items.filter {
                        $0["institution_id"] as? String == scene.institutionID
                    }
                }
                #expect(try await proposals().isEmpty)
                let repeated = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.fine(2_000)]))
                let found = try await proposals()
                #expect(found.count == 1)
                let facts = found.first?["facts"] as? String ?? ""
                let numbers = [try #require(first.json["number"] as? String), try #require(repeated.json["number"] as? String)]
                #expect(numbers.allSatisfy { facts.contains($0) }, "\(facts)")
            }
        }
    }

    @Test("a correction is a new decision naming the one it corrects, which leaves the public list and stays in the register")
    func corrections() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let first = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.fine(5_000)]))
                let firstID = try #require(first.json["id"] as? String)
                let firstNumber = try #require(first.json["number"] as? String)
                #expect(try await client.call(.post, "/v1/penalties/\(firstID)/publish", token: scene.regulator).status == .ok)
                var body = Self.body(institution: scene.institutionID, penalties: [Self.fine(3_000)])
                body["corrects_id"] = firstID
                let correction = try await Self.decided(client, scene, body)
                #expect(((correction.json["content"] as? [String: Any])?["corrects"] as? String) == firstNumber, "\(correction.text)")
                let old = try await client.call(.get, "/v1/penalties/\(firstID)", token: scene.regulator).json
                #expect(old["superseded_by"] as? String == correction.json["id"] as? String && old["superseded_on"] as? String == Self.today())
                #expect(old["content_sha256"] as? String == first.json["content_sha256"] as? String, "what it said is unchanged")
                #expect(try await client.call(.get, "/public/\(scene.tenant.slug)/penalties", token: nil).items.isEmpty)
                let steps = try await client.call(.get, "/v1/penalties/\(firstID)/steps", token: scene.regulator).items
                #expect(steps.last?["action"] as? String == "supersede")
                // Only a decision in force of the same institution can be corrected; the correction stays recorded.
                let again = try await client.call(.post, "/v1/penalties", token: scene.regulator, json: body)
                #expect(again.errorFields == ["corrects_id"])
                let other = try await InspectionScene.make(db, client, inspectors: 0)
                var foreign = Self.body(institution: other.institutionID, penalties: [Self.warning])
                foreign["corrects_id"] = try #require(correction.json["id"] as? String)
                #expect(try await client.call(.post, "/v1/penalties", token: other.regulator, json: foreign).errorFields == ["corrects_id"])
                await #expect(throws: (any Error).self) {
                    _ = try await db.owner.query("UPDATE penalty_decisions SET superseded_on = NULL WHERE id = \(UUID(uuidString: firstID)!)")
                }
            }
        }
    }

    @Test("a decision in publication adds the tenant's factor to the draw's frozen weight and blocks a star rating, per the policy")
    func riskAndRating() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherID = try #require(other.json["id"] as? String)
                let decided = try await Self.decided(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.fine(5_000)]))
                let id = try #require(decided.json["id"] as? String)
                func weights() async throws -> [String: Int] {
                    let draw = try await client.call(
                        .post,
                        "/v1/draws",
                        token: scene.regulator,
                        json: [
                            "name": "处罚公示期内加大抽查", "purpose": "x", "target_scope": ["districts": ["和平区"]], "sample": 1,
                            "inspectors_per_target": 1, "risk_weighted": true,
                        ]
                    )
                    let drawID = try #require(draw.json["id"] as? String, "\(draw.text)")
                    #expect(try await client.call(.post, "/v1/draws/\(drawID)/commit", token: scene.regulator).status == .ok)
                    let record = try #require(try await DrawAPITests.record(client, scene.tenant.slug, drawID).1)
                    return Dictionary(uniqueKeysWithValues: record.roster.targets.map { ($0.id, $0.weight) })
                }
                let decidedOnly = try await weights()
                #expect(decidedOnly[scene.institutionID] == decidedOnly[otherID], "decided, not yet published: no term")
                #expect(try await client.call(.post, "/v1/penalties/\(id)/publish", token: scene.regulator).status == .ok)
                let inPublication = try await weights()
                #expect(inPublication[scene.institutionID] == (inPublication[otherID] ?? 0) + PenaltyPolicy().riskFactor, "\(inPublication)")

                let draft = try await client.call(
                    .post,
                    "/v1/ratings",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scores": RatingBlacklistAPITests.fiveStars, "operating_since": "2020-05-01"]
                )
                let ratingID = try #require(draft.json["id"] as? String, "\(draft.text)")
                let refused = try await client.call(.post, "/v1/ratings/\(ratingID)/publish", token: scene.regulator)
                #expect(refused.status == .conflict, "\(refused.text)")
                #expect(refused.text.contains("penalty decision"), "\(refused.text)")
                var policy = PenaltyPolicy().json
                policy["block_rating"] = false
                #expect(try await client.call(.put, "/v1/penalty-policy", token: scene.regulator, json: policy).status == .ok)
                let published = try await client.call(.post, "/v1/ratings/\(ratingID)/publish", token: scene.regulator)
                #expect(published.status == .ok, "\(published.text)")
            }
        }
    }

    @Test("isolation and bad input: other tenants, other institutions, inspectors; every refused field named")
    func isolationAndBadInput() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let id = try await Self.notified(client, scene, Self.body(institution: scene.institutionID, penalties: [Self.warning]))
                let other = try await InspectionScene.make(db, client, inspectors: 0)
                #expect(try await client.call(.get, "/v1/penalties/\(id)", token: other.regulator).status == .notFound)
                #expect(try await client.call(.get, "/v1/penalties", token: other.regulator).items.isEmpty)
                #expect(try await client.call(.post, "/v1/penalties/\(id)/decide", token: other.regulator).status == .notFound)
                let foreign = try await client.call(
                    .post,
                    "/v1/penalties",
                    token: other.regulator,
                    json: Self.body(institution: scene.institutionID, penalties: [Self.warning])
                )
                #expect(foreign.errorFields == ["institution_id"])
                let otherInstitution = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherToken = try await db.issueToken(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(otherInstitution.json["id"] as? String))
                )
                #expect(try await client.call(.get, "/v1/penalties/\(id)", token: otherToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/penalties", token: otherToken).items.isEmpty)
                #expect(try await client.call(.post, "/v1/penalties/\(id)/answer", token: otherToken, json: ["waived": true]).status == .notFound)
                #expect(try await client.call(.get, "/v1/penalties/\(id)", token: scene.inspectorTokens[0]).status == .notFound)
                #expect(try await client.call(.get, "/v1/penalties", token: scene.inspectorTokens[0]).status == .notFound)
                #expect(
                    try await client.call(
                        .post,
                        "/v1/penalties",
                        token: scene.institutionToken,
                        json: Self.body(institution: scene.institutionID, penalties: [Self.warning])
                    )
                    .status == .notFound
                )
                #expect(try await client.call(.get, "/v1/penalty-policy", token: scene.institutionToken).status == .notFound)

                // Bad input, each field named; nothing written.
                let before = try await db.owner.query("SELECT count(*) FROM penalty_decisions")[0].decode(0, as: Int.self)
                var bad = Self.body(institution: scene.institutionID, penalties: [["category": "warning", "content": "警告", "amount_yuan": 10]])
                bad["evidence"] = [String]()
                bad["publication_months"] = 40
                let refused = try await client.call(.post, "/v1/penalties", token: scene.regulator, json: bad)
                #expect(Set(refused.errorFields) == ["evidence", "penalties[0].amount_yuan", "publication_months"], "\(refused.text)")
                let noAmount = try await client.call(
                    .post,
                    "/v1/penalties",
                    token: scene.regulator,
                    json: Self.body(institution: scene.institutionID, penalties: [["category": "fine", "content": "罚款"]])
                )
                #expect(noAmount.errorFields == ["penalties[0].amount_yuan"])
                let unknown = try await client.call(
                    .post,
                    "/v1/penalties",
                    token: scene.regulator,
                    json: Self.body(institution: scene.institutionID, penalties: [["category": "detention", "content": "拘留"]])
                )
                #expect(unknown.status == .unprocessableContent)
                var extra = Self.body(institution: scene.institutionID, penalties: [Self.warning])
                extra["number"] = "民罚决〔2026〕1号"
                #expect(try await client.call(.post, "/v1/penalties", token: scene.regulator, json: extra).status == .unprocessableContent)
                var foreignNotice = Self.body(institution: scene.institutionID, penalties: [Self.warning])
                foreignNotice["notice_ids"] = [try await NoticeBrowserTests.issuedNotice(client, other)]
                #expect(try await client.call(.post, "/v1/penalties", token: scene.regulator, json: foreignNotice).errorFields == ["notice_ids[0]"])
                #expect(try await client.call(.get, "/v1/penalties?state=lost", token: scene.regulator).status == .unprocessableContent)
                #expect(try await client.call(.get, "/v1/penalties/not-a-uuid", token: scene.regulator).status == .notFound)
                var policy = PenaltyPolicy().json
                policy["hearing_days"] = 3
                policy["decision_prefix"] = "民罚〔2026〕"
                let badPolicy = try await client.call(.put, "/v1/penalty-policy", token: scene.regulator, json: policy)
                #expect(Set(badPolicy.errorFields) == ["hearing_days", "decision_prefix"], "\(badPolicy.text)")
                let after = try await db.owner.query("SELECT count(*) FROM penalty_decisions")[0].decode(0, as: Int.self)
                #expect(after == before)
                policy = PenaltyPolicy(decisionPrefix: "沈民罚决").json
                #expect(try await client.call(.put, "/v1/penalty-policy", token: scene.regulator, json: policy).status == .ok)
                #expect(try await client.call(.get, "/v1/penalty-policy", token: scene.regulator).json["decision_prefix"] as? String == "沈民罚决")
            }
        }
    }
}

extension PenaltyPolicy {
    /// The policy as a request body.
    var json: [String: Any] {
        [
            "decision_prefix": self.decisionPrefix, "statement_days": self.statementDays, "hearing_days": self.hearingDays,
            "hearing_amount_yuan": self.hearingAmountYuan, "publication_days": self.publicationDays, "general_months": self.generalMonths,
            "serious_months": self.seriousMonths, "authority_credit_code": self.authorityCreditCode, "review": self.review,
            "risk_factor": self.riskFactor, "block_rating": self.blockRating,
        ]
    }
}
