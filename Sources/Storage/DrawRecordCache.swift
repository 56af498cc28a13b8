import Domain
import Foundation

/// Drawn records by (tenant, draw), least recently used first out. A drawn record is
/// immutable (triggers freeze roster, names, seed and entropy at commit, and the
/// assignments once drawn), so a hit needs no query; decoding a large roster from JSON
/// was most of the cost of serving a draw. Keyed by tenant as well, and filled only from
/// a read under that tenant's row-level security, so a hit never crosses tenants.
/// Bounded by an estimate of the bytes held (the JSON, and about twice that decoded) and
/// by a number of entries.
public final class DrawRecordCache: Sendable {
    /// The bounds a serving process uses: 64 MiB, 256 records.
    public static func standard() -> DrawRecordCache { DrawRecordCache(byteBudget: 64 << 20, entryLimit: 256) }

    struct Key: Hashable, Sendable {
        var tenant: UUID
        var draw: UUID
    }

    let cache: BoundedCache<Key, PublishedDrawRecord>

    public init(byteBudget: Int, entryLimit: Int) {
        self.cache = BoundedCache(byteBudget: byteBudget, entryLimit: entryLimit) { $0.json.count * 3 }
    }

    public func published(tenant: UUID, draw: UUID) -> PublishedDrawRecord? {
        self.cache.value(for: Key(tenant: tenant, draw: draw))
    }

    public func keep(_ published: PublishedDrawRecord, tenant: UUID, draw: UUID) {
        self.cache.keep(published, for: Key(tenant: tenant, draw: draw))
    }

    public var count: Int { self.cache.count }
}
