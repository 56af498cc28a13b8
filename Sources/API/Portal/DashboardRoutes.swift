import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import UseCases

/// `/dashboard`: the regulator's page of the week. Signing in with a regulator token opens
/// a server-side session (`DashboardSessionStore`) whose own secret goes into a cookie
/// that is HttpOnly and SameSite=Strict (scoped to /dashboard), so the API token is never
/// kept by the browser and signing out ends the session for good. Every form carries a
/// CSRF token derived from the session (SHA-256 of a label and its secret), checked on
/// POST. Charts are inline SVG; no script is needed.
struct DashboardRoutes {
    let useCases: DashboardUseCases
    let library: MustacheLibrary
    static let cookie = "ovs_session"
    static var sessionLifetime: Duration { DashboardUseCases.sessionLifetime }

    func add(to router: Router<AppRequestContext>) {
        router.get("dashboard", use: self.dashboard)
        router.get("dashboard/sign-in", use: self.signInPage)
        router.post("dashboard/sign-in", use: self.signIn)
        router.post("dashboard/sign-out", use: self.signOut)
    }

    /// Days of history in each indicator's sparkline (12 weeks).
    static let historyDays = 84

    static func csrf(_ secret: String) -> String { Hex.encode(SHA256.hash(data: Data(("oversight-csrf|" + secret).utf8))) }

    static let endCookie = "\(cookie)=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0"

    func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
        headers[.cacheControl] = "no-store"
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: self.library.render(values, withTemplate: template) ?? ""))
        )
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    static func sessionSecret(_ request: Request) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookie { return String(pair[1]) }
        }
        return nil
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

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        self.html("signin", [:])
    }

    /// Both forms refuse a cross-site post (login CSRF on sign-in, forced sign-out): the
    /// browser's `Sec-Fetch-Site`, or else its `Origin`, must name this site. A client
    /// that sends neither (curl, an old browser) is let through; the CSRF token still
    /// guards sign-out.
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

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard Self.isSameSite(request) else { throw Self.crossSite }
        let token = try await Self.form(request, limit: 4096)["token"] ?? ""
        // Signing in again ends the session this browser had, whoever's it was.
        if let previous = Self.sessionSecret(request) { try await self.endSession(secret: previous) }
        guard let secret = try await self.useCases.signIn(token: token) else {
            return self.html("signin", ["error": "令牌无效，或不是监管部门的令牌。"], status: .unauthorized)
        }
        let maxAge = Self.sessionLifetime.components.seconds
        return Self.redirect("/dashboard", cookie: "\(Self.cookie)=\(secret); Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)")
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard Self.isSameSite(request) else { throw Self.crossSite }
        let fields = try await Self.form(request, limit: 4096)
        guard let secret = Self.sessionSecret(request), fields["csrf"] == Self.csrf(secret) else {
            throw Problem(.forbidden, "csrf", "Forbidden", detail: "The form's CSRF token is missing or wrong.")
        }
        try await self.endSession(secret: secret)
        return Self.redirect("/dashboard/sign-in", cookie: Self.endCookie)
    }

    /// Ends the session a cookie names, if it is still live.
    func endSession(secret: String) async throws {
        try await self.useCases.signOut(secret: secret)
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = Self.sessionSecret(request) else { return Self.redirect("/dashboard/sign-in") }
        guard let figures = try await self.useCases.figures(secret: secret, historyDays: Self.historyDays) else {
            return Self.redirect("/dashboard/sign-in", cookie: Self.endCookie)
        }
        return self.html("dashboard", Self.values(figures, csrf: Self.csrf(secret)))
    }

    static func values(_ figures: DashboardUseCases.Figures, csrf: String) -> [String: Any] {
        let today = figures.today
        // Each indicator's last 12 weeks, one slot a day: the daily snapshots, and today live.
        let days = (0..<Self.historyDays).compactMap { CalendarDate.adding(days: $0 - Self.historyDays + 1, to: today) }
        let history = figures.history
        let current = figures.current
        let rows: [(String, String, KeyPath<DashboardIndicators, Double?>, Double)] = [
            ("star_rated_share", "星级机构占比", \.starRatedShare.optional, 0.8),
            ("gb38600_compliance", "GB 38600 达标率", \.compliance.optional, 1),
            ("nursing_bed_share", "护理型床位占比", \.nursingBedShare.optional, 0.55),
            ("rectification_rate", "隐患整改率", \.rectificationRate, 1),
        ]
        let bars: [[String: Any]] = rows.enumerated().map { index, row in
            // A rate with nothing to rate is "—", an empty bar.
            let value = current[keyPath: row.2]
            let series = days.map { history[$0]?[keyPath: row.2] ?? nil }
            return [
                "key": row.0, "label": row.1, "y": index * 44, "percent": value.map { String(format: "%.1f %%", $0 * 100) } ?? "—",
                "targetPercent": String(format: "%.0f", row.3 * 100), "width": Int(((value ?? 0) * 300).rounded()),
                "targetX": Int((row.3 * 300).rounded()), "color": (value ?? 0) >= row.3 ? "#0a6b2d" : "#b00020",
                "spark": Sparkline(x: 320, y: 16, width: 190, height: 20).points(series, maximum: 1),
                "sparkDays": series.compactMap { $0 }.count,
            ]
        }
        let weekly = figures.weeklyFound
        let sparkline = Sparkline(x: 10, y: 5, width: 275, height: 50).points(weekly.map(Double.init), maximum: Double(max(weekly.max() ?? 0, 1)))
        var progress: [[String: Any]] = []
        for (name, figures) in figures.campaigns {
            progress.append([
                "name": name,
                "districts": figures.districts.map {
                    [
                        "district": $0.district ?? "", "institutions": $0.institutions, "inspected": $0.inspected, "found": $0.hazardsFound,
                        "verified": $0.verified, "overdue": $0.overdue,
                        "rate": $0.rectificationRate.map { String(format: "%.1f %%", $0 * 100) } ?? "—",
                        "majorOpen": $0.majorOpen,
                    ]
                },
            ])
        }
        let overdue = figures.overdue
        let draws = figures.committedDraws
        return [
            "tenant": figures.tenantName, "csrf": csrf, "indicators": bars, "indicatorHeight": bars.count * 44,
            "sparkline": sparkline, "weeklyText": weekly.map(String.init).joined(separator: " · "),
            "has_campaigns": !progress.isEmpty, "campaigns": progress,
            "has_overdue": !overdue.isEmpty,
            "overdue": overdue.map {
                ["id": $0.id.lowercasedString, "description": $0.description, "deadline": $0.deadline, "supervised": $0.supervised]
            },
            "has_draws": !draws.isEmpty, "draws": draws.map { ["name": $0.name, "n": $0.n ?? 0] },
            "webhooks": figures.webhookHealth.map {
                [
                    "state": $0.state, "count": $0.count,
                    "stateLabel": WebhookDelivery.State(rawValue: $0.state)?.label.text(in: .chinese) ?? $0.state,
                ]
            },
        ]
    }
}

extension Double {
    /// The value as an optional, so that every indicator reads through one key path type.
    fileprivate var optional: Double? { self }
}
