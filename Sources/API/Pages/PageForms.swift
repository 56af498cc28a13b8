import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// What every signed-in page shares: the session cookie (the secret of a server-side
/// session, HttpOnly, SameSite=Strict), the CSRF token derived from it (SHA-256 of a
/// label and the secret, checked on every POST), a same-site check on posts that have no
/// session yet (sign-in, accepting an invitation), form bodies and HTML responses under
/// a strict CSP.
enum PageForms {
    static let cookie = "ovs_session"

    static func csrf(_ secret: String) -> String { Hex.encode(SHA256.hash(data: Data(("oversight-csrf|" + secret).utf8))) }

    /// The cookie of a new session: sent to every page of the service (`/w`, `/dashboard`),
    /// never to a script, never on a cross-site request. It lasts as the browser does;
    /// the server ends the session after its idle and absolute limits.
    static func sessionCookie(_ secret: String) -> String { "\(Self.cookie)=\(secret); Path=/; HttpOnly; SameSite=Strict" }

    static let endCookie = "\(cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"

    /// Clears the cookie the dashboard set before accounts (`Path=/dashboard`), which a
    /// browser would send ahead of the new one on the dashboard's pages.
    static let endDashboardCookie = "\(cookie)=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0"

    static func sessionSecret(_ request: Request) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookie { return String(pair[1]) }
        }
        return nil
    }

    static func html(
        _ library: MustacheLibrary,
        _ template: String,
        _ values: [String: Any],
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        headers[.cacheControl] = "no-store"
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: library.render(values, withTemplate: template) ?? ""))
        )
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    static func form(_ request: Request, limit: Int) async throws -> [String: String] {
        let body = try await readBody(request, limit: limit)  // 413 past the limit, as on the API
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    /// A form of a signed-in page: its fields once the post is same-site and carries the
    /// session's CSRF token; 403 otherwise.
    static func checkedForm(_ request: Request, secret: String, limit: Int = 16 << 10) async throws -> [String: String] {
        guard Self.isSameSite(request) else { throw Self.crossSite }
        let fields = try await Self.form(request, limit: limit)
        guard let token = fields["csrf"], ConstantTime.equal(Data(token.utf8), Data(Self.csrf(secret).utf8)) else {
            throw Problem(.forbidden, "csrf", "Forbidden", detail: "The form's CSRF token is missing or wrong.")
        }
        return fields
    }

    /// Forms without a session yet (login CSRF on sign-in, forced sign-out) refuse a
    /// cross-site post: the browser's `Sec-Fetch-Site`, or else its `Origin`, must name
    /// this site. A client that sends neither (curl, an old browser) is let through; the
    /// CSRF token still guards every form of a session.
    static func isSameSite(_ request: Request) -> Bool {
        if let site = request.headers[Self.secFetchSite] { return site == "same-origin" || site == "none" }
        guard let origin = request.headers[.origin] else { return true }
        guard let url = URL(string: origin), let scheme = url.scheme?.lowercased(), let host = url.host,
            let authority = request.head.authority, let requested = Self.hostAndPort(authority)
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        return Self.bare(host) == requested.host && (url.port ?? defaultPort) == (requested.port ?? defaultPort)
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`, lowercased and without brackets.
    static func hostAndPort(_ authority: String) -> (host: String, port: Int?)? {
        var host = Substring(authority.lowercased())
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            port = rest.hasPrefix(":") ? rest.dropFirst() : nil
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard let port else { return (String(host), nil) }
        guard let number = Int(port) else { return nil }
        return (String(host), number)
    }

    static func bare(_ host: String) -> String {
        host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let crossSite = Problem(.forbidden, "csrf", "Forbidden", detail: "This form cannot be posted from another site.")
}
