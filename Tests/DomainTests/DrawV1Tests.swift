import Domain
import Foundation
import Testing

@Suite("Draw odraw-v1")
struct DrawV1Tests {
    struct Vector: Decodable {
        struct Roster: Decodable {
            struct Target: Decodable {
                var id: String
                var weight: Int
            }
            struct Inspector: Decodable { var id: String }
            var algorithm: String
            var n: Int
            var k: Int
            var targets: [Target]
            var inspectors: [Inspector]
            var conflicts: [[String]]
        }
        struct Assignment: Decodable {
            var target: String
            var inspectors: [String]
        }
        var roster: Roster
        var rosterSHA256: String
        var seedCommitment: String
        var publicEntropy: String?
        var serverSeed: String
        var assignments: [Assignment]
        var firstTargetStreamValues: [String]

        enum CodingKeys: String, CodingKey {
            case roster, assignments
            case rosterSHA256 = "roster_sha256"
            case seedCommitment = "seed_commitment"
            case publicEntropy = "public_entropy"
            case serverSeed = "server_seed"
            case firstTargetStreamValues = "first_target_stream_values"
        }

        static func load() throws -> Vector {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/draw-v1-vector.json")
            return try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
        }

        var domainRoster: DrawV1.Roster {
            DrawV1.Roster(
                n: self.roster.n,
                k: self.roster.k,
                targets: self.roster.targets.map { DrawV1.Target(id: $0.id, weight: $0.weight) },
                inspectors: self.roster.inspectors.map(\.id),
                conflicts: self.roster.conflicts.map { (inspector: $0[0], target: $0[1]) }
            )
        }
    }

    @Test("reproduces the published test vector: roster hash, commitment, stream values and assignments")
    func vector() throws {
        let vector = try Vector.load()
        let roster = vector.domainRoster
        #expect(roster.sha256 == vector.rosterSHA256)
        let serverSeed = try #require(Hex.decode(vector.serverSeed))
        #expect(DrawV1.commitment(serverSeed: serverSeed) == vector.seedCommitment)
        let seed = DrawV1.seed(serverSeed: serverSeed, publicEntropy: vector.publicEntropy)
        var stream = DrawV1.Stream(seed: seed, label: "targets")
        #expect((0..<6).map { _ in String(stream.next()) } == vector.firstTargetStreamValues)
        let assignments = try DrawV1.select(roster, seed: seed)
        #expect(assignments == vector.assignments.map { DrawV1.Assignment(target: $0.target, inspectors: $0.inspectors) })
    }

    @Test("canonical JSON sorts keys by bytes and escapes like Python's json.dumps(ensure_ascii=False)")
    func canonical() {
        let value = CanonicalJSON.object([
            "b": .array([.integer(1), .null]), "a": .string("福彩 \"q\" \\ /\n\u{01}"), "B": .integer(-2),
        ])
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"B":-2,"a":"福彩 \"q\" \\ /\n\u0001","b":[1,null]}"#)
    }

    @Test("a tampered roster, seed or entropy changes the result; impossible draws fail clearly")
    func tamperingAndFailures() throws {
        let vector = try Vector.load()
        let roster = vector.domainRoster
        let serverSeed = try #require(Hex.decode(vector.serverSeed))
        let seed = DrawV1.seed(serverSeed: serverSeed, publicEntropy: vector.publicEntropy)
        let honest = try DrawV1.select(roster, seed: seed)
        #expect(try DrawV1.select(roster, seed: DrawV1.seed(serverSeed: serverSeed, publicEntropy: "other")) != honest)
        var heavier = vector.roster.targets.map { DrawV1.Target(id: $0.id, weight: $0.weight) }
        heavier[0].weight += 1
        let tampered = DrawV1.Roster(n: roster.n, k: roster.k, targets: heavier, inspectors: roster.inspectors, conflicts: [])
        #expect(tampered.sha256 != roster.sha256)
        // Every target is picked at most once; no inspector twice per target; no conflict assigned.
        #expect(Set(honest.map(\.target)).count == roster.n)
        let conflicts = Set(roster.conflicts.map { "\($0[0]) \($0[1])" })
        for assignment in honest {
            #expect(Set(assignment.inspectors).count == roster.k)
            #expect(assignment.inspectors.allSatisfy { !conflicts.contains("\($0) \(assignment.target)") })
        }
        let tooMany = DrawV1.Roster(n: 41, k: 2, targets: heavier, inspectors: roster.inspectors, conflicts: [])
        #expect(throws: DrawV1.Failure.sampleTooLarge(n: 41, targets: 40)) { try DrawV1.select(tooMany, seed: seed) }
        let target = heavier[0].id
        let blocked = DrawV1.Roster(
            n: 40,
            k: 2,
            targets: heavier,
            inspectors: ["a", "b"],
            conflicts: [(inspector: "a", target: target)]
        )
        #expect(throws: DrawV1.Failure.self) { try DrawV1.select(blocked, seed: seed) }
    }

    @Test("uniform has no modulo bias at the edge: values at or above the limit are rejected")
    func uniformBounds() {
        var stream = DrawV1.Stream(seed: Array(repeating: 7, count: 32), label: "x")
        for bound in [1, 2, 3, 7, 1000] as [UInt64] {
            for _ in 0..<200 { #expect(stream.uniform(bound) < bound) }
        }
        var one = DrawV1.Stream(seed: Array(repeating: 1, count: 32), label: "y")
        #expect(one.uniform(1) == 0)
    }
}
