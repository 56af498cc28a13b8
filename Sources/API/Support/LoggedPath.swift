import Hummingbird

/// The request's path as the log writes it: a complaint's tracking code is a secret of the
/// complainant's (it opens the status page), so `/p/{slug}/complaints/{code}` is logged as
/// `/p/{slug}/complaints/…`; an invitation link's secret opens an account, so
/// `/w/invite/{secret}` is logged as `/w/invite/…`.
enum LoggedPath {
    static func of(_ request: Request) -> String { self.redacted(request.uri.path) }

    static func redacted(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 4, parts[1] == "w", parts[2] == "invite" { return "/w/invite/…" }
        guard parts.count >= 5, parts[1] == "p", parts[3] == "complaints", parts[4] != "new", !parts[4].isEmpty else { return path }
        return (parts[..<4] + ["…"]).joined(separator: "/")
    }
}
