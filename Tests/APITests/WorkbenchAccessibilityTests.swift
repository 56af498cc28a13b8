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

/// The workbench's pages checked by the axe-core engine (WCAG 2 A and AA rules: labels,
/// contrast, names of links and buttons, landmarks, language) in headless Chromium, as a
/// signed-in regulator gets them, each page holding real records.
@Suite("Workbench accessibility (axe-core in Chromium)")
struct WorkbenchAccessibilityTests {
    @Test("every page of the workbench, the dashboard and the sign-in has no axe-core violation, in Chinese and in English")
    func axe() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 2)
                let inspection = try await WorkbenchRecordTests.submittedInspection(client, scene)
                let hazard = try await WorkbenchRecordTests.rectifiedHazard(client, scene)
                let extended = try await client.call(
                    .post,
                    "/v1/hazards/\(hazard)/extensions",
                    token: scene.institutionToken,
                    json: ["deadline": "2099-03-01", "reason": "等待供货"]
                )
                #expect(extended.status == .created, "\(extended.text)")
                let entryID = try await WorkbenchRecordTests.objectedEntry(client, scene, objection: "已于期限内清理")
                let draw = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "十二月抽查", "sample": 1])
                let drawID = try #require(draw.json["id"] as? String)
                let complaint = try await CaseAPITests.complain(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "name": CaseAPITests.name, "contact": CaseAPITests.contact]
                )
                let caseID = try #require(complaint.json["case_id"] as? String, "\(complaint.text)")
                let noticeID = try await NoticeBrowserTests.issuedNotice(client, scene)
                let penalty = try await PenaltyAPITests.decided(
                    client,
                    scene,
                    PenaltyAPITests.body(institution: scene.institutionID, penalties: [PenaltyAPITests.fine(5_000)])
                )
                let penaltyID = try #require(penalty.json["id"] as? String)
                let cookie = try await client.signInRegulator(db, tenant: scene.tenant.id)
                try #require(
                    FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
                    "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
                )
                let python = try #require(
                    ProcessInfo.processInfo.environment["OVERSIGHT_TEST_PYTHON"],
                    "OVERSIGHT_TEST_PYTHON is not set: run the tests through scripts/test, whose venv holds axe-core"
                )
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let paths = [
                    "/w", "/w/queue/inspections-to-review", "/w/institutions", "/w/institutions/new", "/w/institutions/\(scene.institutionID)",
                    "/w/institutions/\(scene.institutionID)/edit", "/w/draws", "/w/draws/\(drawID)", "/w/inspections/\(inspection)",
                    "/w/hazards/\(hazard)", "/w/blacklist/\(entryID)", "/w/accounts", "/w/account", "/dashboard", "/dashboard/files",
                    "/w/queue/open-cases", "/w/cases/\(caseID)", "/w/notices/\(noticeID)", "/w/penalties/\(penaltyID)",
                ]
                let urls = paths.map { base + $0 } + paths.map { base + $0 + "?lang=en" }
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/axe_check.py")
                let process = try WorkerProcess(
                    databaseURL: "",
                    arguments: [driver.path, PortalBrowserTests.chromium] + urls + ["--cookie", cookie, "--details"],
                    executable: python
                )
                #expect(try await process.wait(timeout: .seconds(300)) == 0, "\(process.logText)")
                let last = try #require(process.logText.split(separator: "\n").last, "no output from axe_check.py")
                let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: [[String: Any]]], "\(process.logText)")
                #expect(Set(seen.keys) == Set(urls), "checked \(seen.keys.sorted())")
                for url in urls {
                    let violations = seen[url] ?? []
                    #expect(violations.isEmpty, "\(url): \(violations.map { "\($0["id"] ?? "") \($0["nodes"] ?? "")" })\n\(process.logText)")
                }
                // The other tenant's regulator would land on 404 pages: not what was checked.
                #expect(!process.logText.contains("landed on"), "\(process.logText)")
            }
        }
    }

    @Test("the inspector's phone and the institution's pages have no axe-core violation, in Chinese and in English")
    func axeOnSite() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let inspection = try await OnSitePagesTests.assignment(client, scene)
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
                let photo = try await client.uploadEvidence(token: scene.inspectorTokens[0], fileName: "出口.png")
                let results: [[String: Any]] = [
                    ["item_code": codes[0], "result": "fail", "finding": ["description": "安全出口堵塞", "major": true], "attachments": [photo]],
                    ["item_code": codes[1], "result": "pass"],
                ]
                let recorded = try await client.call(
                    .post,
                    "/v1/inspections/\(inspection)/results",
                    token: scene.inspectorTokens[0],
                    json: ["results": results]
                )
                #expect(recorded.status == .ok, "\(recorded.text)")
                let hazardID = try await WorkbenchRecordTests.openHazard(client, scene)
                _ = try await client.call(.post, "/v1/hazards/\(hazardID)/plan", token: scene.institutionToken, json: ["text": "当日拆除门锁"])
                let entryID = try await WorkbenchRecordTests.notifiedEntry(client, scene)
                let noticeID = try await NoticeBrowserTests.issuedNotice(client, scene)
                let penaltyID = try await PenaltyAPITests.notified(
                    client,
                    scene,
                    PenaltyAPITests.body(institution: scene.institutionID, penalties: [PenaltyAPITests.fine(80_000)])
                )
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let python = try #require(
                    ProcessInfo.processInfo.environment["OVERSIGHT_TEST_PYTHON"],
                    "OVERSIGHT_TEST_PYTHON is not set: run the tests through scripts/test, whose venv holds axe-core"
                )
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/axe_check.py")
                let pages: [(TestAccount, [String])] = [
                    (
                        inspector,
                        ["/m", "/m/inspections/\(inspection)", "/m/inspections/\(inspection)/confirm", "/m/inspections/\(inspection)/record"]
                    ),
                    (
                        staff,
                        [
                            "/i", "/i/hazards/\(hazardID)", "/i/blacklist/\(entryID)", "/i/self-assessment", "/i/notices/\(noticeID)",
                            "/i/penalties/\(penaltyID)",
                        ]
                    ),
                ]
                for (account, paths) in pages {
                    let cookie = try #require(try await client.signIn(account))
                    let urls = paths.map { base + $0 } + paths.map { base + $0 + "?lang=en" }
                    let process = try WorkerProcess(
                        databaseURL: "",
                        arguments: [driver.path, PortalBrowserTests.chromium] + urls + ["--cookie", cookie, "--details"],
                        executable: python
                    )
                    #expect(try await process.wait(timeout: .seconds(300)) == 0, "\(process.logText)")
                    let last = try #require(process.logText.split(separator: "\n").last, "no output from axe_check.py")
                    let seen = try #require(
                        try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: [[String: Any]]],
                        "\(process.logText)"
                    )
                    #expect(Set(seen.keys) == Set(urls), "checked \(seen.keys.sorted())")
                    for url in urls {
                        let violations = seen[url] ?? []
                        #expect(violations.isEmpty, "\(url): \(violations.map { "\($0["id"] ?? "") \($0["nodes"] ?? "")" })\n\(process.logText)")
                    }
                    #expect(!process.logText.contains("landed on"), "\(process.logText)")
                }
            }
        }
    }
}
