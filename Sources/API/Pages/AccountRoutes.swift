import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import UseCases

/// `/w/…`: people's accounts. Signing in (`/w/sign-in`) opens a server-side session for
/// the person (`AccountUseCases`), whose secret goes into the `PageForms` cookie; the
/// dashboard and every other signed-in page read it. A regulator invites people at
/// `/w/accounts` by a one-time link (`/w/invite/{secret}`, redacted in the log) where
/// they set a password and, for a regulator, enrol TOTP. `/w/account` is the person's
/// own sign-in history. Chinese first, `?lang=en` for English.
struct AccountRoutes {
    let accounts: AccountUseCases
    let library: MustacheLibrary
    /// Sign-in attempts per address (IPv6: per /64) in five minutes: enough for a person
    /// who mistypes, few for a guesser (on top of each account's lockout).
    let signInLimiter: AddressRateLimiter
    let trustedProxies: Int

    func add(to router: Router<AppRequestContext>) {
        router.get("w/sign-in", use: self.signInPage)
        router.post("w/sign-in", use: self.signIn)
        router.post("w/sign-out", use: self.signOut)
        router.get("w/invite/:secret", use: self.invitation)
        router.post("w/invite/:secret", use: self.accept)
        router.get("w/account", use: self.own)
        router.get("w/accounts", use: self.list)
        router.post("w/accounts", use: self.invite)
        router.post("w/accounts/:id/disable", use: self.disable)
    }

    func render(_ template: String, _ page: WorkbenchPage, status: HTTPResponse.Status = .ok) -> Response {
        PageForms.html(self.library, template, page.values, status: status)
    }

    /// A page to return to after signing in: only a path of the workbench or dashboard
    /// (never another site); the to-do list by default.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/w") || next.hasPrefix("/dashboard") || Self.ownPages(next), !next.contains("//"), !next.contains("\\"),
            next.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 })
        else { return "/w" }
        return next
    }

    /// The inspector's `/m` and the institution's `/i`, and only those (not `/institutions`).
    static func ownPages(_ path: String) -> Bool {
        ["/m", "/i"].contains { path == $0 || path.hasPrefix($0 + "/") || path.hasPrefix($0 + "?") }
    }

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        var page = WorkbenchPage(request, heading: "signInTitle")
        page.values["next"] = Self.safeNext(request.uri.queryParameters.get("next").map { String($0) })
        page.values["signedOut"] = request.uri.queryParameters.get("signed-out") != nil
        return self.render("w-sign-in", page)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard PageForms.isSameSite(request) else { throw PageForms.crossSite }
        let fields = try await PageForms.form(request, limit: 4096)
        let address = AddressRateLimiter.clientAddress(request, context, trustedProxies: self.trustedProxies)
        if await self.signInLimiter.take(AddressRateLimiter.key(address)) != nil {
            var page = WorkbenchPage(request, heading: "signInTitle")
            page.values["tooMany"] = true
            page.values["login"] = fields["login"] ?? ""
            page.values["next"] = Self.safeNext(fields["next"])
            return self.render("w-sign-in", page, status: .tooManyRequests)
        }
        // Signing in again ends the session this browser had, whoever's it was.
        if let previous = PageForms.sessionSecret(request) { try await self.accounts.signOut(secret: previous) }
        let outcome = try await self.accounts.signIn(
            login: fields["login"] ?? "",
            password: fields["password"] ?? "",
            code: fields["code"] ?? "",
            address: address
        )
        guard case .signedIn(let secret) = outcome else {
            var page = WorkbenchPage(request, heading: "signInTitle")
            page.values[outcome == .busy ? "busy" : "refused"] = true
            page.values["login"] = fields["login"] ?? ""
            page.values["next"] = Self.safeNext(fields["next"])
            return self.render("w-sign-in", page, status: outcome == .busy ? .serviceUnavailable : .unauthorized)
        }
        var response = PageForms.redirect(Self.safeNext(fields["next"]), cookie: PageForms.sessionCookie(secret))
        // The dashboard's cookie of before (same name, Path=/dashboard) would shadow the new one there.
        response.headers.append(HTTPField(name: .setCookie, value: PageForms.endDashboardCookie))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request) else { return PageForms.redirect("/w/sign-in", cookie: PageForms.endCookie) }
        _ = try await PageForms.checkedForm(request, secret: secret)
        try await self.accounts.signOut(secret: secret)
        return PageForms.redirect("/w/sign-in?signed-out=1", cookie: PageForms.endCookie)
    }

    @Sendable func invitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let secret = context.parameters.get("secret") ?? ""
        var page = WorkbenchPage(request, heading: "invitationTitle")
        guard let view = try await self.accounts.invitation(secret: secret) else {
            page.values["closed"] = true
            return self.render("w-invite", page, status: .notFound)
        }
        self.fill(&page, view, secret: secret)
        return self.render("w-invite", page)
    }

    func fill(_ page: inout WorkbenchPage, _ view: AccountUseCases.InvitationView, secret: String) {
        page.values["tenant"] = view.tenantName
        page.values["invitedIntro"] = page.words["invitedIntro", default: ""].replacingOccurrences(of: "#", with: view.tenantName)
        page.values["login"] = view.account.login
        page.values["displayName"] = view.account.displayName
        page.values["roleLabel"] = view.account.role.label.text(in: page.language)
        page.values["secret"] = secret
        page.values["minLength"] = PasswordPolicy.minimumLength
        page.values["totpSecret"] = view.totpSecret ?? false
        page.values["provisioningURI"] = view.provisioningURI ?? ""
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard PageForms.isSameSite(request) else { throw PageForms.crossSite }
        let secret = context.parameters.get("secret") ?? ""
        let fields = try await PageForms.form(request, limit: 4096)
        var page = WorkbenchPage(request, heading: "invitationTitle")
        do {
            guard
                let accepted = try await self.accounts.accept(
                    secret: secret,
                    password: fields["password"] ?? "",
                    passwordAgain: fields["password_again"] ?? "",
                    code: fields["totp_code"] ?? ""
                )
            else {
                page.values["closed"] = true
                return self.render("w-invite", page, status: .notFound)
            }
            var done = WorkbenchPage(request, heading: "activatedTitle")
            done.values["hasCodes"] = !accepted.recoveryCodes.isEmpty
            done.values["codes"] = accepted.recoveryCodes
            return self.render("w-activated", done)
        } catch let error as DomainError {
            page.errors(error)
            if let view = try await self.accounts.invitation(secret: secret) { self.fill(&page, view, secret: secret) }
            return self.render("w-invite", page, status: .unprocessableContent)
        }
    }

    func signedIn(
        _ request: Request,
        _ body: @escaping (Caller, AccountUseCases.Person, String) async throws -> Response
    ) async throws -> Response {
        try await WorkbenchPage.signedIn(request, self.accounts, body)
    }

    @Sendable func own(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.signedIn(request) { caller, session, secret in
            var page = WorkbenchPage(request, heading: "myAccount")
            page.signedIn(session, secret: secret)
            page.values["navAccount"] = true
            let own = try await self.accounts.own(caller)
            page.values["login"] = own.account.login
            page.values["displayName"] = own.account.displayName
            page.values["roleLabel"] = own.account.role.label.text(in: page.language)
            page.values["secondFactor"] = own.account.needsSecondFactor
            page.values["recoveryLeft"] = own.recoveryCodesLeft
            let words = page.words
            page.values["history"] = own.history.map {
                ["at": page.time($0.at), "action": $0.action, "label": words["event." + $0.action] ?? $0.action, "address": $0.address ?? ""]
            }
            return self.render("w-account", page)
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.signedIn(request) { caller, session, secret in
            var page = WorkbenchPage(request, heading: "accounts")
            page.signedIn(session, secret: secret)
            try await self.fillList(&page, caller, session, after: request.uri.queryParameters.get("after").flatMap { UUID(uuidString: String($0)) })
            return self.render("w-accounts", page)
        }
    }

    func fillList(
        _ page: inout WorkbenchPage,
        _ caller: Caller,
        _ session: AccountUseCases.Person,
        after: UUID?,
        form: [String: String] = [:]
    ) async throws {
        page.values["navAccounts"] = true
        let accounts = try await self.accounts.list(caller, after: after, limit: 50)
        let language = page.language
        let csrf = page.values["csrf"] ?? ""
        page.values["accounts"] = accounts.items.map { account -> [String: Any] in
            [
                "id": account.id.lowercasedString, "login": account.login, "displayName": account.displayName,
                "roleLabel": account.role.label.text(in: language), "subject": account.subjectName ?? false,
                "stateLabel": account.state.label.text(in: language), "csrf": csrf,
                "canDisable": account.state != .disabled && account.id != session.accountID,
            ]
        }
        page.values["nextAfter"] = accounts.nextAfter?.lowercasedString ?? false
        let role = form["role"] ?? Role.inspector.rawValue
        page.values["roles"] = [Role.regulator, .inspector, .institution].map {
            ["value": $0.rawValue, "label": $0.label.text(in: language), "selected": $0.rawValue == role]
        }
        for field in ["display_name", "login", "subject_code"] { page.values["f_" + field] = form[field] ?? "" }
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.signedIn(request) { caller, session, secret in
            let fields = try await PageForms.checkedForm(request, secret: secret)
            var page = WorkbenchPage(request, heading: "accounts")
            page.signedIn(session, secret: secret)
            do {
                let new = NewAccount(
                    login: fields["login"] ?? "",
                    displayName: fields["display_name"] ?? "",
                    role: Role(rawValue: fields["role"] ?? "") ?? .platformAdmin,
                    subjectID: nil
                )
                let invited = try await self.accounts.invite(caller, new, subjectCode: fields["subject_code"])
                page.values["invited"] = true
                page.values["invitedText"] = page.words["invitedText", default: ""].replacingOccurrences(of: "#", with: invited.account.displayName)
                page.values["link"] = Self.origin(request) + "/w/invite/" + invited.secret
                try await self.fillList(&page, caller, session, after: nil)
                return self.render("w-accounts", page, status: .created)
            } catch let error as DomainError {
                page.errors(error)
                try await self.fillList(&page, caller, session, after: nil, form: fields)
                return self.render("w-accounts", page, status: Problem(domain: error).status)
            }
        }
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.signedIn(request) { caller, session, secret in
            _ = try await PageForms.checkedForm(request, secret: secret)
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Problem.notFound("account") }
            _ = try await self.accounts.disable(caller, id: id)
            return PageForms.redirect("/w/accounts" + (WorkbenchPage(request, heading: "").values["query"] as? String ?? ""))
        }
    }

    /// The service's address as the browser used it, for a link to give to someone.
    static func origin(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        return (scheme == "https" ? "https" : "http") + "://" + (request.head.authority ?? "localhost")
    }
}
