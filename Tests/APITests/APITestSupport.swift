import API
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Storage
import TestSupport
import Testing
import UseCases

/// Runs `body` against the real router served over real HTTP on a free port.
func withLiveApp<T: Sendable>(
    _ db: TestDatabase,
    migrator: Migrator? = nil,
    _ body: @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
    let app = Application(
        router: buildRouter(APIDependencies(useCases: db.useCases(migrator: migrator))),
        server: apiServer,
        configuration: .init(address: .hostname("127.0.0.1", port: 0))
    )
    return try await app.test(.live) { client in try await body(client) }
}

/// A decoded response: status, headers, and the JSON body when there is one.
struct JSONReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(self.text.utf8))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { self.json["items"] as? [[String: Any]] ?? [] }

    /// The field names listed in a problem's `errors`.
    var errorFields: [String] { (self.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
}

extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String?,
        json: [String: Any]? = nil,
        raw: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> JSONReply {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer? = nil
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = "application/json"
        }
        let reply = try await self.execute(uri: uri, method: method, headers: headers, body: body) { response in
            JSONReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
        for problem in ResponseContract.problems(method: method, uri: uri, status: reply.status.code, text: reply.text) {
            Issue.record("the response does not match openapi.yaml: \(problem)")
        }
        let english = uri.contains("lang=en") || headers[.acceptLanguage]?.hasPrefix("en") == true
        for untranslated in ProblemLanguage.untranslated(reply, english: english) {
            Issue.record("\(method) \(uri) \(reply.status.code): \(untranslated)")
        }
        return reply
    }
}

extension TestClientProtocol {
    /// Uploads a small PNG to the evidence store; returns the attachment that cites it.
    func uploadEvidence(token: String, fileName: String = "现场.png") async throws -> [String: Any] {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "image/png"]
        let text = try await self.execute(uri: "/v1/files", method: .post, headers: headers, body: ByteBuffer(bytes: PhotoFixture.png)) {
            String(buffer: $0.body)
        }
        let file = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        return ["file_name": fileName, "sha256": try #require(file["sha256"] as? String), "size": try #require(file["size"] as? Int)]
    }
}

/// Every problem of every API test is checked for its language: Chinese by default (the
/// title, the detail and each field's message, after its label), and English when asked.
enum ProblemLanguage {
    static func untranslated(_ reply: JSONReply, english: Bool) -> [String] {
        guard reply.headers[.contentType] == "application/problem+json" else { return [] }
        let json = reply.json
        var texts = [("title", json["title"] as? String ?? ""), ("detail", json["detail"] as? String ?? "")]
        // A refused rating's reasons are the rating's own record, kept as written.
        if json["type"] as? String != "https://oversight.example/problems/rating-refused" {
            for error in json["errors"] as? [[String: Any]] ?? [] {
                let field = error["field"] as? String ?? ""
                let message = error["message"] as? String ?? ""
                let label = MessageCatalogue.label(of: field)
                texts.append((field, english || !message.hasPrefix(label) ? message : String(message.dropFirst(label.count))))
            }
        }
        if english { return reply.headers[.contentLanguage] == "en" ? [] : ["Content-Language is not en"] }
        var found = reply.headers[.contentLanguage] == "zh-CN" ? [] : ["Content-Language is not zh-CN"]
        for (name, text) in texts where text.contains(where: \.isLetter) {
            if !text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
                found.append("\(name) is not in Chinese: \(text)")
            }
        }
        return found
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

extension TestClientProtocol {
    /// Signs `account` in on the sign-in form; returns its `ovs_session=…` cookie pair,
    /// or `nil` when refused. `codeOffset`: which TOTP step's code to type (each once).
    func signIn(_ account: TestAccount, codeOffset: Int64 = 0, code: String? = nil) async throws -> String? {
        let body = "login=\(account.login)&password=\(formEncoded(account.password))&code=\(code ?? account.code(offset: codeOffset))"
        let reply = try await self.call(.post, "/w/sign-in", token: nil, raw: body, headers: [.contentType: "application/x-www-form-urlencoded"])
        guard reply.status == .seeOther, let cookie = reply.headers[.setCookie] else { return nil }
        return String(cookie.split(separator: ";")[0])
    }

    /// A new regulator account of `tenant`, signed in: its cookie pair.
    func signInRegulator(_ db: TestDatabase, tenant: UUID) async throws -> String {
        let account = try await db.makeAccount(tenant: tenant)
        guard let cookie = try await self.signIn(account) else { throw SignInRefused() }
        return cookie
    }

}

/// `text` as a value of an `application/x-www-form-urlencoded` body.
func formEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

struct SignInRefused: Error {}
