import Foundation

/// When a failed job runs again: exponential backoff with jitter.
///
/// For attempt n (1 = the first run that failed), the delay is
/// `d = min(cap, base · 2^(n−1))`, then drawn uniformly from `[d/2, d]` ("equal jitter"),
/// so that jobs failing together do not retry together, yet never sooner than half the
/// nominal delay. Defaults: base 1 s, cap 1 h; so about 1 s, 2 s, 4 s, … up to an hour.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 1, cap: Double = 3600) {
        self.base = base
        self.cap = cap
    }

    /// The nominal delay before attempt `attempt + 1`, in seconds, before jitter.
    public func nominalDelay(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 62)))
        return min(self.cap, self.base * pow(2, exponent))
    }

    /// The delay, in seconds, for a jitter draw `unit` in `[0, 1]`: from nominal/2 to nominal.
    public func delay(afterAttempt attempt: Int, unit: Double) -> Double {
        let nominal = self.nominalDelay(afterAttempt: attempt)
        return nominal / 2 + min(1, max(0, unit)) * nominal / 2
    }

    /// The jittered delay, drawn uniformly.
    public func delay(afterAttempt attempt: Int) -> Double {
        self.delay(afterAttempt: attempt, unit: Double.random(in: 0...1))
    }
}
