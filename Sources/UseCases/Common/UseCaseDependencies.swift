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
    public var time: TimeSource
    /// Drawn records, kept decoded and encoded once read (a drawn record never changes).
    public var drawRecords: DrawRecordCache

    public init(time: TimeSource = .system, drawRecords: DrawRecordCache = .standard()) {
        self.time = time
        self.drawRecords = drawRecords
    }
}
