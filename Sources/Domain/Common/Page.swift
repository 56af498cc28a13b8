import Foundation

/// One page of a list, in id order (ids are time-ordered).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The last id of this page when there may be more.
    public var nextAfter: UUID?

    public init(items: [Item], nextAfter: UUID?) {
        self.items = items
        self.nextAfter = nextAfter
    }

    /// A page from a query that asked for `limit + 1` rows: the extra row only says
    /// that there is more.
    public init(overfetched items: [Item], limit: Int, id: (Item) -> UUID) {
        self.items = Array(items.prefix(limit))
        self.nextAfter = items.count > limit ? self.items.last.map(id) : nil
    }
}
