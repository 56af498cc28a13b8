import Foundation

/// Gathers calls made at about the same time into one batch, as a database gathers
/// commits ("group commit"): the first call starts a batch at once; calls that come while
/// batches run wait and go together in the next one. Under load a batch holds as many
/// calls as came during the previous one (at most `maxBatch`); alone, a call waits for
/// nothing. Up to `maxConcurrent` batches run at once.
///
/// Handlers stay one job per call (their outcomes, timeouts and retries are their own)
/// while the database sees one statement per batch instead of one per job.
public actor Batcher<Item: Sendable, Output: Sendable> {
    public typealias Flush = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private let flush: Flush
    private let maxBatch: Int
    private let maxConcurrent: Int
    private var waiting: [(item: Item, continuation: CheckedContinuation<Output, any Error>)] = []
    private var running = 0

    /// `flush` gets the items of one batch and returns one result per item, in order.
    public init(maxBatch: Int = 256, maxConcurrent: Int = 2, flush: @escaping Flush) {
        self.flush = flush
        self.maxBatch = max(1, maxBatch)
        self.maxConcurrent = max(1, maxConcurrent)
    }

    /// Runs `item` in the next batch and returns its result.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            self.waiting.append((item, continuation))
            if self.running < self.maxConcurrent {
                self.running += 1
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !self.waiting.isEmpty {
            let batch = Array(self.waiting.prefix(self.maxBatch))
            self.waiting.removeFirst(batch.count)
            let results = await self.flush(batch.map(\.item))
            for (index, entry) in batch.enumerated() {
                entry.continuation.resume(with: index < results.count ? results[index] : .failure(Incomplete()))
            }
        }
        self.running -= 1
    }

    struct Incomplete: Error, CustomStringConvertible {
        var description: String { "a batch returned fewer results than it had items" }
    }
}

/// Runs `body` once per tenant over the items of that tenant (a tenant's transaction
/// sees only its own rows), and returns one result per item, in the items' order;
/// `body` returns one output per item it was given, in order. When `body` throws for
/// several items, each is run again on its own, so that one bad item (a poison event)
/// fails only its own job; `body` must therefore leave nothing behind when it throws
/// (one transaction that rolls back).
public func perTenant<Item: Sendable, Output: Sendable>(
    _ items: [Item],
    tenant: (Item) -> UUID,
    _ body: (UUID, [Item]) async throws -> [Output]
) async -> [Result<Output, any Error>] {
    var indexes: [UUID: [Int]] = [:]
    var order: [UUID] = []
    for (index, item) in items.enumerated() {
        let id = tenant(item)
        if indexes[id] == nil { order.append(id) }
        indexes[id, default: []].append(index)
    }
    var results = [Result<Output, any Error>?](repeating: nil, count: items.count)
    for id in order {
        let group = indexes[id] ?? []
        do {
            let outputs = try await body(id, group.map { items[$0] })
            for (position, index) in group.enumerated() {
                results[index] = position < outputs.count ? .success(outputs[position]) : .failure(Batcher<Item, Output>.Incomplete())
            }
        } catch  where group.count > 1 {
            for index in group {
                do {
                    let output = try await body(id, [items[index]])
                    results[index] = output.first.map { .success($0) } ?? .failure(Batcher<Item, Output>.Incomplete())
                } catch {
                    results[index] = .failure(error)
                }
            }
        } catch {
            for index in group { results[index] = .failure(error) }
        }
    }
    return results.map { $0 ?? .failure(Batcher<Item, Output>.Incomplete()) }
}
