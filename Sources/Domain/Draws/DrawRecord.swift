import Crypto
import Foundation

/// A draw's published record (`spec/draw-v1.md`, "Published record"), as the public
/// endpoint serves it and `oversight verify-draw` reads it. `names` is for people; the
/// hash covers only the roster.
public struct DrawRecord: Sendable, Equatable, Codable {
    public struct RosterJSON: Sendable, Equatable, Codable {
        public struct Target: Sendable, Equatable, Codable {
            public var id: String
            public var weight: Int
        }
        public struct Inspector: Sendable, Equatable, Codable {
            public var id: String
        }
        public var algorithm: String
        public var n: Int
        public var k: Int
        public var targets: [Target]
        public var inspectors: [Inspector]
        public var conflicts: [[String]]

        public init(_ roster: DrawV1.Roster) {
            self.algorithm = DrawV1.algorithm
            self.n = roster.n
            self.k = roster.k
            self.targets = roster.targets.map { Target(id: $0.id, weight: $0.weight) }
            self.inspectors = roster.inspectors.map { Inspector(id: $0) }
            self.conflicts = roster.conflicts
        }

        /// The canonical JSON of the roster exactly as given (not re-sorted), so that a
        /// reordered roster hashes differently.
        public var canonicalJSON: CanonicalJSON {
            .object([
                "algorithm": .string(self.algorithm),
                "n": .integer(self.n),
                "k": .integer(self.k),
                "targets": .array(self.targets.map { .object(["id": .string($0.id), "weight": .integer($0.weight)]) }),
                "inspectors": .array(self.inspectors.map { .object(["id": .string($0.id)]) }),
                "conflicts": .array(self.conflicts.map { .array($0.map(CanonicalJSON.string)) }),
            ])
        }

        public var sha256: String { Hex.encode(SHA256.hash(data: Data(self.canonicalJSON.bytes))) }

        /// The roster in the spec's order; equal to `self` only when `self` is canonical.
        public var roster: DrawV1.Roster {
            DrawV1.Roster(
                n: self.n,
                k: self.k,
                targets: self.targets.map { DrawV1.Target(id: $0.id, weight: $0.weight) },
                inspectors: self.inspectors.map(\.id),
                conflicts: self.conflicts.compactMap { $0.count == 2 ? (inspector: $0[0], target: $0[1]) : nil }
            )
        }
    }

    public struct Assignment: Sendable, Equatable, Codable {
        public var target: String
        public var inspectors: [String]

        public init(target: String, inspectors: [String]) {
            self.target = target
            self.inspectors = inspectors
        }
    }

    public var algorithm: String
    public var roster: RosterJSON
    public var rosterSHA256: String
    public var seedCommitment: String
    public var publicEntropy: String?
    /// Hex; only once drawn.
    public var serverSeed: String?
    /// Only once drawn.
    public var assignments: [Assignment]?
    public var names: [String: String]?

    enum CodingKeys: String, CodingKey {
        case algorithm, roster, assignments, names
        case rosterSHA256 = "roster_sha256"
        case seedCommitment = "seed_commitment"
        case publicEntropy = "public_entropy"
        case serverSeed = "server_seed"
    }

    public init(
        roster: DrawV1.Roster,
        seedCommitment: String,
        publicEntropy: String?,
        serverSeed: String?,
        assignments: [DrawV1.Assignment]?,
        names: [String: String]?
    ) {
        self.algorithm = DrawV1.algorithm
        self.roster = RosterJSON(roster)
        self.rosterSHA256 = roster.sha256
        self.seedCommitment = seedCommitment
        self.publicEntropy = publicEntropy
        self.serverSeed = serverSeed
        self.assignments = assignments?.map { Assignment(target: $0.target, inspectors: $0.inspectors) }
        self.names = names
    }

    /// A record from its stored parts: the roster as hashed at commit, and its hash.
    public init(
        storedRoster roster: RosterJSON,
        rosterSHA256: String,
        seedCommitment: String,
        publicEntropy: String?,
        serverSeed: String?,
        assignments: [Assignment]?,
        names: [String: String]?
    ) {
        self.algorithm = DrawV1.algorithm
        self.roster = roster
        self.rosterSHA256 = rosterSHA256
        self.seedCommitment = seedCommitment
        self.publicEntropy = publicEntropy
        self.serverSeed = serverSeed
        self.assignments = assignments
        self.names = names
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.algorithm, forKey: .algorithm)
        try container.encode(self.roster, forKey: .roster)
        try container.encode(self.rosterSHA256, forKey: .rosterSHA256)
        try container.encode(self.seedCommitment, forKey: .seedCommitment)
        try container.encode(self.publicEntropy, forKey: .publicEntropy)
        try container.encode(self.serverSeed, forKey: .serverSeed)
        try container.encode(self.assignments, forKey: .assignments)
        try container.encodeIfPresent(self.names.map(SortedNames.init), forKey: .names)
    }
}

/// Names in id order, so that a record's bytes (and its ETag) never change by themselves.
struct SortedNames: Encodable {
    var names: [String: String]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (id, name) in self.names.sorted(by: { $0.key < $1.key }) { try container.encode(name, forKey: Key(stringValue: id)) }
    }
}

/// Re-derives a published record: the commitment, the roster hash, the roster's
/// canonical order, and the assignments. Pure; `oversight verify-draw` prints its answer.
public enum DrawVerifier {
    public enum Outcome: Sendable, Equatable {
        case verified
        /// The record is committed but not drawn: commitment and roster hash check out.
        case notYetDrawn
        /// The first difference found.
        case failed(String)
    }

    public static func verify(_ record: DrawRecord) -> Outcome {
        guard record.algorithm == DrawV1.algorithm, record.roster.algorithm == DrawV1.algorithm else {
            return .failed("algorithm is \(record.algorithm), expected \(DrawV1.algorithm)")
        }
        let hash = record.roster.sha256
        guard hash == record.rosterSHA256 else {
            return .failed("roster_sha256 is \(record.rosterSHA256) but the roster hashes to \(hash)")
        }
        let roster = record.roster.roster
        guard DrawRecord.RosterJSON(roster) == record.roster else {
            return .failed("the roster is not in canonical order (targets, inspectors and conflicts sorted by id)")
        }
        guard let seedHex = record.serverSeed else {
            return record.assignments == nil ? .notYetDrawn : .failed("assignments are published without server_seed")
        }
        guard let serverSeed = Hex.decode(seedHex), serverSeed.count == 32 else {
            return .failed("server_seed is not 32 bytes of hex")
        }
        let commitment = DrawV1.commitment(serverSeed: serverSeed)
        guard commitment == record.seedCommitment else {
            return .failed("SHA-256(server_seed) is \(commitment), but seed_commitment is \(record.seedCommitment)")
        }
        let expected: [DrawV1.Assignment]
        do {
            expected = try DrawV1.select(roster, seed: DrawV1.seed(serverSeed: serverSeed, publicEntropy: record.publicEntropy))
        } catch {
            return .failed("the draw cannot be rerun: \(error)")
        }
        let published = record.assignments ?? []
        for (index, assignment) in expected.enumerated() {
            guard index < published.count else { return .failed("assignment \(index) is missing: expected target \(assignment.target)") }
            let actual = published[index]
            if actual.target != assignment.target {
                return .failed("assignment \(index): target is \(actual.target), recomputed \(assignment.target)")
            }
            if actual.inspectors != assignment.inspectors {
                return .failed(
                    "assignment \(index) (target \(assignment.target)): inspectors are \(actual.inspectors.joined(separator: ", ")), recomputed \(assignment.inspectors.joined(separator: ", "))"
                )
            }
        }
        guard published.count == expected.count else {
            return .failed("\(published.count) assignments are published, \(expected.count) recomputed")
        }
        return .verified
    }
}
