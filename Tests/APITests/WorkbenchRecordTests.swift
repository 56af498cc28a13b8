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

/// The workbench's record pages over real HTTP: the register, draws, and the forms that
/// judge inspections, rectifications, extensions and objections. Each form is checked
/// against what the API then says, and against other tenants, other roles and posts
/// without the CSRF token.
@Suite("Regulator's workbench: records and forms")
struct WorkbenchRecordTests {
    static func form(_ fields: [String: String], csrf: String) -> String {
        (fields.merging(["csrf": csrf]) { first, _ in first }).map { "\($0.key)=\(formEncoded($0.value))" }.joined(separator: "&")
    }

    static func get(_ client: some TestClientProtocol, _ path: String, _ cookie: String) async throws -> JSONReply {
        try await client.call(.get, path, token: nil, headers: [.cookie: cookie])
    }

    /// Posts a form of the page at `page` (its CSRF token read from it).
    static func submit(
        _ client: some TestClientProtocol,
        _ page: String,
        to path: String,
        _ fields: [String: String],
        _ cookie: String
    ) async throws -> JSONReply {
        let csrf = try AccountTests.csrf(try await Self.get(client, page, cookie).text)
        return try await AccountTests.post(client, path, Self.form(fields, csrf: csrf), cookie: cookie)
    }

    static func institutionFields(name: String, creditCode: String, beds: String = "120") -> [String: String] {
        [
            "name": name, "credit_code": creditCode, "operator_type": "private", "district": "沈河区", "address": "青年大街 1 号",
            "status": "operating", "beds": beds, "nursing_beds": "60", "residents": "90", "staff": "35", "legal_representative": "李红",
            "contact_phone": "024-2222-3333",
        ]
    }

    /// An inspection of the scene's institution, worked and submitted by its first
    /// inspector through the API; its id.
    static func submittedInspection(_ client: some TestClientProtocol, _ scene: InspectionScene, note: String = "现场查看符合") async throws -> String {
        let created = try await client.call(
            .post,
            "/v1/inspections",
            token: scene.regulator,
            json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-01", "inspector_ids": [scene.inspectorIDs[0]]]
        )
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        try await Self.submit(client, scene, inspection: id, note: note)
        return id
    }

    static func submit(_ client: some TestClientProtocol, _ scene: InspectionScene, inspection id: String, note: String) async throws {
        let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
        let inspector = scene.inspectorTokens[0]
        _ = try await client.call(.post, "/v1/inspections/\(id)/start", token: inspector)
        let results = codes.map { ["item_code": $0, "result": "pass", "note": note] }
        #expect(try await client.call(.post, "/v1/inspections/\(id)/results", token: inspector, json: ["results": results]).status == .ok)
        let submitted = try await client.call(.post, "/v1/inspections/\(id)/submit", token: inspector)
        #expect(submitted.json["state"] as? String == "submitted", "\(submitted.text)")
    }

    /// A hazard of the scene's institution, open, reported by the regulator; its id.
    static func openHazard(
        _ client: some TestClientProtocol,
        _ scene: InspectionScene,
        description: String = "安全出口上锁",
        location: String = "一楼"
    ) async throws -> String {
        let hazard = try await client.call(
            .post,
            "/v1/hazards",
            token: scene.regulator,
            json: [
                "institution_id": scene.institutionID, "catalogue_code": "M3-01", "deadline": "2099-01-01", "location": location,
                "description": description, "responsible_person": "王建国",
            ]
        )
        return try #require(hazard.json["id"] as? String, "\(hazard.text)")
    }

    /// A blacklist entry notified to the scene's institution, its objection window open; its id.
    static func notifiedEntry(_ client: some TestClientProtocol, _ scene: InspectionScene) async throws -> String {
        let proposed = try await client.call(
            .post,
            "/v1/blacklist",
            token: scene.regulator,
            json: ["institution_id": scene.institutionID, "reason": "4", "facts": "三楼疏散通道堵塞逾期未整改", "legal_basis": "第六条第四项"]
        )
        let id = try #require(proposed.json["id"] as? String, "\(proposed.text)")
        _ = try await client.call(.post, "/v1/blacklist/\(id)/notify", token: scene.regulator)
        return id
    }

    /// A blacklist entry notified to the scene's institution, which objected to it; its id.
    static func objectedEntry(_ client: some TestClientProtocol, _ scene: InspectionScene, objection: String) async throws -> String {
        let id = try await Self.notifiedEntry(client, scene)
        let objected = try await client.call(.post, "/v1/blacklist/\(id)/object", token: scene.institutionToken, json: ["text": objection])
        #expect(objected.status == .ok, "\(objected.text)")
        return id
    }

    /// A hazard of the scene's institution that the institution has rectified with a
    /// photo, waiting for verification; its id.
    static func rectifiedHazard(_ client: some TestClientProtocol, _ scene: InspectionScene, description: String = "安全出口上锁") async throws -> String {
        let id = try await Self.openHazard(client, scene, description: description)
        _ = try await client.call(.post, "/v1/hazards/\(id)/plan", token: scene.institutionToken, json: ["text": "当日拆除门锁"])
        let photo = try await client.uploadEvidence(token: scene.institutionToken, fileName: "出口.jpg")
        let evidence = try await client.call(
            .post,
            "/v1/hazards/\(id)/evidence",
            token: scene.institutionToken,
            json: ["text": "门锁已拆除", "evidence": [photo]]
        )
        #expect(evidence.json["state"] as? String == "rectified", "\(evidence.text)")
        return id
    }

    @Test(
        "the register: search by part of a name, by credit code and by district; register and edit by form with the version; bad input and a stale save come back with the form; others are refused"
    )
    func register() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let cookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let stored = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json
                let name = try #require(stored["name"] as? String)
                let code = try #require(stored["credit_code"] as? String)

                // Search: a part of the name, the whole credit code, and a district that does not match.
                let byName = try await Self.get(client, "/w/institutions?q=" + formEncoded(String(name.prefix(3))), cookie)
                #expect(byName.status == .ok && byName.text.contains("/w/institutions/\(scene.institutionID)") && byName.text.contains(name))
                let byCode = try await Self.get(client, "/w/institutions?q=+\(code.lowercased())+", cookie)  // a GET form's spaces
                #expect(byCode.text.contains(name) && byCode.text.contains("value=\"\(code.lowercased())\""))
                let otherDistrict = try await Self.get(client, "/w/institutions?district=" + formEncoded("皇姑区"), cookie)
                #expect(!otherDistrict.text.contains(name) && otherDistrict.text.contains("没有符合条件的机构"))

                // Register: a bad credit code and a bad number come back with the form and what was typed; nothing is stored.
                let before = try await client.call(.get, "/v1/institutions", token: scene.regulator).items.count
                var fields = Self.institutionFields(name: "沈河区颐养中心", creditCode: "12345")
                fields["beds"] = "许多"
                let refused = try await Self.submit(client, "/w/institutions/new", to: "/w/institutions", fields, cookie)
                #expect(refused.status == .unprocessableContent, "\(refused.text)")
                #expect(refused.text.contains("data-errors") && refused.text.contains("统一社会信用代码") && refused.text.contains("床位"))
                #expect(refused.text.contains("value=\"沈河区颐养中心\""))
                let refusedInEnglish = try await Self.submit(client, "/w/institutions/new?lang=en", to: "/w/institutions?lang=en", fields, cookie)
                #expect(refusedInEnglish.text.contains("Beds must be a whole number within 0…1000000"), "\(refusedInEnglish.text)")
                #expect(try await client.call(.get, "/v1/institutions", token: scene.regulator).items.count == before)
                // Without the CSRF token: 403, nothing stored.
                let forged = try await AccountTests.post(
                    client,
                    "/w/institutions",
                    Self.institutionFields(name: "伪造", creditCode: Fixtures.creditCode()).map { "\($0.key)=\(formEncoded($0.value))" }
                        .joined(separator: "&"),
                    cookie: cookie
                )
                #expect(forged.status == .forbidden)
                let newCode = Fixtures.creditCode()
                let created = try await Self.submit(
                    client,
                    "/w/institutions/new",
                    to: "/w/institutions",
                    Self.institutionFields(name: "沈河区颐养中心", creditCode: newCode),
                    cookie
                )
                #expect(created.status == .seeOther, "\(created.text)")
                let location = try #require(created.headers[.location])
                let newID = String(try #require(location.split(separator: "/").last))
                let api = try await client.call(.get, "/v1/institutions/\(newID)", token: scene.regulator).json
                #expect(api["credit_code"] as? String == newCode && api["beds"] as? Int == 120 && api["operator_type"] as? String == "private")

                // Edit: the form carries the version; a save after someone else's is refused and shows theirs.
                let editPage = try await Self.get(client, "/w/institutions/\(newID)/edit", cookie)
                #expect(editPage.text.contains("name=\"version\" value=\"1\""))
                let csrf = try AccountTests.csrf(editPage.text)
                let theirs = try await client.call(
                    .patch,
                    "/v1/institutions/\(newID)",
                    token: scene.regulator,
                    json: ["residents": 95],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(theirs.status == .ok, "\(theirs.text)")
                var edited = Self.institutionFields(name: "沈河区颐养中心（东院）", creditCode: newCode)
                edited["version"] = "1"
                let stale = try await AccountTests.post(client, "/w/institutions/\(newID)", Self.form(edited, csrf: csrf), cookie: cookie)
                #expect(stale.status == .preconditionFailed && stale.text.contains("data-stale") && stale.text.contains("95"), "\(stale.text)")
                #expect(stale.text.contains("name=\"version\" value=\"2\"") && stale.text.contains("沈河区颐养中心（东院）"))
                // Only what differs is listed, under the field's name: the residents they changed and the name typed here.
                let storedNow = try #require(stale.text.firstMatch(of: /data-stored>(.*?)<\/dl>/).map { String($0.output.1) })
                #expect(
                    storedNow.contains("在住老人数") && storedNow.contains("95") && storedNow.contains("机构名称") && !storedNow.contains("床位数"),
                    "\(storedNow)"
                )
                #expect(!storedNow.contains("version") && !storedNow.contains("residents"))
                #expect(try await client.call(.get, "/v1/institutions/\(newID)", token: scene.regulator).json["name"] as? String == "沈河区颐养中心")
                edited["version"] = "2"
                let saved = try await AccountTests.post(client, "/w/institutions/\(newID)", Self.form(edited, csrf: csrf), cookie: cookie)
                #expect(saved.status == .seeOther && saved.headers[.location] == "/w/institutions/\(newID)?saved=1")
                let after = try await client.call(.get, "/v1/institutions/\(newID)", token: scene.regulator).json
                #expect(after["name"] as? String == "沈河区颐养中心（东院）" && after["version"] as? Int == 3)

                // The institution's page gathers its records: a hazard reported through the API, with its link.
                let hazardID = try await Self.openHazard(client, scene, description: "疏散通道堆放杂物", location: "二楼")
                let page = try await Self.get(client, "/w/institutions/\(scene.institutionID)", cookie)
                #expect(page.status == .ok && page.text.contains(name) && page.text.contains(code))
                #expect(page.text.contains("疏散通道堆放杂物") && page.text.contains("/w/hazards/\(hazardID)"))
                #expect(!page.text.contains("沈河区颐养中心"))
                let english = try await Self.get(client, "/w/institutions/\(scene.institutionID)?lang=en", cookie)
                #expect(english.text.contains("Hazards") && english.text.contains("/w/hazards/\(hazardID)?lang=en"))

                // Another tenant's regulator: not in their search, 404 on the page and on the edit.
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                #expect(!(try await Self.get(client, "/w/institutions?q=\(code)", stranger).text.contains(name)))
                #expect(try await Self.get(client, "/w/institutions/\(scene.institutionID)", stranger).status == .notFound)
                let strangerEdit = try await Self.submit(client, "/w/institutions", to: "/w/institutions/\(newID)", edited, stranger)
                #expect(strangerEdit.status == .notFound)
                #expect(try await client.call(.get, "/v1/institutions/\(newID)", token: scene.regulator).json["version"] as? Int == 3)
                // An inspector's and an institution's accounts: 404 on the register's pages.
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let inspectorCookie = try #require(try await client.signIn(inspector))
                #expect(try await Self.get(client, "/w/institutions", inspectorCookie).status == .notFound)
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let staffCookie = try #require(try await client.signIn(staff))
                #expect(try await Self.get(client, "/w/institutions/\(scene.institutionID)", staffCookie).status == .notFound)
                #expect(try await Self.get(client, "/w/institutions/not-an-id", cookie).status == .notFound)
            }
        }
    }

    static func number(_ page: String, _ attribute: String) -> Int? {
        let pattern = try! Regex("\(attribute)>([0-9]+)<")
        return page.firstMatch(of: pattern).flatMap { ($0.output[1].substring).flatMap { Int($0) } }
    }

    @Test(
        "a draw on the workbench: plan by form, preview the roster's size before anything is frozen, commit, execute with public entropy, see what it drew"
    )
    func draw() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 3)
                let cookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                // A bad sample: the form again, no draw planned.
                let refused = try await Self.submit(client, "/w/draws", to: "/w/draws", ["name": "十二月抽查", "sample": "很多"], cookie)
                #expect(refused.status == .unprocessableContent && refused.text.contains("data-errors") && refused.text.contains("十二月抽查"))
                #expect(try await client.call(.get, "/v1/draws", token: scene.regulator).items.isEmpty)
                let planned = try await Self.submit(
                    client,
                    "/w/draws",
                    to: "/w/draws",
                    ["name": "十二月抽查", "sample": "1", "inspectors_per_target": "2", "districts": "和平区", "scheduled_on": "2026-12-20"],
                    cookie
                )
                #expect(planned.status == .seeOther, "\(planned.text)")
                let path = try #require(planned.headers[.location])
                let id = String(try #require(path.split(separator: "/").last))
                let draw = try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json
                #expect(draw["state"] as? String == "planned" && draw["n"] as? Int == nil && draw["inspectors_per_target"] as? Int == 2)
                #expect((draw["target_scope"] as? [String: Any])?["districts"] as? [String] == ["和平区"])

                // The preview counts what the scopes admit now: the tenant's one operating institution and three inspectors.
                let preview = try await Self.get(client, path, cookie)
                let operating = try await client.call(.get, "/v1/institutions?status=operating", token: scene.regulator).items.count
                let inspectors = try await client.call(.get, "/v1/inspectors", token: scene.regulator).items.count
                #expect(Self.number(preview.text, "data-eligible-targets") == operating)
                #expect(Self.number(preview.text, "data-eligible-inspectors") == inspectors && inspectors == 3)
                #expect(Self.number(preview.text, "data-sample") == 1 && preview.text.contains("data-commit"))
                // A sample larger than the register: the preview says why, and offers no commit.
                let tooMany = try await Self.submit(client, "/w/draws", to: "/w/draws", ["name": "过大的抽查", "sample": "5"], cookie)
                let tooManyPage = try await Self.get(client, try #require(tooMany.headers[.location]), cookie)
                #expect(tooManyPage.text.contains("data-problem") && !tooManyPage.text.contains("data-commit"), "\(tooManyPage.text)")
                #expect(
                    try await Self.submit(client, "/w/draws", to: try #require(tooMany.headers[.location]) + "/commit", [:], cookie).status
                        == .conflict
                )
                // On the English page, the forms post where they should: discard it by the page's own form.
                let tooManyID = String(try #require(tooMany.headers[.location]?.split(separator: "/").last))
                let englishPage = try await Self.get(client, "/w/draws/\(tooManyID)?lang=en", cookie)
                let discardAction = try #require(englishPage.text.firstMatch(of: /action="([^"]*\/discard[^"]*)"/).map { String($0.output.1) })
                #expect(discardAction == "/w/draws/\(tooManyID)/discard?lang=en")
                let discarded = try await AccountTests.post(
                    client,
                    discardAction,
                    Self.form([:], csrf: try AccountTests.csrf(englishPage.text)),
                    cookie: cookie
                )
                #expect(discarded.status == .seeOther && discarded.headers[.location] == "/w/draws?lang=en")
                #expect(try await client.call(.get, "/v1/draws/\(tooManyID)", token: scene.regulator).status == .notFound)

                // Another tenant's regulator and an inspector cannot see or commit it; without CSRF, 403.
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                #expect(try await Self.get(client, path, stranger).status == .notFound)
                #expect(try await Self.submit(client, "/w/draws", to: path + "/commit", [:], stranger).status == .notFound)
                #expect(try await AccountTests.post(client, path + "/commit", "csrf=nope", cookie: cookie).status == .forbidden)
                #expect(try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json["state"] as? String == "planned")

                let committed = try await Self.submit(client, path, to: path + "/commit", [:], cookie)
                #expect(committed.status == .seeOther && committed.headers[.location] == path)
                let frozen = try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json
                #expect(frozen["state"] as? String == "committed" && frozen["n"] as? Int == 1)
                let committedPage = try await Self.get(client, path, cookie)
                let rosterSHA = try #require(frozen["roster_sha256"] as? String)
                #expect(committedPage.text.contains(rosterSHA) && committedPage.text.contains("data-execute"))
                // A committed draw is a public record: discarding it is refused on the page.
                let discard = try await Self.submit(client, path, to: path + "/discard", [:], cookie)
                #expect(discard.status == .conflict && discard.text.contains("data-errors"))

                let executed = try await Self.submit(client, path, to: path + "/execute", ["public_entropy": "2026-12-01 福彩 3D 123"], cookie)
                #expect(executed.status == .seeOther)
                let drawn = try await runWorkers(db, handlers: DrawAPITests.handlers(db)) {
                    try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json["state"] as? String == "drawn"
                }
                #expect(drawn)
                let result = try await Self.get(client, path, cookie)
                let institution = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json
                let drawnName = try #require(institution["name"] as? String)
                #expect(result.text.contains("data-drawn") && result.text.contains(drawnName))
                #expect(result.text.contains("2026-12-01 福彩 3D 123"))
                let inspections = try await client.call(.get, "/v1/inspections?draw_id=\(id)", token: scene.regulator).items
                #expect(inspections.count == 1)
                #expect(result.text.contains("/w/inspections/\(try #require(inspections.first?["id"] as? String))"))
                // The list shows both draws with their states.
                let list = try await Self.get(client, "/w/draws", cookie)
                #expect(list.text.contains("十二月抽查") && !list.text.contains("过大的抽查") && list.text.contains("已抽取"), "\(list.text)")
            }
        }
    }

    @Test(
        "judging on the workbench: return, review and publish an inspection; reject and verify a rectification; decide an extension and an objection; others are refused"
    )
    func judging() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let cookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let staffCookie = try #require(try await client.signIn(staff))

                // An inspection, worked and submitted by its inspector through the API.
                let inspectionID = try await Self.submittedInspection(client, scene)
                func state() async throws -> String? {
                    try await client.call(.get, "/v1/inspections/\(inspectionID)", token: scene.regulator).json["state"] as? String
                }
                let queue = try await Self.get(client, "/w/queue/inspections-to-review", cookie)
                let page = "/w/inspections/\(inspectionID)"
                #expect(queue.text.contains("href=\"\(page)\""))
                let shown = try await Self.get(client, page, cookie)
                #expect(shown.status == .ok && shown.text.contains("现场查看符合") && shown.text.contains("data-review") && shown.text.contains("检查员0"))
                // Returning needs a reason; the page says so and nothing moves.
                let noReason = try await Self.submit(client, page, to: page, ["action": "return", "reason": ""], cookie)
                #expect(noReason.status == .unprocessableContent && noReason.text.contains("data-errors"))
                #expect(try await state() == "submitted")
                #expect(try await Self.submit(client, page, to: page, ["action": "publish"], cookie).status == .conflict)
                #expect(try await Self.submit(client, "/w/draws", to: page, ["action": "review"], stranger).status == .notFound)
                #expect(try await Self.get(client, page, staffCookie).status == .notFound)
                #expect(try await AccountTests.post(client, page, "action=review", cookie: cookie).status == .forbidden)
                #expect(try await state() == "submitted")
                let returned = try await Self.submit(client, page, to: page, ["action": "return", "reason": "第 3 项照片不清楚"], cookie)
                #expect(returned.status == .seeOther)
                #expect(try await state() == "in_progress")
                #expect(try await Self.get(client, page, cookie).text.contains("第 3 项照片不清楚"))
                try await Self.submit(client, scene, inspection: inspectionID, note: "照片已补拍")
                #expect(try await Self.submit(client, page, to: page, ["action": "review"], cookie).status == .seeOther)
                #expect(try await state() == "reviewed")
                #expect(try await Self.get(client, page, cookie).text.contains("data-publish"))
                #expect(try await Self.submit(client, page, to: page, ["action": "publish"], cookie).status == .seeOther)
                #expect(try await state() == "published")

                // A rectification to verify: rejected with a reason, then verified.
                let hazardID = try await Self.rectifiedHazard(client, scene)
                let hazardPage = "/w/hazards/\(hazardID)"
                func hazardState() async throws -> String? {
                    try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json["state"] as? String
                }
                let photo = try await client.uploadEvidence(token: scene.institutionToken, fileName: "补拍.jpg")
                #expect(try await hazardState() == "rectified")
                #expect(try await Self.get(client, "/w/queue/rectifications-to-verify", cookie).text.contains("href=\"\(hazardPage)\""))
                let hazardShown = try await Self.get(client, hazardPage, cookie)
                #expect(hazardShown.text.contains("出口.jpg") && hazardShown.text.contains("门锁已拆除") && hazardShown.text.contains("data-verify"))
                #expect(try await Self.get(client, hazardPage, staffCookie).status == .notFound)
                #expect(try await Self.get(client, hazardPage, stranger).status == .notFound)
                // The photo links to the stored file: the regulator's session reads it, another tenant's does not.
                let fileLink = try #require(hazardShown.text.firstMatch(of: /href="(\/dashboard\/files\/[0-9a-f]{64})"/).map { String($0.output.1) })
                let original = try await client.call(.get, fileLink, token: nil, headers: [.cookie: cookie])
                #expect(original.status == .ok && original.headers[.contentType] == "image/png")
                #expect(try await client.call(.get, fileLink, token: nil, headers: [.cookie: stranger]).status == .notFound)
                #expect(try await client.call(.get, fileLink, token: nil).status == .notFound)
                let noText = try await Self.submit(client, hazardPage, to: hazardPage, ["action": "reject", "text": ""], cookie)
                #expect(noText.status == .unprocessableContent && noText.text.contains("data-errors"), "\(noText.text)")
                #expect(try await hazardState() == "rectified")
                #expect(
                    try await Self.submit(
                        client,
                        hazardPage,
                        to: hazardPage,
                        ["action": "reject", "text": "照片看不到出口" + String(repeating: "照", count: 3000)],
                        cookie
                    ).status == .seeOther
                )
                #expect(try await hazardState() == "rectifying")
                _ = try await client.call(
                    .post,
                    "/v1/hazards/\(hazardID)/evidence",
                    token: scene.institutionToken,
                    json: ["text": "补拍照片", "evidence": [photo]]
                )
                #expect(try await Self.submit(client, hazardPage, to: hazardPage, ["action": "verify"], cookie).status == .seeOther)
                #expect(try await hazardState() == "verified")

                // An extension request, approved on the page: the deadline moves.
                let secondID = try await Self.openHazard(client, scene, description: "灭火器过期", location: "二楼")
                let asked = try await client.call(
                    .post,
                    "/v1/hazards/\(secondID)/extensions",
                    token: scene.institutionToken,
                    json: ["deadline": "2099-02-15", "reason": "等待供货"]
                )
                #expect(asked.status == .created, "\(asked.text)")
                let secondPage = "/w/hazards/\(secondID)"
                #expect(try await Self.get(client, secondPage, cookie).text.contains("等待供货"))
                #expect(try await Self.submit(client, secondPage, to: secondPage, ["action": "approve-extension"], cookie).status == .seeOther)
                #expect(try await client.call(.get, "/v1/hazards/\(secondID)", token: scene.regulator).json["deadline"] as? String == "2099-02-15")
                #expect(try await Self.submit(client, secondPage, to: secondPage, ["action": "deny-extension"], cookie).status == .conflict)

                // An objection to a blacklist notice, accepted: the entry is withdrawn.
                let entryID = try await Self.objectedEntry(client, scene, objection: "通道已于期限内清理")
                let entryPage = "/w/blacklist/\(entryID)"
                #expect(try await Self.get(client, "/w/queue/objections", cookie).text.contains("href=\"\(entryPage)\""))
                let entryShown = try await Self.get(client, entryPage, cookie)
                #expect(entryShown.text.contains("通道已于期限内清理") && entryShown.text.contains("data-withdraw"))
                #expect(try await Self.get(client, entryPage, stranger).status == .notFound)
                let bare = try await Self.submit(client, entryPage, to: entryPage, ["action": "withdraw", "text": ""], cookie)
                #expect(bare.status == .unprocessableContent)
                #expect(
                    try await Self.submit(client, entryPage, to: entryPage, ["action": "remove", "text": "x"], cookie).status == .unprocessableContent
                )
                #expect(
                    try await Self.submit(client, entryPage, to: entryPage, ["action": "withdraw", "text": "复核属实，予以采纳"], cookie).status == .seeOther
                )
                #expect(try await client.call(.get, "/v1/blacklist/\(entryID)", token: scene.regulator).json["state"] as? String == "withdrawn")
            }
        }
    }
}
