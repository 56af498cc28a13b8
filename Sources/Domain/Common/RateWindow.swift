import Foundation

/// A fixed-window rate limit for one key (an address): at most `limit` takes in each
/// window of `seconds`, the window starting at the first take after the last one ended.
public struct RateWindow: Sendable, Equatable {
    public let limit: Int
    public let seconds: Double
    public private(set) var start: Date
    public private(set) var count: Int

    public init(limit: Int, seconds: Double, at now: Date) {
        self.limit = limit
        self.seconds = seconds
        self.start = now
        self.count = 0
    }

    /// Counts one take at `now` and returns nil, or, when the window is full, the seconds
    /// until it ends (nothing counted).
    public mutating func take(at now: Date) -> Double? {
        if now.timeIntervalSince(self.start) >= self.seconds || now < self.start {
            self.start = now
            self.count = 0
        }
        guard self.count < self.limit else { return self.seconds - now.timeIntervalSince(self.start) }
        self.count += 1
        return nil
    }

    /// Gives back one take (one that turned out not to be taken after all).
    public mutating func giveBack() { self.count = max(0, self.count - 1) }

    /// Whether the window has ended by `now` (its entry can be dropped).
    public func hasEnded(at now: Date) -> Bool { now.timeIntervalSince(self.start) >= self.seconds }
}
