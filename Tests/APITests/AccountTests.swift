import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing
import UseCases

@testable import API

/// People's accounts over real HTTP: invitation, the password rule, TOTP enrolment and
/// replay, recovery codes, lockout, idle and absolute timeouts, CSRF on every form, and
/// other roles' and other tenants' URLs.
@Suite("People's accounts")
struct AccountTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func csrf(_ page: String) throws -> String {
        try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.output.1) }, "no CSRF token in the page")
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ body: String, cookie: String? = nil) async throws -> JSONReply {
        var headers = Self.form
        if let cookie { headers[.cookie] = cookie }
        return try await client.call(.post, path, token: nil, raw: body, headers: headers)
    }

    @Test("a regulator invites an inspector on the page; the link opens once; the password rule and the TOTP code of a regulator are checked")
    func invitationJourney() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let regulator = try #require(try await client.signIn(try await db.makeAccount(tenant: scene.tenant.id)))
                let page = try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: regulator])
                #expect(page.status == .ok && page.text.contains("邀请人员"))
                let csrf = try Self.csrf(page.text)
                let inspector = try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[0])", token: scene.regulator)
                let certificate = try #require(inspector.json["certificate_number"] as? String)
                // An unknown certificate number: the form comes back with the reason, in Chinese, and what was typed.
                let unknown = try await Self.post(
                    client,
                    "/w/accounts",
                    "csrf=\(csrf)&display_name=\(formEncoded("李强"))&login=li.qiang&role=inspector&subject_code=NOPE-1",
                    cookie: regulator
                )
                #expect(unknown.status == .unprocessableContent && unknown.text.contains("没有持此证件号的检查人员"), "\(unknown.text)")
                #expect(unknown.text.contains("value=\"li.qiang\""))
                let invited = try await Self.post(
                    client,
                    "/w/accounts",
                    "csrf=\(csrf)&display_name=\(formEncoded("李强"))&login=Li.Qiang&role=inspector&subject_code=\(formEncoded(certificate))",
                    cookie: regulator
                )
                #expect(invited.status == .created, "\(invited.text)")
                let link = try #require(invited.text.firstMatch(of: /data-invitation-link>([^<]+)</).map { String($0.output.1) })
                let start = try #require(link.range(of: "/w/invite/")).lowerBound
                let path = String(link[start...].prefix(while: { $0 != "?" }))
                #expect(invited.text.contains("data-login=\"li.qiang\""))  // the login, lowercased
                // The same login again is refused.
                let twice = try await Self.post(
                    client,
                    "/w/accounts",
                    "csrf=\(csrf)&display_name=x&login=li.qiang&role=inspector&subject_code=\(formEncoded(certificate))",
                    cookie: regulator
                )
                #expect(twice.status == .unprocessableContent && twice.text.contains("已被其他账号使用"))
                // Only the link's hash is stored; the log writes the path without it.
                #expect(LoggedPath.redacted(path) == "/w/invite/…")
                let secret = String(path.dropFirst("/w/invite/".count))
                let stored = try await db.owner.query("SELECT count(*) FROM accounts WHERE invite_hash = \(BearerToken.hash(secret))")
                #expect(try stored[0].decode(0, as: Int.self) == 1)

                let opened = try await client.call(.get, path, token: nil)
                #expect(opened.status == .ok && opened.text.contains("li.qiang") && !opened.text.contains("data-totp-secret"))
                let weak = try await Self.post(client, path, "password=short&password_again=short")
                #expect(weak.status == .unprocessableContent && weak.text.contains("密码至少 10 个字符"), "\(weak.text)")
                let mismatch = try await Self.post(client, path, "password=Tq7-longer1&password_again=Tq7-longer2")
                #expect(mismatch.status == .unprocessableContent && mismatch.text.contains("再次输入的密码与密码不一致"), "\(mismatch.text)")
                let accepted = try await Self.post(client, path, "password=Tq7-longer1&password_again=Tq7-longer1")
                #expect(accepted.status == .ok && accepted.text.contains("账号已开通") && !accepted.text.contains("data-recovery-codes"))
                // Used once: the link no longer opens, and cannot set the password again.
                #expect(try await client.call(.get, path, token: nil).status == .notFound)
                #expect(try await Self.post(client, path, "password=Tq7-other99&password_again=Tq7-other99").status == .notFound)
                // The inspector signs in with the password alone (no second factor) and is the inspector of the record.
                let account = TestAccount(id: UUID(), login: "LI.QIANG", password: "Tq7-longer1", totpSecret: nil, recoveryCodes: [])
                let cookie = try #require(try await client.signIn(account))
                let own = try await client.call(.get, "/w/account", token: nil, headers: [.cookie: cookie])
                #expect(own.text.contains("检查人员") && own.text.contains("data-action=\"account.signed_in\""))
                let audit = try await db.owner.query(
                    "SELECT action FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND entity_type = 'account' AND action = 'account.invited'"
                )
                #expect(audit.count == 2)  // the regulator made by the test, and this one

                // A regulator's invitation shows a TOTP secret; a wrong code is refused, the right one enrols it.
                let colleague = try await Self.post(
                    client,
                    "/w/accounts",
                    "csrf=\(csrf)&display_name=\(formEncoded("王丽"))&login=wang.li&role=regulator",
                    cookie: regulator
                )
                let colleagueLink = try #require(
                    colleague.text.firstMatch(of: /data-invitation-link>[^<]*(\/w\/invite\/[^<]+)</).map { String($0.output.1) }
                )
                let invitation = try await client.call(.get, colleagueLink, token: nil)
                let base32 = try #require(invitation.text.firstMatch(of: /data-totp-secret>([A-Z2-7]+)</).map { String($0.output.1) })
                let totp = try #require(Base32.decode(base32))
                let wrongCode = try await Self.post(client, colleagueLink, "password=Tq7-longer1&password_again=Tq7-longer1&totp_code=000000")
                #expect(wrongCode.status == .unprocessableContent && wrongCode.text.contains("与验证器当前显示的验证码不一致"))
                let code = TOTP.code(secret: totp, step: TOTP.step(at: Date()))
                let enrolled = try await Self.post(client, colleagueLink, "password=Tq7-longer1&password_again=Tq7-longer1&totp_code=\(code)")
                let codes = enrolled.text.matches(of: /<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/).map { String($0.output.1) }
                #expect(enrolled.status == .ok && codes.count == 10, "\(enrolled.text)")
                let sealed = try await db.owner.query("SELECT totp_secret FROM accounts WHERE login = 'wang.li'")[0].decode(0, as: String.self)
                #expect(SecretSeal.isSealed(sealed) && !sealed.contains(base32))  // sealed at rest (scripts/test sets the key)
                // The code that enrolled it cannot sign in (replay); without a code the password alone is refused.
                let wang = TestAccount(id: UUID(), login: "wang.li", password: "Tq7-longer1", totpSecret: totp, recoveryCodes: codes)
                #expect(try await client.signIn(wang, code: code) == nil)
                #expect(try await client.signIn(wang, code: "") == nil)
                #expect(try await client.signIn(wang, codeOffset: 1) != nil)
            }
        }
    }

    @Test("five failures lock the account: the right password is refused until the lock ends; every failure and the lock are audited")
    func lockout() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (tenant, _) = try await db.makeTenant()
                let account = try await db.makeAccount(tenant: tenant.id)
                var wrong = account
                wrong.password = "Wrong-pass-1"
                for _ in 0..<5 { #expect(try await client.signIn(wrong, code: "000000") == nil) }
                // Locked: the right password and code are refused, and the page says no more than that.
                let refused = try await Self.post(
                    client,
                    "/w/sign-in",
                    "login=\(account.login)&password=\(formEncoded(account.password))&code=\(account.code())"
                )
                #expect(refused.status == .unauthorized && refused.text.contains("登录名、密码或验证码不正确，或账号已被锁定"))
                let actions = try await db.owner.query(
                    "SELECT action, after ->> 'reason' FROM audit_log WHERE entity_id = \(account.id) AND action LIKE 'account.%' ORDER BY id"
                ).map { "\(try $0.decode(0, as: String.self)):\(try $0.decode(1, as: String?.self) ?? "")" }
                // The fifth failure and the lock are written in one transaction, in the same
                // millisecond: their ids (UUIDv7) need not sort in the order they were written.
                let failed = "account.sign_in_failed:wrong_password"
                #expect(actions.count == 9, "\(actions)")
                #expect(Array(actions.prefix(6)) == ["account.invited:", "account.activated:"] + Array(repeating: failed, count: 4), "\(actions)")
                #expect(actions.dropFirst(6).prefix(2).sorted() == ["account.locked:", failed].sorted(), "\(actions)")
                #expect(actions.last == "account.sign_in_failed:locked", "\(actions)")
                // An unknown login is refused the same way, and writes nothing to any tenant's trail.
                let before = try await db.owner.query("SELECT count(*) FROM audit_log")[0].decode(0, as: Int.self)
                let nobody = TestAccount(id: UUID(), login: "nobody-here", password: "Tq7-longer1", totpSecret: nil, recoveryCodes: [])
                #expect(try await client.signIn(nobody) == nil)
                #expect(try await db.owner.query("SELECT count(*) FROM audit_log")[0].decode(0, as: Int.self) == before)
                // The lock ends (15 minutes later): the right password and code sign in.
                try await db.owner.query("UPDATE accounts SET locked_until = now() - interval '1 second' WHERE id = \(account.id)")
                let cookie = try #require(try await client.signIn(account, codeOffset: 1))
                let history = try await client.call(.get, "/w/account", token: nil, headers: [.cookie: cookie])
                #expect(history.text.contains("账号锁定") && history.text.matches(of: /data-action="account.sign_in_failed"/).count == 6)
                let actors = try await db.owner.query(
                    "SELECT DISTINCT actor_role FROM audit_log WHERE entity_id = \(account.id) AND action IN ('account.sign_in_failed', 'account.locked')"
                ).map { try $0.decode(0, as: String.self) }
                #expect(actors == ["public:sign-in"])  // a refusal is not the account's own act
                // One address trying many logins meets the form's own limit (30 in five minutes): 429, whatever it types.
                var statuses: [HTTPResponse.Status] = []
                for attempt in 0..<30 {
                    statuses.append(try await Self.post(client, "/w/sign-in", "login=guess\(attempt)&password=Tq7-longer1").status)
                }
                #expect(statuses.first == .unauthorized && statuses.last == .tooManyRequests, "\(statuses)")
                let limited = try await Self.post(
                    client,
                    "/w/sign-in",
                    "login=\(account.login)&password=\(formEncoded(account.password))&code=\(account.code(offset: 1))"
                )
                #expect(limited.status == .tooManyRequests && limited.text.contains("登录尝试过多"))
            }
        }
    }

    @Test("a session ends after 30 minutes idle and 12 hours after sign-in; use keeps it alive; a recovery code signs in once")
    func sessionLimits() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (tenant, _) = try await db.makeTenant()
                let account = try await db.makeAccount(tenant: tenant.id)
                let cookie = try #require(try await client.signIn(account))
                func opens(_ cookie: String) async throws -> Bool {
                    try await client.call(.get, "/w/account", token: nil, headers: [.cookie: cookie]).status == .ok
                }
                // 29 minutes unused: still live, and using it moves the idle clock.
                try await db.owner.query("UPDATE account_sessions SET last_seen_at = now() - interval '29 minutes' WHERE account_id = \(account.id)")
                #expect(try await opens(cookie))
                let seen = try await db.owner.query(
                    "SELECT now() - last_seen_at < interval '1 minute' FROM account_sessions WHERE account_id = \(account.id) AND ended_at IS NULL"
                )
                #expect(try seen[0].decode(0, as: Bool.self))
                try await db.owner.query("UPDATE account_sessions SET last_seen_at = now() - interval '31 minutes' WHERE account_id = \(account.id)")
                let idle = try await client.call(.get, "/w/account", token: nil, headers: [.cookie: cookie])
                #expect(idle.status == .seeOther && idle.headers[.location] == "/w/sign-in?next=/w/account")
                // Absolute lifetime: busy, but begun more than 12 hours ago.
                let second = try #require(try await client.signIn(account, code: account.recoveryCodes[0]))
                #expect(try await opens(second))
                try await db.owner.query("UPDATE account_sessions SET expires_at = now() - interval '1 second' WHERE account_id = \(account.id)")
                #expect(try await !opens(second))
                // The recovery code is used up.
                #expect(try await client.signIn(account, code: account.recoveryCodes[0].lowercased()) == nil)
                let third = try #require(try await client.signIn(account, code: account.recoveryCodes[1].lowercased()))
                let page = try await client.call(.get, "/w/account", token: nil, headers: [.cookie: third])
                #expect(page.text.contains("data-recovery-left>8<"))
            }
        }
    }

    @Test("every form of a session needs its CSRF token and a same-site post; other roles and other tenants find nothing")
    func csrfRolesAndTenants() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let regulatorAccount = try await db.makeAccount(tenant: scene.tenant.id)
                let regulator = try #require(try await client.signIn(regulatorAccount))
                let csrf = try Self.csrf(try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: regulator]).text)
                let inspectorAccount = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .inspector,
                    subject: UUID(uuidString: scene.inspectorIDs[0])
                )
                let target = inspectorAccount.id.lowercasedString
                let forms: [(String, String)] = [
                    ("/w/accounts", "display_name=x&login=csrf.victim&role=regulator"),
                    ("/w/accounts/\(target)/disable", ""),
                    ("/w/sign-out", ""),
                ]
                for (path, body) in forms {
                    for token in ["", "csrf=00&", "csrf=\(String(repeating: "0", count: 64))&"] {
                        let reply = try await Self.post(client, path, token + body, cookie: regulator)
                        #expect(reply.status == .forbidden, "\(path) with \(token)")
                    }
                    var crossSite = Self.form
                    crossSite[.cookie] = regulator
                    crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                    let reply = try await client.call(.post, path, token: nil, raw: "csrf=\(csrf)&" + body, headers: crossSite)
                    #expect(reply.status == .forbidden, "\(path) cross-site")
                }
                var crossSite = Self.form
                crossSite[.origin] = "https://evil.example"
                for path in ["/w/sign-in", "/w/invite/ovi_" + String(repeating: "A", count: 43)] {
                    #expect(try await client.call(.post, path, token: nil, raw: "login=x", headers: crossSite).status == .forbidden, "\(path)")
                }
                // Nothing changed: no account was made, the inspector is still active, the session still live.
                #expect(try await db.owner.query("SELECT 1 FROM accounts WHERE login = 'csrf.victim'").isEmpty)
                #expect(try await db.owner.query("SELECT 1 FROM accounts WHERE id = \(inspectorAccount.id) AND disabled_at IS NULL").count == 1)
                #expect(try await client.call(.get, "/w/account", token: nil, headers: [.cookie: regulator]).status == .ok)

                // The inspector: its own page, but no accounts list, no invitation, no dashboard.
                let inspector = try #require(try await client.signIn(inspectorAccount))
                let inspectorCSRF = try Self.csrf(try await client.call(.get, "/w/account", token: nil, headers: [.cookie: inspector]).text)
                #expect(try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: inspector]).status == .notFound)
                let invite = try await Self.post(
                    client,
                    "/w/accounts",
                    "csrf=\(inspectorCSRF)&display_name=x&login=by.inspector&role=regulator",
                    cookie: inspector
                )
                #expect(invite.status == .notFound)
                let disable = try await Self.post(
                    client,
                    "/w/accounts/\(regulatorAccount.id.lowercasedString)/disable",
                    "csrf=\(inspectorCSRF)",
                    cookie: inspector
                )
                #expect(disable.status == .notFound)
                #expect(try await client.call(.get, "/dashboard", token: nil, headers: [.cookie: inspector]).status == .seeOther)
                // Another tenant's regulator guesses this tenant's account: not found, and nothing changes.
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                let strangerCSRF = try Self.csrf(try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: stranger]).text)
                let guessed = try await Self.post(client, "/w/accounts/\(target)/disable", "csrf=\(strangerCSRF)", cookie: stranger)
                #expect(guessed.status == .notFound)
                let list = try await client.call(.get, "/w/accounts", token: nil, headers: [.cookie: stranger]).text
                #expect(!list.contains(inspectorAccount.login) && !list.contains(regulatorAccount.login))
                #expect(try await client.call(.get, "/w/account", token: nil, headers: [.cookie: inspector]).status == .ok)
                // A regulator cannot disable their own account.
                let own = try await Self.post(
                    client,
                    "/w/accounts/\(regulatorAccount.id.lowercasedString)/disable",
                    "csrf=\(csrf)",
                    cookie: regulator
                )
                #expect(own.status == .forbidden)
                // The English page.
                let english = try await client.call(.get, "/w/sign-in?lang=en", token: nil)
                #expect(english.text.contains("lang=\"en\"") && english.text.contains("Sign in") && !english.text.contains("登录名"))
            }
        }
    }

    @Test(
        "in headless Chromium: a regulator signs in, invites a colleague on the page; the colleague opens the link, sets a password, enrols TOTP, reads the recovery codes, signs in and sees the history"
    )
    func journeyInBrowser() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                // The tenant's register, inspectors and waiting work for the colleague's day.
                let scene = try await InspectionScene.make(db, client, inspectors: 2)
                let tenant = scene.tenant
                let inspectionID = try await WorkbenchRecordTests.submittedInspection(client, scene)
                let hazardID = try await WorkbenchRecordTests.rectifiedHazard(client, scene)
                let institution = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.regulator).json
                let institutionName = try #require(institution["name"] as? String)
                let creditCode = try #require(institution["credit_code"] as? String)
                let inspectorRecord = try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[0])", token: scene.regulator).json
                let certificate = try #require(inspectorRecord["certificate_number"] as? String)
                let regulator = try await db.makeAccount(tenant: tenant.id)
                try #require(
                    FileManager.default.isExecutableFile(atPath: PortalBrowserTests.chromium),
                    "no Chromium at \(PortalBrowserTests.chromium): run the tests through scripts/test, which installs it"
                )
                let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/account_journey.py")
                let prefix = String(PortalBrowserTests.screenshotPath("w").dropLast(4))
                let process = try WorkerProcess(
                    databaseURL: "",
                    arguments: [
                        driver.path, PortalBrowserTests.chromium, "http://127.0.0.1:\(try #require(client.port))", regulator.login,
                        regulator.password, Base32.encode(try #require(regulator.totpSecret)), prefix, institutionName,
                        certificate, creditCode,
                    ],
                    executable: "/usr/bin/python3"
                )
                // The draw job runs while the colleague waits on the draw's page.
                let tenantID = tenant.id
                let drawn = try await runWorkers(db, handlers: DrawAPITests.handlers(db), timeout: .seconds(150)) {
                    try await db.owner.query("SELECT count(*) FROM draws WHERE tenant_id = \(tenantID) AND state = 'drawn'")[0]
                        .decode(0, as: Int.self) == 1
                }
                #expect(drawn)
                #expect(try await process.wait(timeout: .seconds(150)) == 0, "\(process.logText)")
                let last = try #require(process.logText.split(separator: "\n").last, "no output from the driver")
                let seen = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(process.logText)")
                #expect(seen["first_path"] as? String == "/w/sign-in?next=/w/accounts")
                #expect(seen["signed_in_path"] as? String == "/w/accounts")
                #expect((seen["invited_text"] as? String)?.contains("已邀请 赵敏") == true, "\(seen)")
                #expect((seen["invited_inspector"] as? String)?.contains("已邀请 钱进") == true, "\(seen)")
                #expect((seen["invited_institution"] as? String)?.contains("已邀请 孙丽") == true, "\(seen)")
                // The inspector's and the institution's accounts are bound to their records.
                let bound = try await db.owner.query(
                    "SELECT login, role, subject_id FROM accounts WHERE tenant_id = \(tenant.id) AND login IN ('qian.jin', 'sun.li') ORDER BY login"
                )
                #expect(try bound.map { try $0.decode(1, as: String.self) } == ["inspector", "institution"])
                #expect(try bound.map { try $0.decode(2, as: UUID?.self)?.lowercasedString } == [scene.inspectorIDs[0], scene.institutionID])
                #expect((seen["link"] as? String)?.contains("/w/invite/ovi_") == true)
                #expect(seen["invitation_title"] as? String == "开通账号")
                let codes = seen["recovery_codes"] as? [String] ?? []
                #expect(codes.count == 10 && Set(codes).count == 10)
                #expect(seen["colleague_path"] as? String == "/w")
                #expect((seen["history_actions"] as? [String])?.first == "account.signed_in")
                #expect(seen["cookie_seen_by_script"] as? String == "")  // HttpOnly
                #expect(seen["english_heading"] as? String == "My account")
                for form in ["sign_in_labelled", "accounts_labelled", "invitation_labelled"] {
                    #expect(seen[form] as? Bool == true, "\(form)")
                }
                let overflow = seen["overflow"] as? [String: Bool] ?? [:]
                #expect(overflow.count == 19 && overflow.values.allSatisfy { !$0 }, "\(overflow)")
                // The colleague's day, each step as the API then reports it.
                #expect(seen["search_names"] as? [String] == [institutionName], "\(seen)")
                #expect(seen["institution_heading"] as? String == institutionName)
                for form in ["edit_labelled", "draws_labelled"] { #expect(seen[form] as? Bool == true, "\(form)") }
                let preview = seen["preview"] as? [String: String] ?? [:]
                #expect(preview == ["eligible-targets": "1", "eligible-inspectors": "2", "sample": "1"], "\(preview)")
                #expect(seen["committed_state"] as? String == "已锁定")
                #expect(seen["drawn_rows"] as? Int == 1)
                let draws = try await client.call(.get, "/v1/draws", token: scene.regulator).items
                #expect(draws.count == 1 && draws[0]["state"] as? String == "drawn" && draws[0]["public_entropy"] as? String == "2026-12-01 开奖号码 123")
                #expect(seen["reviewed_state"] as? String == "已审核" && seen["published_state"] as? String == "已公开", "\(seen)")
                #expect(
                    try await client.call(.get, "/v1/inspections/\(inspectionID)", token: scene.regulator).json["state"] as? String == "published"
                )
                #expect(seen["hazard_state"] as? String == "已核查销号")
                #expect(try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.regulator).json["state"] as? String == "verified")
                let after = seen["todo_after"] as? [String: Int] ?? [:]
                #expect(after["inspections-to-review"] == 0 && after["rectifications-to-verify"] == 0 && after["draws-waiting"] == 0, "\(after)")
                #expect((seen["dashboard_links"] as? Int ?? 0) >= 2)
                #expect(seen["todo_queues"] as? Int == WorkQueue.allCases.count)
                let colleague = try await db.owner.query(
                    "SELECT role, activated_at IS NOT NULL, totp_secret IS NOT NULL FROM accounts WHERE login = 'zhao.min' AND tenant_id = \(tenant.id)"
                )
                #expect(try colleague.first?.decode(0, as: String.self) == "regulator" && colleague[0].decode(1, as: Bool.self))
            }
        }
    }
}
