import Domain
import Foundation

/// A draw's published record with its JSON, encoded once.
public struct PublishedDrawRecord: Sendable {
    public var record: DrawRecord
    public var json: Data

    public init(_ record: DrawRecord) throws {
        self.record = record
        self.json = try JSONCoding.encoder.encode(record)
    }
}

/// Drawn records by (tenant, draw), least recently used first out. A drawn record is
/// immutable (triggers freeze roster, names, seed and entropy at commit, and the
/// assignments once drawn), so a hit needs no query; decoding a large roster from JSON
/// was most of the cost of serving a draw. Keyed by tenant as well, and filled only from
/// a read under that tenant's row-level security, so a hit never crosses tenants.
/// Bounded by an estimate of the bytes held (the JSON, and about twice that decoded) and
/// by a number of entries.
public final class DrawRecordCache: @unchecked Sendable {
    // @unchecked Sendable: `state` is only touched under `lock`.
    public static let shared = DrawRecordCache(byteBudget: 64 << 20, entryLimit: 256)

    struct Key: Hashable {
        var tenant: UUID
        var draw: UUID
    }

    struct Entry {
        var published: PublishedDrawRecord
        var used: UInt64
        var cost: Int { Self.cost(of: self.published) }
        static func cost(of published: PublishedDrawRecord) -> Int { max(1, published.json.count * 3) }
    }

    let byteBudget: Int
    let entryLimit: Int
    let lock = NSLock()
    var entries: [Key: Entry] = [:]
    var bytes = 0
    var clock: UInt64 = 0

    public init(byteBudget: Int, entryLimit: Int) {
        self.byteBudget = byteBudget
        self.entryLimit = entryLimit
    }

    public func published(tenant: UUID, draw: UUID) -> PublishedDrawRecord? {
        self.lock.withLock {
            let key = Key(tenant: tenant, draw: draw)
            guard var entry = self.entries[key] else { return nil }
            self.clock += 1
            entry.used = self.clock
            self.entries[key] = entry
            return entry.published
        }
    }

    public func keep(_ published: PublishedDrawRecord, tenant: UUID, draw: UUID) {
        let cost = Entry.cost(of: published)
        guard cost <= self.byteBudget else { return }
        self.lock.withLock {
            let key = Key(tenant: tenant, draw: draw)
            if let old = self.entries[key] { self.bytes -= old.cost }
            self.clock += 1
            self.entries[key] = Entry(published: published, used: self.clock)
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
