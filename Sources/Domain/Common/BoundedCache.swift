import Foundation

/// An in-process cache of immutable values, least recently used first out, bounded by an
/// estimate of the bytes held and by a number of entries. Safe from any thread.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `entries`, `bytes` and `clock` are only touched under `lock`.
    struct Entry {
        var value: Value
        var cost: Int
        var used: UInt64
    }

    public let byteBudget: Int
    public let entryLimit: Int
    let cost: @Sendable (Value) -> Int
    let lock = NSLock()
    var entries: [Key: Entry] = [:]
    var bytes = 0
    var clock: UInt64 = 0

    /// `cost`: an estimate of the bytes a value holds.
    public init(byteBudget: Int, entryLimit: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.byteBudget = byteBudget
        self.entryLimit = entryLimit
        self.cost = cost
    }

    public func value(for key: Key) -> Value? {
        self.lock.withLock {
            guard var entry = self.entries[key] else { return nil }
            self.clock += 1
            entry.used = self.clock
            self.entries[key] = entry
            return entry.value
        }
    }

    public func keep(_ value: Value, for key: Key) {
        let cost = max(1, self.cost(value))
        guard cost <= self.byteBudget else { return }
        self.lock.withLock {
            if let old = self.entries[key] { self.bytes -= old.cost }
            self.clock += 1
            self.entries[key] = Entry(value: value, cost: cost, used: self.clock)
            self.bytes += cost
            // Eviction scans the entries (a few hundred at most), only when over a bound.
            while self.bytes > self.byteBudget || self.entries.count > self.entryLimit,
                let oldest = self.entries.min(by: { $0.value.used < $1.value.used })
            {
                self.entries[oldest.key] = nil
                self.bytes -= oldest.value.cost
            }
        }
    }

    public var count: Int { self.lock.withLock { self.entries.count } }
}
