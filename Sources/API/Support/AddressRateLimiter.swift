import Domain
import Foundation

/// Per-address rate limits of a public form, kept in this process's memory (each API
/// process limits on its own: with N processes behind a balancer an address gets at most
/// N times the limit, still bounded). At most `maxKeys` addresses are remembered; ended
/// windows are dropped first, then, if still full, the oldest.
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
            if self.windows.count >= self.maxKeys, let oldest = self.windows.min(by: { $0.value.start < $1.value.start })?.key {
                self.windows[oldest] = nil
            }
        }
        var window = self.windows[key] ?? RateWindow(limit: self.limit, seconds: self.seconds, at: now)
        let wait = window.take(at: now)
        self.windows[key] = window
        return wait
    }

    /// Gives back a take whose complaint was refused after all (an unknown institution).
    func giveBack(_ key: String) {
        self.windows[key]?.giveBack()
    }
}
