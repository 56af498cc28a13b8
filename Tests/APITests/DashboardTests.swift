import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing
import UseCases
import Workers

@testable import API

@Suite("Regulator dashboard")
struct DashboardTests {
    @Test("with no hazard found, 整改率 is —, not 100 %")
    func rectificationRateWithNothingFound() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (tenant, _) = try await db.makeTenant()
                let session = try await client.signInRegulator(db, tenant: tenant.id)
                let page = try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session])
                #expect(page.text.contains("隐患整改率 —（目标 100 %）"))
                #expect(!page.text.contains("隐患整改率 100"))
            }
        }
        #expect(DashboardIndicators.rectificationRate(verified: 0, found: 0) == nil)
        #expect(DashboardIndicators.rectificationRate(verified: 1, found: 4) == 0.25)
    }

    @Test(
        "a regulator's account signs in to it with a strict HttpOnly cookie; the page shows indicators against targets; sign-out needs the CSRF token"
    )
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

                #expect(try await client.call(.get, "/dashboard", token: nil).headers[.location] == "/w/sign-in?next=/dashboard")
                let regulator = try await db.makeAccount(tenant: scene.tenant.id)
                var wrongPassword = regulator
                wrongPassword.password += "x"
                #expect(try await client.signIn(wrongPassword) == nil)
                // An inspector's account signs in, but the dashboard is the regulator's: it is sent to sign in.
                let inspector = try await db.makeAccount(tenant: scene.tenant.id, role: .inspector, subject: UUID(uuidString: scene.inspectorIDs[0]))
                let inspectorCookie = try #require(try await client.signIn(inspector))
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: inspectorCookie]).status == .seeOther)
                let signedIn = try await client.call(
                    .post,
                    "/w/sign-in",
                    token: nil,
                    raw: "login=\(regulator.login)&password=\(formEncoded(regulator.password))&code=\(regulator.code())&next=/dashboard",
                    headers: form
                )
                #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/dashboard")
                let cookie = try #require(signedIn.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/;"))
                let session = String(cookie.split(separator: ";")[0])
                // The cookie holds a session secret of its own, never the password; the database only its hash.
                #expect(session.hasPrefix("ovs_session=ovd_") && !cookie.contains(regulator.password))
                let secret = String(session.dropFirst("ovs_session=".count))
                let stored = try await db.owner.query(
                    "SELECT count(*) FROM account_sessions WHERE session_hash = \(BearerToken.hash(secret)) AND ended_at IS NULL"
                )
                #expect(try stored[0].decode(0, as: Int.self) == 1)

                let page = try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session])
                #expect(page.status == .ok)
                #expect(page.text.contains("<svg") && page.text.contains("data-indicator=\"gb38600_compliance\""))
                #expect(page.text.contains("安全出口上锁") || page.text.contains("逾期"))
                #expect(page.text.contains("待执行的抽查"))
                #expect(page.text.contains("data-webhook-state=\"delivered\""))
                #expect(page.text.contains("<th scope=\"row\">已投递</th>"))
                #expect(page.text.contains("隐患整改率 0.0 %"))  // one hazard found, none verified
                // In English, the same figures under English words, and links that keep the language.
                let english = try await client.call(.get, "/dashboard?lang=en", token: nil, headers: [.cookie: session]).text
                #expect(english.contains("Hazard rectification rate 0.0 %") && english.contains("Indicators and targets"))
                #expect(english.contains("href=\"/w/queue/overdue-hazards?lang=en\"") && !english.contains("指标与目标"))
                // Chinese-only headings: no English word in any heading or button.
                let headings = page.text.matches(of: /<(h[1-3]|button|th)[^>]*>([^<]*)</).map { String($0.output.2) }
                #expect(!headings.isEmpty)
                #expect(
                    headings.allSatisfy {
                        $0.replacingOccurrences(of: "GB 38600", with: "").replacingOccurrences(of: "Webhook", with: "").allSatisfy {
                            !$0.isLetter || !$0.isASCII
                        }
                    },
                    "\(headings)"
                )
                #expect(!page.text.contains(scene.regulator))  // the token never appears in the page

                let csrf = try #require(page.text.range(of: #"name="csrf" value="[0-9a-f]{64}""#, options: .regularExpression))
                let token = page.text[csrf].split(separator: "\"")[3]
                let forged = try await client.call(
                    .post,
                    "/w/sign-out",
                    token: nil,
                    raw: "csrf=00",
                    headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
                )
                #expect(forged.status == .forbidden)
                let out = try await client.call(
                    .post,
                    "/w/sign-out",
                    token: nil,
                    raw: "csrf=\(token)",
                    headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
                )
                #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
                // Signing out ended the session on the server: the old cookie opens nothing.
                let replayed = try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session])
                #expect(replayed.status == .seeOther && replayed.headers[.location] == "/w/sign-in?next=/dashboard")
                let audit = try await db.owner.query(
                    """
                    SELECT action, actor_account_id FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND entity_type = 'account'
                      AND entity_id = \(regulator.id) AND action LIKE 'account.sign%' ORDER BY id
                    """
                ).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: UUID?.self)) }
                #expect(audit.map(\.0) == ["account.sign_in_failed", "account.signed_in", "account.signed_out"])
                // The failure is the sign-in form's (it may be a stranger's); the rest the person's own.
                #expect(audit.map(\.1) == [nil, regulator.id, regulator.id])
                let signIn = "login=\(regulator.login)&password=\(formEncoded(regulator.password))"
                // Posted from another site, either form is refused (login CSRF, forced sign-out).
                let fromElsewhere: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"]
                let crossSignIn = try await client.call(
                    .post,
                    "/w/sign-in",
                    token: nil,
                    raw: signIn + "&code=\(regulator.code(offset: 1))",
                    headers: fromElsewhere
                )
                #expect(crossSignIn.status == .forbidden && crossSignIn.headers[.setCookie] == nil)
                var crossSite = form
                crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                #expect(
                    try await client.call(.post, "/w/sign-in", token: nil, raw: signIn + "&code=\(regulator.code(offset: 1))", headers: crossSite)
                        .status
                        == .forbidden
                )
                // From this site (no Sec-Fetch-Site, as older browsers), the Origin matches and sign-in works,
                // however the host is spelled (the test client sends `Host: localhost`).
                // A TOTP code counts once: the next step's code, then a recovery code.
                for (origin, code) in zip(["http://localhost", "HTTP://LocalHost:80"], [regulator.code(offset: 1), regulator.recoveryCodes[0]]) {
                    let fromHere: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: origin]
                    let ok = try await client.call(.post, "/w/sign-in", token: nil, raw: signIn + "&code=\(code)", headers: fromHere)
                    #expect(ok.status == .seeOther, "\(origin)")
                }
                #expect(PageForms.hostAndPort("[::1]:8080")! == ("::1", 8080))
                #expect(PageForms.hostAndPort("Example.COM")! == ("example.com", nil))
                #expect(PageForms.hostAndPort("example.com:x") == nil)
                var withCookie = fromElsewhere
                withCookie[.cookie] = session
                #expect(
                    try await client.call(.post, "/w/sign-out", token: nil, raw: "csrf=\(token)", headers: withCookie).status == .forbidden
                )
            }
        }
    }

    @Test(
        "in headless Chromium: the sign-in form leads to the dashboard, a photo uploaded through the page's form is stored with its EXIF facts and thumbnail, the cookie is hidden from scripts, sign-out ends the session"
    )
    func dashboardInBrowser() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let draw = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: ["name": "浏览器里的待执行抽查", "sample": 1, "inspectors_per_target": 1]
                )
                _ = try await client.call(.post, "/v1/draws/\(draw.json["id"] as? String ?? "")/commit", token: scene.regulator)
                try #require(
                    FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
                    "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
                )
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/dashboard_session.py")
                let shot = PortalBrowserTests.screenshotPath("dashboard")
                let base = "http://127.0.0.1:\(try #require(client.port))"
                // A phone's photo: taken 2026-11-30 09:12:05 local time at 41°48′18″N 123°25′48″E.
                let photo = FileManager.default.temporaryDirectory.appendingPathComponent("现场-\(UUID().uuidString).jpg")
                let bytes = PhotoFixture.jpeg(thumbnail: PhotoFixture.drawnThumbnail, padding: 200_000)
                try Data(bytes).write(to: photo)
                defer { try? FileManager.default.removeItem(at: photo) }
                let uploadShot = String(PortalBrowserTests.screenshotPath("evidence-upload").dropLast(4))
                let regulator = try await db.makeAccount(tenant: scene.tenant.id)
                let totp = Base32.encode(try #require(regulator.totpSecret))
                let process = try WorkerProcess(
                    databaseURL: "",
                    arguments: [
                        driver.path, PortalBrowserTests.chromium, base, regulator.login, regulator.password, totp, shot, photo.path, uploadShot,
                    ],
                    executable: "/usr/bin/python3"
                )
                #expect(try await process.wait(timeout: .seconds(120)) == 0, "\(process.logText)")
                let last = try #require(process.logText.split(separator: "\n").last, "no output from the driver")
                let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(process.logText)")

                #expect(seen["first_path"] as? String == "/w/sign-in")
                #expect(seen["signed_in_path"] as? String == "/dashboard")
                let html = try #require(seen["signed_in_html"] as? String)
                #expect(html.contains("data-indicator=\"star_rated_share\"") && html.contains("<polyline"))
                #expect(html.contains("浏览器里的待执行抽查"))
                #expect(!html.contains(regulator.password))
                #expect(seen["cookie_seen_by_script"] as? String == "")  // HttpOnly

                // The upload: the page answers with what the store read, and the store has it.
                #expect(seen["upload_form_path"] as? String == "/dashboard/files")
                let uploaded = try #require(seen["uploaded_html"] as? String)
                let sha256 = SHA256Digest.hex(Data(bytes))
                #expect(uploaded.contains("data-sha256=\"\(sha256)\""), "\(uploaded)")
                #expect(uploaded.contains("已保存") && uploaded.contains("image/jpeg"))
                #expect(uploaded.contains("2026-11-30 09:12"))
                #expect(uploaded.contains("北纬 41.80500°，东经 123.43000°"))
                #expect(seen["thumbnail_loaded"] as? Bool == true)
                // Nothing reaches past a phone's width, on the dashboard or the upload answer.
                #expect(seen["phone_overflow"] as? Bool == false)
                #expect(seen["upload_phone_overflow"] as? Bool == false)
                let info = try await client.call(.get, "/v1/files/\(sha256)", token: scene.regulator)
                #expect(info.status == .ok && info.json["size"] as? Int == bytes.count, "\(info.text)")
                // Another tenant's regulator does not see it.
                let (_, stranger) = try await db.makeTenant()
                #expect(try await client.call(.get, "/v1/files/\(sha256)", token: stranger).status == .notFound)
                #expect(seen["signed_out_path"] as? String == "/w/sign-in")
                #expect(seen["after_path"] as? String == "/w/sign-in")  // the session is gone
                let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
                #expect(size > 10_000)
            }
        }
    }

    @Test("a daily job snapshots the indicators, once per day; each indicator's sparkline draws them, and no other tenant's")
    func indicatorHistory() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let (other, _) = try await db.makeTenant()
                let day = 86_400.0
                func snapshot(_ tenant: UUID, at now: Date, runs: Int) async throws {
                    try await db.database.withTenant(tenant) { transaction in
                        try await JobQueue.enqueue(
                            transaction.connection,
                            tenantID: tenant,
                            try NewJob(kind: "indicators.snapshot", payload: [String: String]())
                        )
                    }
                    #expect(
                        try await runWorkers(db, handlers: [SnapshotIndicatorsJob(db.useCases(time: TimeSource { now }))]) {
                            try await db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'indicators.snapshot' AND state = 'completed'")[0]
                                .decode(0, as: Int.self) >= runs
                        }
                    )
                }
                // Noon in Shanghai (04:00 UTC) three and two days back: never near a day's edge.
                let noon = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / day).rounded(.down) * day + 4 * 3600)
                // Nursing beds 40 of 100 three days ago; two days ago 40, then 70 the same day.
                try await snapshot(scene.tenant.id, at: noon.addingTimeInterval(-3 * day), runs: 1)
                try await snapshot(scene.tenant.id, at: noon.addingTimeInterval(-2 * day), runs: 2)
                let path = "/v1/institutions/\(scene.institutionID)"
                let patched = try await client.call(.patch, path, token: scene.regulator, json: ["nursing_beds": 70, "version": 1])
                #expect(patched.status == .ok, "\(patched.text)")
                try await snapshot(scene.tenant.id, at: noon.addingTimeInterval(-2 * day + 60), runs: 3)
                try await snapshot(other.id, at: noon.addingTimeInterval(-2 * day), runs: 4)

                let rows = try await db.owner.query(
                    "SELECT nursing_bed_share FROM indicator_snapshots WHERE tenant_id = \(scene.tenant.id) ORDER BY day"
                ).map { try $0.decode(0, as: Double.self) }
                #expect(rows == [0.4, 0.7])  // one row per day, the later run replacing the earlier
                // Row-level security, without a tenant filter in the query: the other tenant sees its one row.
                let seenByOther = try await db.database.withTenant(other.id) { transaction in
                    try await transaction.query("SELECT count(*) FROM indicator_snapshots")[0].decode(0, as: Int.self)
                }
                #expect(seenByOther == 1)

                func dashboard(_ tenant: UUID) async throws -> String {
                    let session = try await client.signInRegulator(db, tenant: tenant)
                    return try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session]).text
                }
                let page = try await dashboard(scene.tenant.id)
                let line = try #require(
                    page.range(of: #"<polyline data-sparkline="nursing_bed_share" data-days="3"[^>]*points="[^"]*""#, options: .regularExpression),
                    "\(page)"
                )
                let points = page[line].split(separator: "\"").last.map { $0.split(separator: " ") } ?? []
                #expect(points.count == 3)
                // y grows downwards: 40 % sits lower (larger y) than 70 % and today's 70 %.
                let ys = points.compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
                #expect(ys.count == 3 && ys[0] > ys[1] && ys[1] == ys[2])
                #expect(page.contains(#"data-sparkline="star_rated_share" data-days="3""#))
                // The other tenant: its one snapshot and today.
                #expect(try await dashboard(other.id).contains(#"data-sparkline="nursing_bed_share" data-days="2""#))
            }
        }
    }

    @Test("disabling an account ends its sessions; a made-up cookie or a token opens nothing; signing in again ends the old session")
    func sessionFollowsAccount() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (tenant, regulatorToken) = try await db.makeTenant()
                let account = try await db.makeAccount(tenant: tenant.id)
                let session = try #require(try await client.signIn(account))
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session]).text.contains(tenant.name))
                for bogus in ["ovs_session=ovd_" + String(repeating: "A", count: 43), "ovs_session=\(regulatorToken)", "ovs_session="] {
                    #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: bogus]).status == .seeOther, "\(bogus)")
                }
                // Signing in again from a browser that holds a session ends that session, and the
                // account's ended sessions are cleared when it signs in.
                let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: session]
                let again = try await client.call(
                    .post,
                    "/w/sign-in",
                    token: nil,
                    raw: "login=\(account.login)&password=\(formEncoded(account.password))&code=\(account.code(offset: 1))",
                    headers: form
                )
                let second = String(try #require(again.headers[.setCookie]).split(separator: ";")[0])
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: session]).status == .seeOther)
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: second]).status == .ok)
                let left = try await db.owner.query(
                    "SELECT count(*) FILTER (WHERE ended_at IS NULL), count(*) FROM account_sessions WHERE account_id = \(account.id)"
                )[0]
                #expect(try left.decode(0, as: Int.self) == 1 && left.decode(1, as: Int.self) == 1)
                // A colleague disables the account: its live session ends at once.
                let colleague = try await db.makeAccount(tenant: tenant.id)
                let colleagueCookie = try #require(try await client.signIn(colleague))
                let accounts = try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: colleagueCookie])
                let csrf = try #require(accounts.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.output.1)
                let disabled = try await client.call(
                    .post,
                    "/w/accounts/\(account.id.lowercasedString)/disable",
                    token: nil,
                    raw: "csrf=\(csrf)",
                    headers: [.cookie: colleagueCookie, .contentType: "application/x-www-form-urlencoded"]
                )
                #expect(disabled.status == .seeOther)
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: second]).status == .seeOther)
                #expect(try await client.signIn(account, codeOffset: 1) == nil)
            }
        }
    }
}
