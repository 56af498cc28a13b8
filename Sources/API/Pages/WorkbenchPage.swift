import Domain
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// The page's language and the values every page of the workbench shows.
struct WorkbenchPage {
    var language: Language
    var values: [String: Any]

    init(_ request: Request, heading: String) {
        self.language = Language(query: request.uri.queryParameters.get("lang").map { String($0) }, acceptLanguage: nil)
        let words = WorkbenchText.words(self.language)
        let english = self.language == .english
        self.values = [
            "lang": self.language.rawValue, "t": words, "title": words[heading] ?? heading, "otherLang": english ? "zh-CN" : "en",
            "english": english, "query": english ? "?lang=en" : "", "ampLang": english ? "&lang=en" : "",
        ]
    }

    var words: [String: String] { WorkbenchText.words(self.language) }

    /// The header of a signed-in person: their name, the sign-out form, the nav.
    mutating func signedIn(_ session: AccountUseCases.Person, secret: String) {
        self.values["signedIn"] = true
        self.values["displayName"] = session.displayName
        self.values["personID"] = session.accountID.lowercasedString
        self.values["csrf"] = PageForms.csrf(secret)
        self.values["isRegulator"] = session.principal.role == .regulator
        self.values["isInspector"] = session.principal.role == .inspector
        self.values["isInstitution"] = session.principal.role == .institution
    }

    mutating func errors(_ error: DomainError) {
        let problem = Problem(domain: error)
        let words = self.words
        let english = self.language == .english
        let texts =
            problem.errors.isEmpty
            ? [problem.detail.text(in: self.language)]
            : problem.errors.map { error in
                // The API names the field by its key; a page names it by its label, in English too.
                guard english, MessageCatalogue.readsAfterField(error.message.key) else { return error.text(in: self.language) }
                let label = words["field_" + error.field] ?? words[error.field] ?? error.field.replacingOccurrences(of: "_", with: " ")
                return label + " " + error.text(in: self.language)
            }
        self.values["hasErrors"] = true
        self.values["errors"] = texts
    }

    func time(_ date: Date) -> String { Self.time(date) }

    static func time(_ date: Date) -> String { LocalTime.string(from: date, in: MessageCatalogue.defaultTimeZone) }

    /// Runs `body` for the signed-in person; a browser without a live session goes to
    /// the sign-in page and comes back here.
    static func signedIn(
        _ request: Request,
        _ accounts: AccountUseCases,
        _ body: @escaping (Caller, AccountUseCases.Person, String) async throws -> Response
    ) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request),
            let response = try await accounts.withSession(secret: secret, { try await body($0, $1, secret) })
        else { return Self.toSignIn(request) }
        return response
    }

    /// To the sign-in page, and back to this page after (for a post, `back`: the page
    /// of its form, where there is one to return to).
    static func toSignIn(_ request: Request, back: String? = nil) -> Response {
        let back = back ?? request.uri.path + (request.method == .get ? (request.uri.query.map { "?" + $0 } ?? "") : "")
        return PageForms.redirect("/w/sign-in?next=" + (back.addingPercentEncoding(withAllowedCharacters: Self.nextAllowed) ?? "/w"))
    }

    /// What `next` keeps as it is: ASCII letters, digits and a path's marks; not `&`, `=`,
    /// `+`, `#` or anything beyond ASCII.
    static let nextAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")

    /// A regulator's page: the same as `signedIn`, and 404 for anyone else, as the API's
    /// policies would refuse them the records behind it.
    static func regulator(
        _ request: Request,
        _ accounts: AccountUseCases,
        heading: String,
        _ body: @escaping (Caller, inout WorkbenchPage) async throws -> Response
    ) async throws -> Response {
        try await Self.person(request, accounts, .regulator, heading: heading, body)
    }

    /// A page of one kind of person (a regulator's `/w`, an inspector's `/m`, an
    /// institution's `/i`): 404 for anyone else, so that each person's pages refuse the
    /// others.
    static func person(
        _ request: Request,
        _ accounts: AccountUseCases,
        _ role: Role,
        heading: String,
        _ body: @escaping (Caller, inout WorkbenchPage) async throws -> Response
    ) async throws -> Response {
        try await Self.signedIn(request, accounts) { caller, person, secret in
            guard person.principal.role == role else { throw Problem.notFound("page") }
            var page = WorkbenchPage(request, heading: heading)
            page.signedIn(person, secret: secret)
            return try await body(caller.composed(), &page)
        }
    }

    /// A form of a regulator's page: the CSRF token checked, then `perform` in the
    /// person's session. When `perform` refuses with a `DomainError` (its transaction
    /// rolled back, nothing kept), `failed` renders the form again in a fresh transaction
    /// with the reasons on it and what was typed, under the status the API would give.
    /// Not found and forbidden stay what they are.
    static func posted(
        _ request: Request,
        _ accounts: AccountUseCases,
        heading: String,
        back: String? = nil,
        perform: @escaping (Caller, [String: String], WorkbenchPage) async throws -> Response,
        failed: @escaping (Caller, [String: String], inout WorkbenchPage) async throws -> Response
    ) async throws -> Response {
        try await Self.posted(
            request,
            accounts,
            .regulator,
            heading: heading,
            back: back,
            perform: { caller, form, page in try await perform(caller, form.fields, page) },
            failed: { caller, form, page in try await failed(caller, form.fields, &page) }
        )
    }

    /// `posted` for a page of `role`; a `multipart` form (one with a photo) is read whole,
    /// up to 16 MiB, its CSRF token among its fields.
    static func posted(
        _ request: Request,
        _ accounts: AccountUseCases,
        _ role: Role,
        heading: String,
        back: String? = nil,
        multipart: Bool = false,
        perform: @escaping (Caller, PostedForm, WorkbenchPage) async throws -> Response,
        failed: @escaping (Caller, PostedForm, inout WorkbenchPage) async throws -> Response
    ) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request) else { return Self.toSignIn(request, back: back) }
        // A photo's body is read whole: only for a live session of the page's person.
        if multipart, !(try await Self.isLive(secret, accounts, role)) { return Self.toSignIn(request, back: back) }
        // Room for a few thousand characters of Chinese (nine bytes each, form-encoded).
        let form =
            multipart
            ? try await PostedForm.multipart(request, secret: secret, limit: PostedForm.limit)
            : PostedForm(fields: try await PageForms.checkedForm(request, secret: secret, limit: 64 << 10))
        do {
            return try await Self.person(request, accounts, role, heading: heading) { caller, page in try await perform(caller, form, page) }
        } catch let error as DomainError {
            if case .notFound = error { throw error }
            if case .forbidden = error { throw error }
            return try await Self.person(request, accounts, role, heading: heading) { caller, page in
                page.errors(error)
                for (key, value) in form.fields where key != "csrf" { page.values["f_" + key] = value }
                var response = try await failed(caller, form, &page)
                response.status = Problem(domain: error).status  // as the API would answer: 422, 409, 412
                return response
            }
        }
    }

    /// Whether `secret` is a live session of a person of `role` (404 for another role).
    static func isLive(_ secret: String, _ accounts: AccountUseCases, _ role: Role) async throws -> Bool {
        guard let same = try await accounts.withSession(secret: secret, { _, person in person.principal.role == role }) else { return false }
        guard same else { throw Problem.notFound("page") }
        return true
    }

    /// A sentence of the page's words with its `#` marks filled in order.
    static func fill(_ text: String, _ values: String...) -> String {
        var out = ""
        var rest = values[...]
        for character in text {
            if character == "#", let value = rest.popFirst() { out += value } else { out.append(character) }
        }
        return out
    }

    /// An id from the path; 404 when it is not one.
    static func id(_ context: AppRequestContext, _ what: Message = "page") throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Problem.notFound(what) }
        return id
    }

    /// A link within the workbench in the page's language.
    func link(_ path: String) -> String { self.linker(path) }

    /// `link` as a value, for building a page's lists while the page is being written.
    var linker: @Sendable (String) -> String {
        let english = self.language == .english
        return { path in path + (english ? (path.contains("?") ? "&lang=en" : "?lang=en") : "") }
    }
}
