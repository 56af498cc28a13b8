import Crypto
import Foundation

/// The verifiable draw `odraw-v1` (`spec/draw-v1.md`), as pure functions: the roster and
/// its hash, the seed commitment, the random streams and the selection. The service and
/// any independent verifier must agree byte for byte.
public enum DrawV1 {
    public static let algorithm = "odraw-v1"

    public struct Target: Sendable, Equatable {
        public var id: String
        public var weight: Int
        public init(id: String, weight: Int) {
            self.id = id
            self.weight = weight
        }
    }

    /// The frozen input of a draw. `init` puts everything in the spec's order.
    public struct Roster: Sendable, Equatable {
        public var n: Int
        public var k: Int
        public private(set) var targets: [Target]
        public private(set) var inspectors: [String]
        /// (inspector, target) pairs that must not be assigned.
        public private(set) var conflicts: [[String]]

        public init(n: Int, k: Int, targets: [Target], inspectors: [String], conflicts: [(inspector: String, target: String)]) {
            let precedes = CanonicalJSON.precedesInUTF8
            self.n = n
            self.k = k
            self.targets = targets.map { Target(id: $0.id.lowercased(), weight: $0.weight) }.sorted { precedes($0.id, $1.id) }
            self.inspectors = inspectors.map { $0.lowercased() }.sorted(by: precedes)
            let pairs = Set(conflicts.map { [$0.inspector.lowercased(), $0.target.lowercased()] })
            self.conflicts = pairs.sorted { precedes($0[0], $1[0]) || ($0[0] == $1[0] && precedes($0[1], $1[1])) }
        }

        public var canonicalJSON: CanonicalJSON {
            .object([
                "algorithm": .string(DrawV1.algorithm),
                "n": .integer(self.n),
                "k": .integer(self.k),
                "targets": .array(self.targets.map { .object(["id": .string($0.id), "weight": .integer($0.weight)]) }),
                "inspectors": .array(self.inspectors.map { .object(["id": .string($0)]) }),
                "conflicts": .array(self.conflicts.map { .array($0.map(CanonicalJSON.string)) }),
            ])
        }

        /// hex(SHA-256(canonical JSON)).
        public var sha256: String { Hex.encode(SHA256.hash(data: Data(self.canonicalJSON.bytes))) }
    }

    /// One selected target and its inspectors, in pick order.
    public struct Assignment: Sendable, Equatable {
        public var target: String
        public var inspectors: [String]
        public init(target: String, inspectors: [String]) {
            self.target = target
            self.inspectors = inspectors
        }
    }

    /// Why a draw cannot be completed; it stays committed.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case sampleTooLarge(n: Int, targets: Int)
        case tooFewInspectors(target: String, eligible: Int, needed: Int)
        case invalidRoster(String)

        public var description: String {
            switch self {
            case .sampleTooLarge(let n, let targets): "the sample of \(n) exceeds the \(targets) eligible targets"
            case .tooFewInspectors(let target, let eligible, let needed):
                "only \(eligible) eligible inspectors for target \(target), \(needed) needed"
            case .invalidRoster(let why): "invalid roster: \(why)"
            }
        }
    }

    /// hex(SHA-256(server_seed)).
    public static func commitment(serverSeed: [UInt8]) -> String { Hex.encode(SHA256.hash(data: Data(serverSeed))) }

    /// SHA-256(server_seed || UTF-8(public_entropy)).
    public static func seed(serverSeed: [UInt8], publicEntropy: String?) -> [UInt8] {
        Array(SHA256.hash(data: Data(serverSeed + Array((publicEntropy ?? "").utf8))))
    }

    /// The stream labelled `label`: HMAC-SHA256(seed, "label:j") blocks, four big-endian
    /// UInt64 values each.
    public struct Stream: Sendable {
        let seed: [UInt8]
        let label: String
        var block = 0
        var buffer: [UInt64] = []

        public init(seed: [UInt8], label: String) {
            self.seed = seed
            self.label = label
        }

        public mutating func next() -> UInt64 {
            if self.buffer.isEmpty {
                let mac = Array(HMAC<SHA256>.authenticationCode(for: Data("\(self.label):\(self.block)".utf8), using: SymmetricKey(data: self.seed)))
                self.block += 1
                self.buffer = (0..<4).map { part in
                    mac[(part * 8)..<(part * 8 + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                }
            }
            return self.buffer.removeFirst()
        }

        /// Uniform in 0..<bound without modulo bias (rejection above the last full range).
        public mutating func uniform(_ bound: UInt64) -> UInt64 {
            precondition(bound >= 1)
            // limit = 2^64 − (2^64 mod bound); 2^64 mod bound == (0 &- bound) % bound.
            let remainder = (0 &- bound) % bound
            while true {
                let x = self.next()
                if remainder == 0 || x < 0 &- remainder { return x % bound }
            }
        }
    }

    /// Runs the selection on a roster with a seed: O((n + N) log N) for the targets with
    /// a Fenwick tree over the weights, and O(n · (I + k)) for the inspectors with ids
    /// mapped to indices. `selectNaive` is the spec's text written literally; both give
    /// the same assignments (a test checks it on random rosters).
    public static func select(_ roster: Roster, seed: [UInt8]) throws -> [Assignment] {
        try self.check(roster)
        var targetStream = Stream(seed: seed, label: "targets")
        var tree = FenwickTree(roster.targets.map { UInt64($0.weight) })
        var picked: [Int] = []
        picked.reserveCapacity(roster.n)
        for _ in 0..<roster.n {
            let index = tree.firstIndex(prefixSumExceeding: targetStream.uniform(tree.total))
            picked.append(index)
            tree.remove(at: index)
        }
        // Inspectors as indices in roster order; conflicts as sets per target index.
        let inspectorIndex = Dictionary(uniqueKeysWithValues: roster.inspectors.enumerated().map { ($1, $0) })
        let targetIndex = Dictionary(uniqueKeysWithValues: roster.targets.enumerated().map { ($1.id, $0) })
        var conflicted: [Int: Set<Int>] = [:]
        for pair in roster.conflicts {
            guard let inspector = inspectorIndex[pair[0]], let target = targetIndex[pair[1]] else { continue }
            conflicted[target, default: []].insert(inspector)
        }
        let cap = self.cap(roster)
        var load = [Int](repeating: 0, count: roster.inspectors.count)
        var eligible: [Int] = []
        eligible.reserveCapacity(roster.inspectors.count)
        return try picked.map { index in
            let target = roster.targets[index]
            let excluded = conflicted[index] ?? []
            eligible.removeAll(keepingCapacity: true)
            for inspector in 0..<roster.inspectors.count where load[inspector] < cap && !excluded.contains(inspector) {
                eligible.append(inspector)
            }
            guard eligible.count >= roster.k else {
                throw Failure.tooFewInspectors(target: target.id, eligible: eligible.count, needed: roster.k)
            }
            var stream = Stream(seed: seed, label: "inspectors:" + target.id)
            var chosen: [String] = []
            for _ in 0..<roster.k {
                let inspector = eligible.remove(at: Int(stream.uniform(UInt64(eligible.count))))
                load[inspector] += 1
                chosen.append(roster.inspectors[inspector])
            }
            return Assignment(target: target.id, inspectors: chosen)
        }
    }

    /// The selection exactly as the spec words it, O(n · N): the reference for tests and
    /// the benchmark's baseline.
    public static func selectNaive(_ roster: Roster, seed: [UInt8]) throws -> [Assignment] {
        try self.check(roster)
        var targetStream = Stream(seed: seed, label: "targets")
        var remaining = roster.targets
        var picked: [Target] = []
        for _ in 0..<roster.n {
            let total = remaining.reduce(0) { $0 + UInt64($1.weight) }
            let r = targetStream.uniform(total)
            var cumulative: UInt64 = 0
            let index = remaining.firstIndex { target in
                cumulative += UInt64(target.weight)
                return cumulative > r
            }!
            picked.append(remaining.remove(at: index))
        }
        let conflicts = Set(roster.conflicts.map { "\($0[0]) \($0[1])" })
        let cap = self.cap(roster)
        var load: [String: Int] = [:]
        return try picked.map { target in
            var eligible = roster.inspectors.filter { !conflicts.contains("\($0) \(target.id)") && load[$0, default: 0] < cap }
            guard eligible.count >= roster.k else {
                throw Failure.tooFewInspectors(target: target.id, eligible: eligible.count, needed: roster.k)
            }
            var stream = Stream(seed: seed, label: "inspectors:" + target.id)
            var chosen: [String] = []
            for _ in 0..<roster.k {
                chosen.append(eligible.remove(at: Int(stream.uniform(UInt64(eligible.count)))))
            }
            for inspector in chosen { load[inspector, default: 0] += 1 }
            return Assignment(target: target.id, inspectors: chosen)
        }
    }

    /// ceil(n × k / inspectors): the most assignments one inspector may get.
    static func cap(_ roster: Roster) -> Int {
        roster.inspectors.isEmpty ? 0 : (roster.n * roster.k + roster.inspectors.count - 1) / roster.inspectors.count
    }

    static func check(_ roster: Roster) throws {
        guard roster.k >= 1 else { throw Failure.invalidRoster("k must be at least 1") }
        guard roster.n >= 0, roster.n <= roster.targets.count else {
            throw Failure.sampleTooLarge(n: roster.n, targets: roster.targets.count)
        }
        guard roster.targets.allSatisfy({ $0.weight >= 1 }) else { throw Failure.invalidRoster("weights must be at least 1") }
        guard !roster.inspectors.isEmpty || roster.n == 0 else {
            throw Failure.tooFewInspectors(target: roster.targets.first?.id ?? "", eligible: 0, needed: roster.k)
        }
    }
}

/// Prefix sums of non-negative weights with point updates, both O(log N).
struct FenwickTree {
    var tree: [UInt64]
    var weights: [UInt64]
    private(set) var total: UInt64 = 0

    init(_ weights: [UInt64]) {
        self.weights = weights
        self.tree = [UInt64](repeating: 0, count: weights.count + 1)
        // Linear-time construction: each node passes its sum to its parent.
        for index in 1...max(weights.count, 1) where index <= weights.count {
            self.tree[index] &+= weights[index - 1]
            let parent = index + (index & -index)
            if parent <= weights.count { self.tree[parent] &+= self.tree[index] }
        }
        self.total = weights.reduce(0, +)
    }

    /// Sets the weight at `index` (0-based) to zero.
    mutating func remove(at index: Int) {
        let weight = self.weights[index]
        self.weights[index] = 0
        self.total -= weight
        var node = index + 1
        while node < self.tree.count {
            self.tree[node] -= weight
            node += node & -node
        }
    }

    /// The smallest 0-based index whose prefix sum (inclusive) exceeds `r`, for r < total:
    /// the target the spec's cumulative walk stops at (zero weights are never chosen).
    func firstIndex(prefixSumExceeding r: UInt64) -> Int {
        var position = 0
        var remaining = r
        var step = 1
        while step * 2 < self.tree.count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next < self.tree.count && self.tree[next] <= remaining {
                position = next
                remaining -= self.tree[next]
            }
            step /= 2
        }
        return position
    }
}
