import Foundation
import Testing
import Workers

@Suite("Batcher")
struct BatcherTests {
    /// Records the sizes of the batches it was given.
    actor Sizes {
        var sizes: [Int] = []
        func add(_ size: Int) { self.sizes.append(size) }
    }

    @Test("calls made at once share batches, and each gets its own result, failures included")
    func batchesAndResults() async throws {
        let sizes = Sizes()
        let batcher = Batcher<Int, Int>(maxBatch: 16, maxConcurrent: 1) { items in
            await sizes.add(items.count)
            try? await Task.sleep(for: .milliseconds(20))
            return items.map { $0 % 7 == 0 ? .failure(CancellationError()) : .success($0 * 2) }
        }
        let results = await withTaskGroup(of: (Int, Int?).self) { group in
            for item in 1...100 {
                group.addTask { (item, try? await batcher.submit(item)) }
            }
            var results: [Int: Int?] = [:]
            for await (item, result) in group { results[item] = result }
            return results
        }
        for item in 1...100 {
            #expect(results[item] == (item % 7 == 0 ? nil : item * 2))
        }
        let seen = await sizes.sizes
        #expect(seen.reduce(0, +) == 100)
        #expect(seen.allSatisfy { $0 <= 16 })
        #expect(seen.count < 100)
    }

    @Test("perTenant runs each tenant's items together and keeps the items' order")
    func perTenantGroups() async throws {
        let a = UUID()
        let b = UUID()
        let items: [(tenant: UUID, value: Int)] = [(a, 1), (b, 2), (a, 3), (b, 4), (a, 5)]
        struct Refused: Error {}
        let results = await perTenant(items, tenant: \.tenant) { tenant, group in
            #expect(group.allSatisfy { $0.tenant == tenant })
            if tenant == b { throw Refused() }
            return group.map { $0.value * 10 }
        }
        #expect(results.map { try? $0.get() } == [10, nil, 30, nil, 50])
    }

    @Test("perTenant: one bad item fails only itself, the rest of its tenant's batch goes through")
    func perTenantIsolatesFailures() async throws {
        let tenant = UUID()
        struct Poison: Error {}
        let items: [(tenant: UUID, value: Int)] = [1, 2, 3, 4].map { (tenant, $0) }
        let results = await perTenant(items, tenant: \.tenant) { _, group in
            if group.contains(where: { $0.value == 3 }) { throw Poison() }
            return group.map { $0.value * 10 }
        }
        #expect(results.map { try? $0.get() } == [10, 20, nil, 40])
    }
}
