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
            "query": english ? "?lang=en" : "", "ampLang": english ? "&lang=en" : "",
        ]
    }

    var words: [String: String] { WorkbenchText.words(self.language) }

    /// The header of a signed-in person: their name, the sign-out form, the nav.
    mutating func signedIn(_ session: AccountUseCases.Person, secret: String) {
        self.values["signedIn"] = true
        self.values["displayName"] = session.displayName
        self.values["csrf"] = PageForms.csrf(secret)
        self.values["isRegulator"] = session.principal.role == .regulator
    }

    mutating func errors(_ error: DomainError) {
        let problem = Problem(domain: error)
        let texts = problem.errors.isEmpty ? [problem.detail.text(in: self.language)] : problem.errors.map { $0.text(in: self.language) }
        self.values["hasErrors"] = true
        self.values["errors"] = texts
    }

    func time(_ date: Date) -> String { LocalTime.string(from: date, in: MessageCatalogue.defaultTimeZone) }

    /// Runs `body` for the signed-in person; a browser without a live session goes to
    /// the sign-in page and comes back here.
    static func signedIn(
        _ request: Request,
        _ accounts: AccountUseCases,
        _ body: @escaping (Caller, AccountUseCases.Person, String) async throws -> Response
    ) async throws -> Response {
        let back = request.uri.path + (request.method == .get ? (request.uri.query.map { "?" + $0 } ?? "") : "")
        guard let secret = PageForms.sessionSecret(request),
            let response = try await accounts.withSession(secret: secret, { try await body($0, $1, secret) })
        else {
            return PageForms.redirect("/w/sign-in?next=" + (back.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/w"))
        }
        return response
    }
}
