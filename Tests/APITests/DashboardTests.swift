import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Regulator dashboard")
struct DashboardTests {
    @Test("sign-in sets a strict HttpOnly cookie; the page shows indicators against targets; sign-out needs the CSRF token")
    func dashboard() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                _ = try await client.call(
                    .post,
                    "/v1/hazards",
                    token: scene.regulator,
                    json: [
                        "institution_id": scene.institutionID, "catalogue_code": "M3-01", "deadline": "2026-01-01", "location": "一楼",
                        "description": "安全出口上锁", "responsible_person": "王建国",
                    ]
                )
                _ = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: ["name": "待执行的抽查", "sample": 1, "inspectors_per_target": 1]
                )
                let draw = try await client.call(.get, "/v1/draws", token: scene.regulator).items.first?["id"] as? String
                _ = try await client.call(.post, "/v1/draws/\(draw ?? "")/commit", token: scene.regulator)
                let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

                #expect(try await client.call(.get, "/dashboard", token: nil).status == .seeOther)
                let wrong = try await client.call(.post, "/dashboard/sign-in", token: nil, raw: "token=ovs_nonsense", headers: form)
                #expect(wrong.status == .unauthorized)
                let institution = try await client.call(
                    .post,
                    "/dashboard/sign-in",
                    token: nil,
                    raw: "token=\(scene.institutionToken)",
                    headers: form
                )
                #expect(institution.status == .unauthorized)
                let signedIn = try await client.call(.post, "/dashboard/sign-in", token: nil, raw: "token=\(scene.regulator)", headers: form)
                #expect(signedIn.status == .seeOther)
                let cookie = try #require(signedIn.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/dashboard"))
                let session = String(cookie.split(separator: ";")[0])

                let page = try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session])
                #expect(page.status == .ok)
                #expect(page.text.contains("<svg") && page.text.contains("data-indicator=\"gb38600_compliance\""))
                #expect(page.text.contains("安全出口上锁") || page.text.contains("逾期"))
                #expect(page.text.contains("待执行的抽查"))
                #expect(page.text.contains("data-webhook-state=\"delivered\""))
                #expect(!page.text.contains(scene.regulator))  // the token never appears in the page

                let csrf = try #require(page.text.range(of: #"name="csrf" value="[0-9a-f]{64}""#, options: .regularExpression))
                let token = page.text[csrf].split(separator: "\"")[3]
                let forged = try await client.call(
                    .post,
                    "/dashboard/sign-out",
                    token: nil,
                    raw: "csrf=00",
                    headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
                )
                #expect(forged.status == .forbidden)
                let out = try await client.call(
                    .post,
                    "/dashboard/sign-out",
                    token: nil,
                    raw: "csrf=\(token)",
                    headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
                )
                #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
        }
    }
}
