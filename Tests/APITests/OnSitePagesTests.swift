import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The inspector's phone (`/m/…`) and the institution's pages (`/i/…`) over real HTTP,
/// as a browser without script posts them: plain forms, multipart with photos.
@Suite("The inspector's phone and the institution's pages")
struct OnSitePagesTests {
    /// A `multipart/form-data` body of `fields` and `files` (name → file name, bytes).
    static func multipart(_ fields: [(String, String)], files: [(String, String, [UInt8])] = []) -> (String, [UInt8]) {
        let boundary = "----oversight\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, fileName, bytes) in files {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: image/png\r\n\r\n".utf8
            )
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static func post(
        _ client: some TestClientProtocol,
        _ path: String,
        _ fields: [(String, String)],
        files: [(String, String, [UInt8])] = [],
        cookie: String,
        json: Bool = false
    ) async throws -> JSONReply {
        let (type, body) = Self.multipart(fields, files: files)
        var headers: HTTPFields = [.contentType: type, .cookie: cookie]
        if json { headers[.accept] = "application/json" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            JSONReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// The hidden `key` of an item's form on the checklist page.
    static func key(_ page: String, item: String) throws -> String {
        let form = try #require(page.range(of: "data-item=\"\(item)\"").map { String(page[$0.upperBound...]) }, "no form for \(item)")
        return try #require(form.firstMatch(of: /name="key" value="([0-9A-Za-z._-]+)"/).map { String($0.output.1) })
    }

    static let today = CalendarDate.string(from: Date(), in: nil)

    /// An inspection of the scene's institution for its first inspector, today; its id.
    static func assignment(_ client: some TestClientProtocol, _ scene: InspectionScene, on day: String = Self.today) async throws -> String {
        let created = try await client.call(
            .post,
            "/v1/inspections",
            token: scene.regulator,
            json: ["institution_id": scene.institutionID, "scheduled_on": day, "inspector_ids": [scene.inspectorIDs[0]]]
        )
        return try #require(created.json["id"] as? String, "\(created.text)")
    }

    @Test(
        "the inspector's phone without script: the agenda with name, address and phone; each item saved once per key with its photo; refused input comes back; confirmation before submission; the printed record; others are refused"
    )
    func inspectorWithoutScript() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let id = try await Self.assignment(client, scene)
                let later = try await Self.assignment(client, scene, on: "2099-01-05")
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let cookie = try #require(try await client.signIn(inspector))
                let institution = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json
                let name = try #require(institution["name"] as? String)

                // The agenda: today's first, then what is upcoming, with where and whom to call.
                let agenda = try await WorkbenchRecordTests.get(client, "/m", cookie)
                #expect(agenda.status == .ok)
                let due = try #require(agenda.text.range(of: "data-due").map { String(agenda.text[$0.upperBound...]) })
                let upcoming = try #require(agenda.text.range(of: "data-upcoming").map { String(agenda.text[$0.upperBound...]) })
                #expect(due.contains("/m/inspections/\(id)") && !upcoming.contains("/m/inspections/\(id)"))
                #expect(upcoming.contains("/m/inspections/\(later)"))
                #expect(due.contains(name) && due.contains("uri.amap.com") && due.contains("tel:"), "\(due.prefix(800))")
                let english = try await WorkbenchRecordTests.get(client, "/m?lang=en", cookie).text
                #expect(english.contains("My assignments") && english.contains("Start the inspection") && !english.contains("开始检查"))

                // The checklist: a form per item; one saved with a photo.
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
                let sheetPath = "/m/inspections/\(id)"
                var sheet = try await WorkbenchRecordTests.get(client, sheetPath, cookie).text
                #expect(codes.allSatisfy { sheet.contains("data-item=\"\($0)\"") })
                let csrf = try AccountTests.csrf(sheet)
                let first = codes[0]
                let key = try Self.key(sheet, item: first)
                let saved = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(first)",
                    [("csrf", csrf), ("key", key), ("result", "fail"), ("finding", "安全出口堵塞"), ("major", "on"), ("note", "三楼东侧")],
                    files: [("photo", "出口.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(saved.status == .seeOther && saved.headers[.location] == "\(sheetPath)#item-\(first)", "\(saved.text)")
                func result(_ code: String) async throws -> [String: Any]? {
                    let detail = try await client.call(.get, "/v1/inspections/\(id)", token: scene.regulator).json
                    return (detail["results"] as? [[String: Any]] ?? []).first { $0["item_code"] as? String == code }
                }
                let recorded = try #require(try await result(first))
                #expect(recorded["result"] as? String == "fail" && recorded["note"] as? String == "三楼东侧")
                #expect((recorded["finding"] as? [String: Any])?["description"] as? String == "安全出口堵塞")
                #expect((recorded["finding"] as? [String: Any])?["major"] as? Bool == true)
                #expect((recorded["attachments"] as? [[String: Any]])?.count == 1)

                // The same save again (a resent form, a replayed queue): not applied again.
                let again = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(first)",
                    [("csrf", csrf), ("key", key), ("result", "pass")],
                    cookie: cookie,
                    json: true
                )
                #expect(again.status == .ok && again.json["applied"] as? String == "no", "\(again.text)")
                #expect(try await result(first)?["result"] as? String == "fail")
                // A new save of the item (a new key): the photo stays, the answer changes.
                let changed = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(first)",
                    [("csrf", csrf), ("key", key + ".1"), ("result", "fail"), ("finding", "已当场疏通部分")],
                    cookie: cookie,
                    json: true
                )
                #expect(changed.json["applied"] as? String == "yes", "\(changed.text)")
                #expect(((try await result(first))?["attachments"] as? [[String: Any]])?.count == 1)

                // Refused input: the page again with the reason, what was typed kept, nothing saved.
                let second = codes[1]
                let noResult = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", try Self.key(sheet, item: second)), ("note", "未选结果")],
                    cookie: cookie
                )
                #expect(noResult.status == .unprocessableContent && noResult.text.contains("结果") && noResult.text.contains("未选结果"))
                #expect(try await result(second) == nil)
                let finding = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", "k-finding-\(UUID().uuidString.prefix(8))"), ("result", "pass"), ("finding", "合格却写了问题")],
                    cookie: cookie
                )
                #expect(finding.status == .unprocessableContent && finding.text.contains("只能针对不合格的检查项提出"))
                let badKey = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", "短"), ("result", "pass")],
                    cookie: cookie
                )
                #expect(badKey.status == .unprocessableContent)
                let notPhoto = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", "k-pdf-\(UUID().uuidString.prefix(8))"), ("result", "pass")],
                    files: [("photo", "a.pdf", Array("%PDF-1.4\n%%EOF\n".utf8))],
                    cookie: cookie
                )
                #expect(notPhoto.status == .unprocessableContent && notPhoto.text.contains("须为照片"), "\(notPhoto.status)")
                #expect(try await result(second) == nil)
                let noCSRF = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("key", "k-nocsrf-123"), ("result", "pass")],
                    cookie: cookie
                )
                #expect(noCSRF.status == .forbidden)

                // A key comes back only for its item.
                let reused = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", key), ("result", "pass")],
                    cookie: cookie,
                    json: true
                )
                #expect(reused.status == .conflict && reused.text.contains(first), "\(reused.text)")
                // The representative confirms only a whole record.
                let partial = try await Self.post(
                    client,
                    "\(sheetPath)/confirm",
                    [("csrf", csrf), ("representative", "王建国")],
                    files: [("signature", "signature.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(partial.status == .conflict && partial.text.contains("每个检查项都填写后才能现场确认"), "\(partial.status)")
                // Submission waits for the representative's confirmation.
                for code in codes.dropFirst() {
                    let reply = try await Self.post(
                        client,
                        "\(sheetPath)/items/\(code)",
                        [("csrf", csrf), ("key", "k-\(code)-\(UUID().uuidString.prefix(6))"), ("result", "pass")],
                        cookie: cookie,
                        json: true
                    )
                    #expect(reply.json["applied"] as? String == "yes", "\(reply.text)")
                }
                let early = try await AccountTests.post(client, "\(sheetPath)/submit", "csrf=\(csrf)", cookie: cookie)
                #expect(early.status == .conflict && early.text.contains("机构负责人尚未现场确认检查记录"))
                let unnamed = try await Self.post(client, "\(sheetPath)/confirm", [("csrf", csrf), ("representative", " ")], cookie: cookie)
                #expect(unnamed.status == .unprocessableContent && unnamed.text.contains("签名"))
                let confirmed = try await Self.post(
                    client,
                    "\(sheetPath)/confirm",
                    [("csrf", csrf), ("representative", "王建国")],
                    files: [("signature", "signature.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(confirmed.status == .seeOther, "\(confirmed.text)")
                sheet = try await WorkbenchRecordTests.get(client, sheetPath, cookie).text
                #expect(sheet.contains("已由 王建国 现场确认") && !sheet.contains("disabled>提交"))
                // An answer changed after the signature withdraws it: the representative signs again.
                let afterwards = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(second)",
                    [("csrf", csrf), ("key", "k-after-\(UUID().uuidString.prefix(6))"), ("result", "fail")],
                    cookie: cookie,
                    json: true
                )
                #expect(afterwards.json["applied"] as? String == "yes")
                sheet = try await WorkbenchRecordTests.get(client, sheetPath, cookie).text
                #expect(sheet.contains("尚未现场确认") && sheet.contains("disabled>提交"))
                let unsigned = try await AccountTests.post(client, "\(sheetPath)/submit", "csrf=\(csrf)", cookie: cookie)
                #expect(unsigned.status == .conflict)
                let again2 = try await Self.post(
                    client,
                    "\(sheetPath)/confirm",
                    [("csrf", csrf), ("representative", "王建国")],
                    files: [("signature", "signature.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(again2.status == .seeOther)
                let submitted = try await AccountTests.post(client, "\(sheetPath)/submit", "csrf=\(csrf)", cookie: cookie)
                #expect(submitted.status == .seeOther && submitted.headers[.location] == "\(sheetPath)/record")
                #expect(try await client.call(.get, "/v1/inspections/\(id)", token: scene.regulator).json["state"] as? String == "submitted")
                // Submitted, the record takes no more answers.
                let late = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(first)",
                    [("csrf", csrf), ("key", "k-late-12345"), ("result", "pass")],
                    cookie: cookie,
                    json: true
                )
                #expect(late.status == .conflict)

                // The printed record: every item, the finding, the photo's thumbnail, the inspectors, the confirmation.
                let record = try await WorkbenchRecordTests.get(client, "\(sheetPath)/record", cookie)
                #expect(record.status == .ok)
                #expect(codes.allSatisfy { record.text.contains("data-row=\"\($0)\"") })
                #expect(record.text.contains("已当场疏通部分") && record.text.contains("王建国") && record.text.contains("检查员0"))
                let thumb = try #require(record.text.firstMatch(of: /src="(\/m\/files\/[0-9a-f]{64}\/thumbnail)"/).map { String($0.output.1) })
                let shown = try await WorkbenchRecordTests.get(client, thumb, cookie)
                #expect(shown.status == .ok && shown.headers[.contentType]?.hasPrefix("image/") == true)
                let signature = try #require(record.text.firstMatch(of: /src="(\/m\/files\/[0-9a-f]{64})" alt="签名/).map { String($0.output.1) })
                #expect(try await WorkbenchRecordTests.get(client, signature, cookie).status == .ok)
                let regulatorCookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let regulatorRecord = try await WorkbenchRecordTests.get(client, "/w/inspections/\(id)/record", regulatorCookie)
                #expect(regulatorRecord.status == .ok && regulatorRecord.text.contains("/dashboard/files/"))

                // Each person's pages refuse the others; another inspector sees nothing of this one.
                let other = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[1]))
                let otherCookie = try #require(try await client.signIn(other))
                #expect(try await WorkbenchRecordTests.get(client, sheetPath, otherCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "\(sheetPath)/record", otherCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, thumb, otherCookie).status == .notFound)
                #expect(!(try await WorkbenchRecordTests.get(client, "/m", otherCookie).text.contains(id)))
                let otherCSRF = try AccountTests.csrf(try await WorkbenchRecordTests.get(client, "/m", otherCookie).text)
                let foreign = try await Self.post(
                    client,
                    "/m/inspections/\(later)/items/\(first)",
                    [("csrf", otherCSRF), ("key", "k-foreign-1"), ("result", "pass")],
                    cookie: otherCookie
                )
                #expect(foreign.status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "/m", regulatorCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "/w/inspections/\(id)/record", cookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "/i", cookie).status == .notFound)
                let institutionAccount = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: scene.institutionID)
                )
                let institutionCookie = try #require(try await client.signIn(institutionAccount))
                #expect(try await WorkbenchRecordTests.get(client, "/m", institutionCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, sheetPath, institutionCookie).status == .notFound)
                // Another tenant's inspector: not found.
                let (otherTenant, otherRegulator) = try await db.makeTenant()
                let stranger = try await client.call(
                    .post,
                    "/v1/inspectors",
                    token: otherRegulator,
                    json: ["name": "外市检查员", "certificate_number": "ZF-X1", "districts": ["和平区"]]
                )
                let strangerAccount = try await db.makeAccount(
                    tenant: otherTenant.id,
                    role: .inspector,
                    subject: UUID(uuidString: try #require(stranger.json["id"] as? String))
                )
                let strangerCookie = try #require(try await client.signIn(strangerAccount))
                #expect(try await WorkbenchRecordTests.get(client, sheetPath, strangerCookie).status == .notFound)
                // Without a session: to sign in, and back.
                let anonymous = try await client.call(.get, sheetPath, token: nil)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/w/sign-in?next=\(sheetPath)")
                let (type, body) = Self.multipart([("result", "pass")])
                let anonymousSave = try await client.execute(
                    uri: "\(sheetPath)/items/\(first)",
                    method: .post,
                    headers: [.contentType: type, .accept: "application/json"],
                    body: ByteBuffer(bytes: body)
                ) { $0.status }
                #expect(anonymousSave == .unauthorized)
                let endedSession = try await Self.post(
                    client,
                    "\(sheetPath)/items/\(first)",
                    [("result", "pass")],
                    cookie: "ovs_session=none",
                    json: true
                )
                #expect(endedSession.status == .unauthorized)
                // The keys of saves are kept; the answers' audit names the inspector.
                let keys = try await db.owner.query("SELECT count(*) FROM inspection_answer_saves WHERE inspection_id = \(UUID(uuidString: id)!)")
                #expect(try keys[0].decode(0, as: Int.self) == codes.count + 2)
            }
        }
    }

    @Test(
        "the institution's pages without script: a hazard planned, rectified with a photo and extended; an objection with evidence; a self-assessment saved across two visits, then submitted; its figures; others are refused"
    )
    func institutionWithoutScript() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let account = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let cookie = try #require(try await client.signIn(account))
                let hazardID = try await WorkbenchRecordTests.openHazard(client, scene)
                let entryID = try await WorkbenchRecordTests.notifiedEntry(client, scene)

                let home = try await WorkbenchRecordTests.get(client, "/i", cookie)
                #expect(home.status == .ok && home.text.contains("安全出口上锁") && home.text.contains("/i/blacklist/\(entryID)"))
                let csrf = try AccountTests.csrf(home.text)
                let english = try await WorkbenchRecordTests.get(client, "/i/hazards/\(hazardID)?lang=en", cookie).text
                #expect(english.contains("Rectification plan") && english.contains("Ask for more time") && !english.contains("整改方案"))
                // The hazard: plan, then evidence with a photo, then more time asked.
                let hazardPath = "/i/hazards/\(hazardID)"
                let plan = try await AccountTests.post(client, hazardPath, "csrf=\(csrf)&action=plan&text=\(formEncoded("当日拆除门锁"))", cookie: cookie)
                #expect(plan.status == .seeOther)
                let noText = try await Self.post(client, hazardPath, [("csrf", csrf), ("action", "evidence")], cookie: cookie)
                #expect(noText.status == .unprocessableContent)
                let evidence = try await Self.post(
                    client,
                    hazardPath,
                    [("csrf", csrf), ("action", "evidence"), ("text", "门锁已拆除")],
                    files: [("photo", "出口.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(evidence.status == .seeOther, "\(evidence.text)")
                let rectified = try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json
                #expect(rectified["state"] as? String == "rectified" && (rectified["evidence"] as? [[String: Any]])?.count == 1)
                let page = try await WorkbenchRecordTests.get(client, hazardPath, cookie)
                let thumb = try #require(page.text.firstMatch(of: /src="(\/i\/files\/[0-9a-f]{64}\/thumbnail)"/).map { String($0.output.1) })
                #expect(try await WorkbenchRecordTests.get(client, thumb, cookie).status == .ok)
                let early = try await AccountTests.post(
                    client,
                    hazardPath,
                    "csrf=\(csrf)&action=extension&deadline=2000-01-01&reason=x",
                    cookie: cookie
                )
                #expect(early.status == .unprocessableContent)
                let extended = try await AccountTests.post(
                    client,
                    hazardPath,
                    "csrf=\(csrf)&action=extension&deadline=2099-03-01&reason=\(formEncoded("门禁改造需采购"))",
                    cookie: cookie
                )
                #expect(extended.status == .seeOther)
                let extensions = try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json["extensions"] as? [[String: Any]]
                #expect(extensions?.first?["requested_deadline"] as? String == "2099-03-01")

                // The blacklist notice: an objection with evidence, which the regulator then reads.
                let entryPath = "/i/blacklist/\(entryID)"
                let empty = try await Self.post(client, entryPath, [("csrf", csrf), ("action", "object"), ("text", "")], cookie: cookie)
                #expect(empty.status == .unprocessableContent)
                let objected = try await Self.post(
                    client,
                    entryPath,
                    [("csrf", csrf), ("action", "object"), ("text", "通道已于逾期前疏通，附现场照片")],
                    files: [("evidence", "通道.png", PhotoFixture.png)],
                    cookie: cookie
                )
                #expect(objected.status == .seeOther, "\(objected.text)")
                let entry = try await client.call(.get, "/v1/blacklist/\(entryID)", token: scene.regulator).json
                #expect(entry["objection"] as? String == "通道已于逾期前疏通，附现场照片")
                #expect((entry["objection_evidence"] as? [[String: Any]])?.count == 1)
                let regulatorCookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let judged = try await WorkbenchRecordTests.get(client, "/w/blacklist/\(entryID)", regulatorCookie)
                #expect(judged.text.contains("通道.png"))
                let answered = try await WorkbenchRecordTests.get(client, entryPath, cookie).text
                #expect(answered.contains("data-objection-files") && answered.contains("通道.png") && !answered.contains("data-object>"))

                // The self-assessment, over two visits.
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
                let selfPage = try await WorkbenchRecordTests.get(client, "/i/self-assessment", cookie).text
                let version = try #require(selfPage.firstMatch(of: /name="version" value="([0-9a-f-]{36})"/).map { String($0.output.1) })
                let half = codes.prefix(codes.count / 2)
                let partial = half.map { "result.\($0)=pass" }.joined(separator: "&") + "&note.\(codes[0])=\(formEncoded("消防通道已检查"))"
                let progress = try await AccountTests.post(
                    client,
                    "/i/self-assessment",
                    "csrf=\(csrf)&version=\(version)&action=save&\(partial)",
                    cookie: cookie
                )
                #expect(progress.status == .seeOther)
                let secondVisit = try #require(try await client.signIn(account))
                let resumed = try await WorkbenchRecordTests.get(client, "/i/self-assessment", secondVisit).text
                #expect(resumed.contains("已填写 \(half.count) 项") && resumed.contains("消防通道已检查") && resumed.contains("上次保存"))
                let secondCSRF = try AccountTests.csrf(resumed)
                let missing = try await AccountTests.post(
                    client,
                    "/i/self-assessment",
                    "csrf=\(secondCSRF)&version=\(version)&action=submit&\(partial)",
                    cookie: secondVisit
                )
                #expect(missing.status == .unprocessableContent)
                let all = codes.map { "result.\($0)=\($0 == codes[1] ? "fail" : "pass")" }.joined(separator: "&")
                let submitted = try await AccountTests.post(
                    client,
                    "/i/self-assessment",
                    "csrf=\(secondCSRF)&version=\(version)&action=submit&\(all)",
                    cookie: secondVisit
                )
                #expect(submitted.status == .seeOther, "\(submitted.status)")
                let shown = try await WorkbenchRecordTests.get(client, try #require(submitted.headers[.location]), secondVisit)
                #expect(shown.status == .ok && shown.text.contains("自查已提交"))
                let assessments = try await client.call(.get, "/v1/self-assessments", token: scene.regulator).items
                #expect(assessments.count == 1 && (assessments[0]["results"] as? [[String: Any]])?.count == codes.count)
                let drafts = try await db.owner.query("SELECT count(*) FROM self_assessment_drafts")
                #expect(try drafts[0].decode(0, as: Int.self) == 0)

                // Its figures, with the version read; a stale one is refused.
                let current = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json
                let stored = try #require(current["version"] as? Int)
                let figures = try await AccountTests.post(
                    client,
                    "/i/figures",
                    "csrf=\(secondCSRF)&version=\(stored)&beds=130&nursing_beds=70&residents=95&staff=40",
                    cookie: secondVisit
                )
                #expect(figures.status == .seeOther)
                #expect(try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json["beds"] as? Int == 130)
                let stale = try await AccountTests.post(
                    client,
                    "/i/figures",
                    "csrf=\(secondCSRF)&version=\(stored)&beds=1&nursing_beds=0&residents=0&staff=0",
                    cookie: secondVisit
                )
                #expect(stale.status == .preconditionFailed)
                let negative = try await AccountTests.post(
                    client,
                    "/i/figures",
                    "csrf=\(secondCSRF)&version=\(stored + 1)&beds=-1&nursing_beds=0&residents=0&staff=0",
                    cookie: secondVisit
                )
                #expect(negative.status == .unprocessableContent && negative.text.contains("床位数"))

                // Another institution sees none of it; the inspector and the regulator are refused /i.
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherAccount = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(other.json["id"] as? String))
                )
                let otherCookie = try #require(try await client.signIn(otherAccount))
                #expect(try await WorkbenchRecordTests.get(client, hazardPath, otherCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, entryPath, otherCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, thumb, otherCookie).status == .notFound)
                let otherHome = try await WorkbenchRecordTests.get(client, "/i", otherCookie)
                #expect(otherHome.status == .ok && !otherHome.text.contains("安全出口上锁"))
                let otherCSRF = try AccountTests.csrf(otherHome.text)
                let foreignPlan = try await AccountTests.post(client, hazardPath, "csrf=\(otherCSRF)&action=plan&text=x", cookie: otherCookie)
                #expect(foreignPlan.status == .notFound)
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let inspectorCookie = try #require(try await client.signIn(inspector))
                #expect(try await WorkbenchRecordTests.get(client, "/i", inspectorCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, hazardPath, regulatorCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "/i/self-assessment", regulatorCookie).status == .notFound)
            }
        }
    }
}
