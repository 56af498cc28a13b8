import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// A rectification notice's pages in headless Chromium (`Browser/notice_print.py`): the
/// regulator's printable notice at phone and desktop width and as a PDF, the
/// institution's confirmation of receipt without script, and the PDFs' text read back
/// with pdftotext. Screenshots and PDFs stay in `.build/screenshots/notice-*`.
@Suite("Rectification notices in Chromium: the printed document and the institution's receipt")
struct NoticeBrowserTests {
    static let pdftotext = "/usr/bin/pdftotext"

    /// A notice of the scene's institution from one open hazard and one written item, issued; its id.
    static func issuedNotice(_ client: some TestClientProtocol, _ scene: InspectionScene) async throws -> String {
        let hazardID = try await WorkbenchRecordTests.openHazard(client, scene)
        let created = try await client.call(
            .post,
            "/v1/notices",
            token: scene.regulator,
            json: [
                "institution_id": scene.institutionID, "hazard_ids": [hazardID], "deadline_days": 15,
                "items": [["text": "未按规定开展消防安全培训", "legal_basis": "GB 38600-2019 第 7.3 条"]],
            ]
        )
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        let issued = try await client.call(.post, "/v1/notices/\(id)/issue", token: scene.regulator)
        #expect(issued.status == .ok, "\(issued.text)")
        return id
    }

    /// Runs a document driver of `Browser/` (Chromium first, then `arguments`) and returns
    /// the JSON object it printed last; needs Chromium and pdftotext, which scripts/test installs.
    static func runDocumentDriver(_ name: String, _ arguments: [String]) async throws -> [String: Any] {
        try #require(
            FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
            "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.pdftotext),
            "no pdftotext at \(Self.pdftotext): run the tests through scripts/test, which installs poppler-utils"
        )
        let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/" + name)
        let process = try WorkerProcess(
            databaseURL: "",
            arguments: [driver.path, PortalBrowserTests.chromium] + arguments,
            executable: "/usr/bin/python3"
        )
        #expect(try await process.wait(timeout: .seconds(150)) == 0, "\(process.logText)")
        let last = try #require(process.logText.split(separator: "\n").last, "no output from \(name)")
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(process.logText)")
    }

    static func text(ofPDF path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pdftotext)
        process.arguments = ["-enc", "UTF-8", path, "-"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "the regulator prints the issued notice (number, party, items, hash in the PDF's text); the institution confirms receipt on a plain form and the deadline runs"
    )
    func printedAndReceived() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let id = try await Self.issuedNotice(client, scene)
                let issued = try await client.call(.get, "/v1/notices/\(id)", token: scene.regulator).json
                let number = try #require(issued["number"] as? String)
                let sha256 = try #require(issued["content_sha256"] as? String)
                let name = try #require((issued["institution"] as? [String: Any])?["name"] as? String)
                let regulator = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let institution = try #require(try await client.signIn(staff))

                // Whose pages these are: another institution and an inspector see nothing.
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherStaff = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(other.json["id"] as? String))
                )
                let otherCookie = try #require(try await client.signIn(otherStaff))
                #expect(try await WorkbenchRecordTests.get(client, "/i/notices/\(id)", otherCookie).status == .notFound)
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let inspectorCookie = try #require(try await client.signIn(inspector))
                #expect(try await WorkbenchRecordTests.get(client, "/w/notices/\(id)", inspectorCookie).status == .notFound)
                #expect(try await WorkbenchRecordTests.get(client, "/i/notices/\(id)", regulator).status == .notFound)
                let draft = try await NoticeAPITests.writtenDraft(client, scene.regulator, institution: scene.institutionID)
                #expect(try await WorkbenchRecordTests.get(client, "/i/notices/\(draft)", institution).status == .notFound)
                let draftPage = try await WorkbenchRecordTests.get(client, "/w/notices/\(draft)", regulator)
                #expect(draftPage.status == .ok && draftPage.text.contains("data-draft") && !draftPage.text.contains("data-sha256"))

                let prefix = String(PortalBrowserTests.screenshotPath("notice").dropLast(4))
                let seen = try await Self.runDocumentDriver(
                    "notice_print.py",
                    ["http://127.0.0.1:\(try #require(client.port))", prefix, regulator, institution, id, scene.institutionID]
                )

                // The regulator's page is the document.
                #expect(seen["regulator_path"] as? String == "/w/notices/\(id)")
                #expect(seen["number"] as? String == number && seen["party"] as? String == name + "：", "\(seen)")
                #expect(seen["items"] as? Int == 2 && seen["sha256"] as? String == sha256, "\(seen)")
                #expect(seen["draft_mark"] is NSNull, "\(seen)")
                #expect((seen["order"] as? String)?.contains("自收到本通知书之日起15日内") == true, "\(seen)")
                let overflow = seen["overflow"] as? [String: Bool] ?? [:]
                #expect(overflow.count == 3 && overflow.values.allSatisfy { !$0 }, "\(overflow)")
                #expect(seen["on_institution_page"] as? String == number, "\(seen)")
                #expect((seen["regulator_pdf_bytes"] as? Int ?? 0) > 5_000, "\(seen)")
                let printed = try Self.text(ofPDF: prefix + "-issued.pdf")
                let compact = printed.filter { !$0.isWhitespace }
                for expected in ["责令限期整改通知书", number, name, "未按规定开展消防安全培训", sha256, "行政复议"] {
                    #expect(compact.contains(expected.filter { !$0.isWhitespace }), "the PDF's text lacks \(expected): \(printed.prefix(600))")
                }

                // The institution found it on its page and confirmed receipt without script.
                #expect(seen["listed_on_home"] as? String == number, "\(seen)")
                #expect(seen["form_before"] as? Bool == true && seen["form_after"] as? Bool == false, "\(seen)")
                #expect(seen["institution_path"] as? String == "/i/notices/\(id)")
                let served = try await client.call(.get, "/v1/notices/\(id)", token: scene.regulator).json
                #expect(served["state"] as? String == "served")
                let service = try #require(served["service"] as? [String: Any])
                #expect(service["channel"] as? String == "electronic" && service["receiver"] as? String == "李红")
                let deadline = try #require(served["deadline"] as? String)
                let shownDeadline = NoticePagesDate.chinese(deadline)
                let serviceText = try #require(seen["service"] as? String)
                #expect(serviceText.contains("电子送达") && serviceText.contains("李红") && serviceText.contains(shownDeadline), "\(serviceText)")
                #expect((seen["order_after"] as? String)?.contains("即\(shownDeadline)前") == true, "\(seen)")
                let servedText = try Self.text(ofPDF: prefix + "-served.pdf").filter { !$0.isWhitespace }
                #expect(servedText.contains("李红") && servedText.contains(shownDeadline), "\(servedText.prefix(600))")
            }
        }
    }
}

/// The date as the pages print it, computed here independently of the page's code.
enum NoticePagesDate {
    static func chinese(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }
}
