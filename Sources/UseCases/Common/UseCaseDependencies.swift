import Domain
import Foundation
import Storage

/// The time, for every use case: the system clock in the service, a fixed instant in tests.
public struct TimeSource: Sendable {
    let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public func now() -> Date { self.read() }

    public static let system = TimeSource { Date() }
}

/// What the use cases need from the world besides a transaction, passed in once at start
/// (`APIDependencies`, the worker's catalogue): no globals.
public struct UseCaseDependencies: Sendable {
    public var database: Database
    /// Seals webhook secrets at rest, and opens them to sign.
    public var webhookSecrets: WebhookSecrets
    public var time: TimeSource
    public var random: RandomSource
    /// Drawn records, kept decoded and encoded once read (a drawn record never changes).
    public var drawRecords: DrawRecordCache
    /// scrypt's cost for new password hashes (`.testing` only in the test suite).
    public var passwordCost: PasswordHash.Cost = .standard
    /// Whether every migration is applied (readiness); `nil` when nobody checks.
    public var schemaIsCurrent: (@Sendable () async throws -> Bool)?

    public init(
        database: Database,
        webhookSecrets: WebhookSecrets = .clear,
        time: TimeSource = .system,
        random: RandomSource = .system,
        drawRecords: DrawRecordCache = .standard(),
        schemaIsCurrent: (@Sendable () async throws -> Bool)? = nil
    ) {
        self.schemaIsCurrent = schemaIsCurrent
        self.database = database
        self.webhookSecrets = webhookSecrets
        self.time = time
        self.random = random
        self.drawRecords = drawRecords
    }
}

/// Secret random bytes (a draw's server seed): the system's CSPRNG in the service.
public struct RandomSource: Sendable {
    let read: @Sendable (Int) -> [UInt8]

    public init(_ read: @escaping @Sendable (Int) -> [UInt8]) { self.read = read }

    public func bytes(_ count: Int) -> [UInt8] { self.read(count) }

    /// `SystemRandomNumberGenerator`: getrandom(2) on Linux.
    public static let system = RandomSource { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
