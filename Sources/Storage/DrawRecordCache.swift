import Domain
import Foundation
import Synchronization

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
/// immutable, so a hit needs no query; decoding a large roster from JSON was most of
/// the cost of serving a draw. Keyed by tenant as well, and filled only from a read
/// under that tenant's row-level security, so a hit never crosses tenants. Bounded by
/// the number of roster targets held (about 150 bytes each), not by entries.
public final class DrawRecordCache: Sendable {
    public static let shared = DrawRecordCache(targetBudget: 200_000)

    struct Key: Hashable {
        var tenant: UUID
        var draw: UUID
    }

    struct Entry {
        var published: PublishedDrawRecord
        var used: UInt64
    }

    struct State {
        var entries: [Key: Entry] = [:]
        var targets = 0
        var clock: UInt64 = 0
    }

    let targetBudget: Int
    let state = Mutex(State())

    public init(targetBudget: Int) {
        self.targetBudget = targetBudget
    }

    public func published(tenant: UUID, draw: UUID) -> PublishedDrawRecord? {
        self.state.withLock { state in
            let key = Key(tenant: tenant, draw: draw)
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.entries[key] = entry
            return entry.published
        }
    }

    public func keep(_ published: PublishedDrawRecord, tenant: UUID, draw: UUID) {
        let size = published.record.roster.targets.count
        guard size <= self.targetBudget else { return }
        self.state.withLock { state in
            let key = Key(tenant: tenant, draw: draw)
            if let old = state.entries[key] { state.targets -= old.published.record.roster.targets.count }
            state.clock += 1
            state.entries[key] = Entry(published: published, used: state.clock)
            state.targets += size
            while state.targets > self.targetBudget,
                let oldest = state.entries.min(by: { $0.value.used < $1.value.used })
            {
                state.entries[oldest.key] = nil
                state.targets -= oldest.value.published.record.roster.targets.count
            }
        }
    }

    public var count: Int { self.state.withLock { $0.entries.count } }
}
