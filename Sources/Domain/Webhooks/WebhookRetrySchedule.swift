import Foundation

/// When a failed webhook delivery is tried again (`spec/webhooks.md`): after the n-th
/// failed attempt, wait the n-th delay of the schedule, ±10 % jitter; when the schedule
/// is exhausted the delivery has failed. A `Retry-After` (on 429 or 503) lengthens the
/// wait to at least what the receiver asked, capped at a day so that a receiver cannot
/// park a delivery forever.
public struct WebhookRetrySchedule: Sendable, Equatable {
    /// Seconds to wait after failed attempt 1, 2, …
    public var delays: [Double]

    public static let standard = WebhookRetrySchedule(delays: [5, 300, 1800, 7200, 18_000, 36_000, 36_000])
    public static let retryAfterCap: Double = 86_400

    public init(delays: [Double]) {
        self.delays = delays
    }

    /// Parses `5s,5m,30m,2h,5h,10h,10h` (units s, m, h, d; `ms` for tests); `nil` when malformed.
    public init?(parsing text: String) {
        var delays: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
            guard let (suffix, factor) = units.first(where: { item.hasSuffix($0.0) }),
                let value = Double(item.dropLast(suffix.count)), value >= 0, value.isFinite
            else { return nil }
            delays.append(value * factor)
        }
        guard !delays.isEmpty else { return nil }
        self.delays = delays
    }

    /// Attempts a delivery gets in all: the first and one per delay.
    public var maxAttempts: Int { self.delays.count + 1 }

    /// The wait after failed attempt `attempt` (from 1), for a jitter draw `unit` in
    /// [0, 1] (0.5 is the nominal delay), or `nil` when no attempt is left.
    public func delay(afterAttempt attempt: Int, retryAfter: Double? = nil, unit: Double) -> Double? {
        guard attempt >= 1, attempt <= self.delays.count else { return nil }
        let nominal = self.delays[attempt - 1]
        let jittered = nominal * (0.9 + 0.2 * min(1, max(0, unit)))
        guard let retryAfter, retryAfter > 0 else { return jittered }
        return max(jittered, min(retryAfter, Self.retryAfterCap))
    }
}
