import Foundation

/// What one delivery attempt came to (`spec/webhooks.md`).
public enum WebhookAttemptResult: Sendable, Equatable {
    /// A 2xx answer.
    case delivered
    /// 410 Gone: the receiver asks never to be called again.
    case gone
    /// Any other answer, a timeout or a connection error; `retryAfter` in seconds from a
    /// 429 or 503.
    case failed(retryAfter: Double?)

    /// Classifies an answer; `status` is `nil` when no answer came.
    public static func classify(status: Int?, retryAfter: Double?) -> Self {
        guard let status else { return .failed(retryAfter: nil) }
        switch status {
        case 200...299: return .delivered
        case 410: return .gone
        case 429, 503: return .failed(retryAfter: retryAfter)
        default: return .failed(retryAfter: nil)
        }
    }
}

/// A subscription's run of failures: since when every attempt failed, and how many
/// deliveries in a row ended failed. A success resets it.
public struct WebhookFailureStreak: Sendable, Equatable {
    public var failingSince: Date?
    public var failedDeliveries: Int

    public init(failingSince: Date? = nil, failedDeliveries: Int = 0) {
        self.failingSince = failingSince
        self.failedDeliveries = failedDeliveries
    }
}

/// What happens after an attempt: the delivery's next state, the subscription's streak,
/// and whether the subscription is disabled (and why).
public struct WebhookDecision: Sendable, Equatable {
    public enum Delivery: Sendable, Equatable {
        case delivered
        /// Try again after this many seconds.
        case retry(after: Double)
        case failed
    }

    public var delivery: Delivery
    public var streak: WebhookFailureStreak
    public var disableReason: String?
}

/// The rules of retrying and disabling. A subscription is disabled by a 410, or when a
/// delivery ends failed and either `disableAfter` deliveries in a row have failed or
/// every attempt has failed for `disableAfterSeconds` (5 days).
public struct WebhookDeliveryPolicy: Sendable, Equatable {
    public var schedule: WebhookRetrySchedule
    public var disableAfter: Int
    public var disableAfterSeconds: Double

    public init(schedule: WebhookRetrySchedule = .standard, disableAfter: Int = 50, disableAfterSeconds: Double = 5 * 86_400) {
        self.schedule = schedule
        self.disableAfter = disableAfter
        self.disableAfterSeconds = disableAfterSeconds
    }

    /// The decision after attempt `attempt` (from 1) ended in `result` at `now`;
    /// `unit` is the jitter draw in [0, 1].
    public func decide(
        _ result: WebhookAttemptResult,
        attempt: Int,
        streak: WebhookFailureStreak,
        now: Date,
        unit: Double
    ) -> WebhookDecision {
        switch result {
        case .delivered:
            return WebhookDecision(delivery: .delivered, streak: WebhookFailureStreak(), disableReason: nil)
        case .gone:
            var next = streak
            next.failingSince = streak.failingSince ?? now
            next.failedDeliveries += 1
            return WebhookDecision(delivery: .failed, streak: next, disableReason: "the receiver answered 410 Gone")
        case .failed(let retryAfter):
            var next = streak
            next.failingSince = streak.failingSince ?? now
            if let delay = self.schedule.delay(afterAttempt: attempt, retryAfter: retryAfter, unit: unit) {
                return WebhookDecision(delivery: .retry(after: delay), streak: next, disableReason: nil)
            }
            next.failedDeliveries += 1
            var reason: String?
            if next.failedDeliveries >= self.disableAfter {
                reason = "\(next.failedDeliveries) deliveries in a row failed"
            } else if let since = next.failingSince, now.timeIntervalSince(since) >= self.disableAfterSeconds {
                reason = "every delivery failed for \(Int(self.disableAfterSeconds / 86_400)) days"
            }
            return WebhookDecision(delivery: .failed, streak: next, disableReason: reason)
        }
    }
}
