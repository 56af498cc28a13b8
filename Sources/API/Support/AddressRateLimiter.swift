import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Per-address rate limits of a public form, kept in this process's memory (each API
/// process limits on its own: with N processes behind a balancer an address gets at most
/// N times the limit, still bounded). Used for sign-in attempts, whose real bound is the
/// per-account lockout in PostgreSQL; the complaint form's limit is counted in PostgreSQL
/// (`ComplaintStore.takeIntakeMark`), shared by every process. At most `maxKeys` addresses are remembered: when
/// full, ended windows are dropped, and if none has ended a new address is refused (as if
/// over its limit) rather than forgetting one, which would reset its count.
actor AddressRateLimiter {
    let limit: Int
    let seconds: Double
    let maxKeys: Int
    var windows: [String: RateWindow] = [:]

    init(limit: Int, seconds: Double, maxKeys: Int = 10_000) {
        self.limit = limit
        self.seconds = seconds
        self.maxKeys = maxKeys
    }

    /// nil when allowed (and counted), else the seconds to wait.
    func take(_ key: String, at now: Date = Date()) -> Double? {
        if self.windows[key] == nil, self.windows.count >= self.maxKeys {
            self.windows = self.windows.filter { !$0.value.hasEnded(at: now) }
            if self.windows.count >= self.maxKeys {
                let soonest = self.windows.values.map(\.start).min() ?? now
                return max(1, self.seconds - now.timeIntervalSince(soonest))
            }
        }
        var window = self.windows[key] ?? RateWindow(limit: self.limit, seconds: self.seconds, at: now)
        let wait = window.take(at: now)
        self.windows[key] = window
        return wait
    }

    /// The client's address without its port. Behind `trustedProxies` reverse proxies,
    /// the address the nearest of them saw, from the right of `X-Forwarded-For`.
    static func clientAddress(_ request: Request, _ context: AppRequestContext, trustedProxies: Int) -> String {
        var address = context.remoteAddress?.ipAddress ?? "unknown"
        if trustedProxies > 0 {
            let forwarded = request.headers[values: HTTPField.Name("X-Forwarded-For")!]
                .flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            if forwarded.count >= trustedProxies { address = forwarded[forwarded.count - trustedProxies] }
        }
        return address
    }

    /// The key of an address: itself, or for IPv6 its first four groups (the /64).
    static func key(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var groups = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), groups.count < 8 {
            // Expand "::" so that the first four groups are the first four of the address.
            let missing = 8 - groups.filter { !$0.isEmpty }.count
            groups =
                Array(groups[..<gap]).filter { !$0.isEmpty } + Array(repeating: "0", count: missing)
                + Array(groups[(gap + 1)...]).filter { !$0.isEmpty }
        }
        return groups.prefix(4).map { $0.lowercased() }.joined(separator: ":") + "::/64"
    }

}
