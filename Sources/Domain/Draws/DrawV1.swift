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

    /// Runs the selection on a roster with a seed.
    public static func select(_ roster: Roster, seed: [UInt8]) throws -> [Assignment] {
        guard roster.k >= 1 else { throw Failure.invalidRoster("k must be at least 1") }
        guard roster.n >= 0, roster.n <= roster.targets.count else {
            throw Failure.sampleTooLarge(n: roster.n, targets: roster.targets.count)
        }
        guard roster.targets.allSatisfy({ $0.weight >= 1 }) else { throw Failure.invalidRoster("weights must be at least 1") }
        guard !roster.inspectors.isEmpty || roster.n == 0 else {
            throw Failure.tooFewInspectors(target: roster.targets.first?.id ?? "", eligible: 0, needed: roster.k)
        }
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
        let cap = roster.inspectors.isEmpty ? 0 : (roster.n * roster.k + roster.inspectors.count - 1) / roster.inspectors.count
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
}
