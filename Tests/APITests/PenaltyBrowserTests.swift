import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// A penalty decision's pages in headless Chromium (`Browser/penalty_print.py`): the
/// regulator's printable decision at phone and desktop width and as a PDF (its text read
/// back with pdftotext), the institution stating its case on a plain form, and the
/// portal's public list. Screenshots and the PDF stay in `.build/screenshots/penalty-*`.
@Suite("Penalty decisions in Chromium: the printed decision, the party's statement, the public list")
struct PenaltyBrowserTests {
    @Test("the regulator prints a decided decision; the institution states its case without script; the portal lists what is published")
    func printedAnsweredPublished() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 0)
                let decided = try await PenaltyAPITests.decided(
                    client,
                    scene,
                    PenaltyAPITests.body(institution: scene.institutionID, penalties: [PenaltyAPITests.warning, PenaltyAPITests.fine(5_000)])
                )
                let decidedID = try #require(decided.json["id"] as? String)
                let number = try #require(decided.json["number"] as? String)
                let sha256 = try #require(decided.json["content_sha256"] as? String)
                #expect(try await client.call(.post, "/v1/penalties/\(decidedID)/publish", token: scene.regulator).status == .ok)
                let notifiedID = try await PenaltyAPITests.notified(
                    client,
                    scene,
                    PenaltyAPITests.body(institution: scene.institutionID, penalties: [PenaltyAPITests.fine(80_000)], kind: "超出登记范围开展服务")
                )
                let regulator = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let staff = try await db.makeAccount(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: scene.institutionID))
                let institution = try #require(try await client.signIn(staff))
                #expect(try await WorkbenchRecordTests.get(client, "/i/penalties/\(decidedID)", regulator).status == .notFound)
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let otherStaff = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(other.json["id"] as? String))
                )
                let otherCookie = try #require(try await client.signIn(otherStaff))
                #expect(try await WorkbenchRecordTests.get(client, "/i/penalties/\(decidedID)", otherCookie).status == .notFound)

                let prefix = String(PortalBrowserTests.screenshotPath("penalty").dropLast(4))
                let seen = try await NoticeBrowserTests.runDocumentDriver(
                    "penalty_print.py",
                    [
                        "http://127.0.0.1:\(try #require(client.port))", prefix, regulator, institution, decidedID, notifiedID,
                        scene.tenant.slug,
                    ]
                )

                #expect(seen["number"] as? String == number && seen["penalties"] as? Int == 2 && seen["sha256"] as? String == sha256, "\(seen)")
                #expect((seen["publication"] as? String)?.contains("公示") == true, "\(seen)")
                let overflow = seen["overflow"] as? [String: Bool] ?? [:]
                #expect(overflow.count == 3 && overflow.values.allSatisfy { !$0 }, "\(overflow)")
                #expect((seen["pdf_bytes"] as? Int ?? 0) > 5_000)
                let printed = try NoticeBrowserTests.text(ofPDF: prefix + "-decision.pdf").filter { !$0.isWhitespace }
                let name = try #require((decided.json["institution"] as? [String: Any])?["name"] as? String)
                for expected in ["行政处罚决定书", number, name, "罚款人民币5000元", "现场检查笔录", sha256, "行政复议"] {
                    #expect(printed.contains(expected.filter { !$0.isWhitespace }), "the PDF's text lacks \(expected): \(printed.prefix(500))")
                }

                #expect((seen["listed_on_home"] as? String)?.isEmpty == false, "\(seen)")
                #expect((seen["prior"] as? String)?.contains("要求听证") == true, "\(seen)")
                #expect(seen["form_before"] as? Bool == true && seen["form_after"] as? Bool == false, "\(seen)")
                #expect((seen["answered"] as? String)?.contains("安全出口已于检查当日开锁") == true, "\(seen)")
                let answered = try await client.call(.get, "/v1/penalties/\(notifiedID)", token: scene.regulator).json
                #expect((answered["statement"] as? [String: Any])?["text"] as? String == "安全出口已于检查当日开锁，请求从轻处罚。")
                #expect(seen["public_numbers"] as? [String] == [number], "\(seen)")
                #expect(seen["csv_link"] as? String == "/public/\(scene.tenant.slug)/penalties.csv")
            }
        }
    }
}
