import Domain
import Foundation

/// Webhook delivery settings, from the environment:
/// - `OVERSIGHT_WEBHOOK_RETRY_SCHEDULE`: delays after each failed attempt, e.g.
///   `5s,5m,30m,2h,5h,10h,10h` (the default);
/// - `OVERSIGHT_WEBHOOK_DISABLE_AFTER`: failed deliveries in a row that disable a
///   subscription (default 50);
/// - `OVERSIGHT_WEBHOOKS_ALLOW_PRIVATE=1`: allow loopback and private targets
///   (development and tests only);
/// - `OVERSIGHT_WEBHOOK_CONNECTIONS`: requests at once per worker process (default 64).
public struct WebhookConfiguration: Sendable {
    public var policy = WebhookDeliveryPolicy()
    public var allowPrivateAddresses = false
    public var connections = 64

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        var configuration = Self()
        if let text = environment["OVERSIGHT_WEBHOOK_RETRY_SCHEDULE"], !text.isEmpty {
            guard let schedule = WebhookRetrySchedule(parsing: text) else {
                throw Invalid(description: "OVERSIGHT_WEBHOOK_RETRY_SCHEDULE must look like 5s,5m,30m,2h,5h,10h,10h")
            }
            configuration.policy.schedule = schedule
        }
        if let text = environment["OVERSIGHT_WEBHOOK_DISABLE_AFTER"], !text.isEmpty {
            guard let count = Int(text), count >= 1 else {
                throw Invalid(description: "OVERSIGHT_WEBHOOK_DISABLE_AFTER must be a positive integer")
            }
            configuration.policy.disableAfter = count
        }
        if let text = environment["OVERSIGHT_WEBHOOK_CONNECTIONS"], !text.isEmpty {
            guard let count = Int(text), (1...1024).contains(count) else {
                throw Invalid(description: "OVERSIGHT_WEBHOOK_CONNECTIONS must be 1 to 1024")
            }
            configuration.connections = count
        }
        configuration.allowPrivateAddresses = environment["OVERSIGHT_WEBHOOKS_ALLOW_PRIVATE"] == "1"
        return configuration
    }
}
