import Domain
import Foundation
import TestSupport
import Testing

/// The inspector's phone and the institution's pages in headless Chromium on a 390 px
/// screen, on a live service with a real database (`Browser/onsite_journey.py`); the
/// screenshots stay in `.build/screenshots/onsite-*`.
@Suite("The inspector's phone and the institution's pages in Chromium")
struct OnSiteBrowserTests {
    @Test(
        "an inspector records every item with a photo, with and without script, through a cut connection; the representative signs; the record prints; the institution rectifies, objects and self-assesses over two visits without script"
    )
    func journeys() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let inspectionID = try await OnSitePagesTests.assignment(client, scene)
                let hazardID = try await WorkbenchRecordTests.openHazard(client, scene)
                let entryID = try await WorkbenchRecordTests.notifiedEntry(client, scene)
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let photo = FileManager.default.temporaryDirectory.appendingPathComponent("onsite-\(UUID().uuidString.prefix(8)).jpg")
                try Data(PhotoFixture.jpeg(thumbnail: PhotoFixture.drawnThumbnail)).write(to: photo)
                defer { try? FileManager.default.removeItem(at: photo) }
                try #require(
                    FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
                    "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
                )
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/onsite_journey.py")
                let process = try WorkerProcess(
                    databaseURL: "",
                    arguments: [
                        driver.path, PortalBrowserTests.chromium, "http://127.0.0.1:\(try #require(client.port))",
                        String(PortalBrowserTests.screenshotPath("onsite").dropLast(4)), inspector.login, inspector.password, staff.login,
                        staff.password, inspectionID, hazardID, entryID, photo.path,
                    ],
                    executable: "/usr/bin/python3"
                )
                #expect(try await process.wait(timeout: .seconds(300)) == 0, "\(process.logText)")
                let last = try #require(process.logText.split(separator: "\n").last, "no output from the driver")
                let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(process.logText)")
                let institutionName = try #require(
                    try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json["name"] as? String
                )
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }

                // The inspector's morning, as the pages showed it ...
                #expect(seen["inspector_path"] as? String == "/m")
                #expect(seen["agenda_names"] as? [String] == [institutionName] && seen["agenda_map"] as? Bool == true)
                #expect(seen["items"] as? Int == codes.count)
                #expect(seen["saved_without_script"] as? Int == 2)
                #expect(seen["online_sent"] as? Bool == true, "\(seen)")
                #expect(seen["queued"] as? Int == 4 && seen["saved_while_offline"] as? Int == 2 + (codes.count / 2 - 2), "\(seen)")
                #expect((seen["offline_banner"] as? String)?.contains("离线") == true, "\(seen)")
                #expect(seen["sent_after"] as? Bool == true && seen["all_saved"] as? Bool == true, "\(seen)")
                #expect(seen["progress"] as? String == "已完成 \(codes.count) 项，共 \(codes.count) 项")
                #expect((seen["confirmed_text"] as? String)?.contains("王建国") == true)
                #expect(seen["record_path"] as? String == "/m/inspections/\(inspectionID)/record")
                #expect(seen["record_rows"] as? Int == codes.count && seen["record_photos"] as? Int == codes.count, "\(seen)")
                #expect((seen["record_signature"] as? Int ?? 0) > 0 && (seen["record_confirmation"] as? String)?.contains("王建国") == true)
                #expect((seen["pdf_bytes"] as? Int ?? 0) > 10_000, "\(seen)")
                #expect((seen["inspector_on_institution_page"] as? String)?.contains("未找到") == true, "\(seen)")
                // ... and as the API has it: every item once, each with its photo, submitted, confirmed.
                let detail = try await client.call(.get, "/v1/inspections/\(inspectionID)", token: scene.regulator).json
                #expect(detail["state"] as? String == "submitted")
                let results = detail["results"] as? [[String: Any]] ?? []
                #expect(Set(results.compactMap { $0["item_code"] as? String }) == Set(codes))
                #expect(results.allSatisfy { ($0["attachments"] as? [[String: Any]])?.count == 1 }, "\(results.prefix(2))")
                #expect(results.first { $0["item_code"] as? String == codes[0] }?["result"] as? String == "fail")
                let confirmations = try await db.owner.query(
                    "SELECT representative, signature->>'file_name' FROM inspection_confirmations WHERE inspection_id = \(UUID(uuidString: inspectionID)!)"
                )
                #expect(try confirmations.map { try $0.decode(0, as: String.self) } == ["王建国"])
                #expect(try confirmations.first?.decode(1, as: String.self) == "signature.png")

                // The institution's afternoon, without script.
                #expect(seen["institution_home_has_hazard"] as? Bool == true && seen["institution_home_has_notice"] as? Bool == true)
                let rectified = try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json
                #expect(rectified["state"] as? String == "rectified" && (rectified["evidence"] as? [[String: Any]])?.count == 1)
                #expect(rectified["plan"] as? String == "当日拆除门锁，更换为推杠锁")
                #expect(seen["hazard_page_photos"] as? Int == 1)
                let entry = try await client.call(.get, "/v1/blacklist/\(entryID)", token: scene.regulator).json
                #expect(entry["objection"] as? String == "通道已于逾期前疏通，附现场照片")
                #expect((entry["objection_evidence"] as? [[String: Any]])?.count == 1 && seen["objection_shown"] as? Bool == true)
                #expect(seen["self_items"] as? Int == codes.count)
                #expect(seen["second_visit_checked"] as? Int == codes.count / 2 && seen["second_visit_note"] as? Bool == true, "\(seen)")
                #expect(seen["self_submitted"] as? Bool == true)
                let assessments = try await client.call(.get, "/v1/self-assessments", token: scene.regulator).items
                #expect(assessments.count == 1 && (assessments[0]["results"] as? [[String: Any]])?.count == codes.count)
                #expect((seen["institution_on_inspector_page"] as? String)?.contains("未找到") == true, "\(seen)")
                // Nothing runs off the side of a phone.
                let overflow = seen["overflow"] as? [String: Bool] ?? [:]
                #expect(overflow.count == 6 && overflow.values.allSatisfy { !$0 }, "\(overflow)")
            }
        }
    }
}
