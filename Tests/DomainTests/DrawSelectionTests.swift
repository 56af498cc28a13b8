import Crypto
import Domain
import Foundation
import Testing

/// SplitMix64: a small deterministic generator, so that random rosters are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Draw selection at scale, fairness, verification and the risk policy")
struct DrawSelectionTests {
    static func randomRoster(_ generator: inout SplitMix64) -> DrawV1.Roster {
        func id() -> String {
            UUID(
                uuid: (0..<16).reduce(into: [UInt8]()) { bytes, _ in bytes.append(UInt8.random(in: 0...255, using: &generator)) }
                    .withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) }
            ).uuidString.lowercased()
        }
        let targets = (0..<Int.random(in: 1...60, using: &generator)).map { _ in
            DrawV1.Target(id: id(), weight: Int.random(in: 1...6, using: &generator))
        }
        let inspectors = (0..<Int.random(in: 2...12, using: &generator)).map { _ in id() }
        let conflicts = (0..<Int.random(in: 0...15, using: &generator)).map { _ in
            (inspector: inspectors.randomElement(using: &generator)!, target: targets.randomElement(using: &generator)!.id)
        }
        return DrawV1.Roster(
            n: Int.random(in: 0...targets.count, using: &generator),
            k: Int.random(in: 1...2, using: &generator),
            targets: targets,
            inspectors: inspectors,
            conflicts: conflicts
        )
    }

    @Test("the Fenwick selection equals the spec's literal walk, and respects conflicts and the cap")
    func fastEqualsNaive() throws {
        var generator = SplitMix64(state: 38600)
        var compared = 0
        for round in 0..<300 {
            let roster = Self.randomRoster(&generator)
            let seed = Array(SHA256.hash(data: Data("round-\(round)".utf8)))
            let fast = Result { try DrawV1.select(roster, seed: seed) }
            let naive = Result { try DrawV1.selectNaive(roster, seed: seed) }
            switch (fast, naive) {
            case (.success(let a), .success(let b)):
                #expect(a == b)
                compared += 1
                let conflicts = Set(roster.conflicts.map { $0[0] + " " + $0[1] })
                let cap = (roster.n * roster.k + roster.inspectors.count - 1) / roster.inspectors.count
                var load: [String: Int] = [:]
                for assignment in a {
                    #expect(Set(assignment.inspectors).count == roster.k)
                    for inspector in assignment.inspectors {
                        #expect(!conflicts.contains(inspector + " " + assignment.target))
                        load[inspector, default: 0] += 1
                    }
                }
                #expect(load.values.allSatisfy { $0 <= cap })
                #expect(Set(a.map(\.target)).count == roster.n)
            case (.failure(let a as DrawV1.Failure), .failure(let b as DrawV1.Failure)):
                #expect(a == b)
            default:
                Issue.record("fast and naive disagree on round \(round): \(fast) vs \(naive)")
            }
        }
        #expect(compared > 200)
    }

    @Test("over 2,000 seeded draws each target is picked in proportion to its weight (chi-square, p = 0.001)")
    func fairness() throws {
        let weights = [1, 1, 2, 2, 3, 3, 4, 5, 6, 7]
        let targets = weights.enumerated().map { DrawV1.Target(id: String(format: "00000000-0000-4000-8000-%012d", $0.offset), weight: $0.element) }
        let roster = DrawV1.Roster(
            n: 1,
            k: 1,
            targets: targets,
            inspectors: ["00000000-0000-4000-8000-100000000000"],
            conflicts: []
        )
        var counts: [String: Int] = [:]
        let draws = 2_000
        for index in 0..<draws {
            let seed = Array(SHA256.hash(data: Data("fairness-\(index)".utf8)))
            let picked = try DrawV1.select(roster, seed: seed)
            counts[picked[0].target, default: 0] += 1
        }
        let total = Double(weights.reduce(0, +))
        let chiSquare = targets.reduce(0.0) { sum, target in
            let expected = Double(draws) * Double(target.weight) / total
            let observed = Double(counts[target.id] ?? 0)
            return sum + (observed - expected) * (observed - expected) / expected
        }
        // Critical value of chi-square with 9 degrees of freedom at p = 0.001.
        #expect(chiSquare < 27.877, "chi-square \(chiSquare), counts \(counts)")
        // And the test can fail: a roster with the heaviest target's weight misreported is rejected.
        let skewed = targets.reduce(0.0) { sum, target in
            let weight = target.weight == 7 ? 1 : target.weight
            let expected = Double(draws) * Double(weight) / Double(weights.reduce(0, +) - 6)
            let observed = Double(counts[target.id] ?? 0)
            return sum + (observed - expected) * (observed - expected) / expected
        }
        #expect(skewed > 27.877)
    }

    static func vectorRecord() throws -> DrawRecord {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/draw-v1-vector.json")
        return try JSONDecoder().decode(DrawRecord.self, from: Data(contentsOf: url))
    }

    @Test("the verifier accepts the published vector and names the first difference in a tampered one")
    func verifier() throws {
        let record = try Self.vectorRecord()
        #expect(DrawVerifier.verify(record) == .verified)

        var weight = record
        weight.roster.targets[3].weight += 1
        guard case .failed(let why) = DrawVerifier.verify(weight) else {
            Issue.record("changed weight verified")
            return
        }
        #expect(why.contains("roster_sha256"))

        var swapped = record
        let original = swapped.assignments![0].inspectors[0]
        swapped.assignments![0].inspectors[0] = record.roster.inspectors.map(\.id).first { !record.assignments![0].inspectors.contains($0) }!
        guard case .failed(let swap) = DrawVerifier.verify(swapped) else {
            Issue.record("swapped inspector verified")
            return
        }
        #expect(swap.contains("assignment 0") && swap.contains(original))

        var seed = record
        seed.serverSeed = String(repeating: "0", count: 64)
        guard case .failed(let wrong) = DrawVerifier.verify(seed) else {
            Issue.record("wrong seed verified")
            return
        }
        #expect(wrong.contains("seed_commitment"))

        var entropy = record
        entropy.publicEntropy = "something else"
        guard case .failed = DrawVerifier.verify(entropy) else {
            Issue.record("changed entropy verified")
            return
        }

        // Reordered, with a hash recomputed to match: still refused as not canonical.
        var reordered = record
        reordered.roster.targets.reverse()
        reordered.rosterSHA256 = reordered.roster.sha256
        guard case .failed(let order) = DrawVerifier.verify(reordered) else {
            Issue.record("reordered roster verified")
            return
        }
        #expect(order.contains("canonical"))

        var committed = record
        committed.serverSeed = nil
        committed.assignments = nil
        #expect(DrawVerifier.verify(committed) == .notYetDrawn)
    }

    @Test("risk weights follow the documented policy; ratios round up without floating-point surprises")
    func policy() {
        #expect(DrawRiskFactors().weight == 1)
        #expect(DrawRiskFactors(blacklisted: true, openMajorHazard: true, unratedOrLow: true, notInspectedLast12Months: true).weight == 7)
        #expect(DrawRiskFactors(notInspectedLast12Months: true).weight == 2)
        // Substantiated complaints count by the tenant's factor, at most three of them.
        #expect(DrawRiskFactors(substantiatedComplaints: 2, complaintFactor: 1).weight == 3)
        #expect(DrawRiskFactors(substantiatedComplaints: 7, complaintFactor: 2).weight == 7)
        #expect(DrawRiskFactors(substantiatedComplaints: 5, complaintFactor: 0).weight == 1)
        func draw(ratio: Double) -> Draw {
            Draw(
                id: UUID(),
                name: "d",
                purpose: "",
                checklistTemplateVersionID: UUID(),
                targetScope: .init(),
                inspectorScope: .init(),
                sample: nil,
                ratio: ratio,
                inspectorsPerTarget: 2,
                riskWeighted: false,
                scheduledOn: nil,
                createdAt: Date(),
                updatedAt: Date()
            )
        }
        #expect(draw(ratio: 0.1).sampleSize(eligible: 30) == 3)
        #expect(draw(ratio: 0.05).sampleSize(eligible: 41) == 3)
        #expect(draw(ratio: 1).sampleSize(eligible: 7) == 7)
        var validator = Validator()
        var both = draw(ratio: 0.5)
        both.sample = 3
        both.inspectorsPerTarget = 0
        both.validate(into: &validator)
        #expect(validator.errors.map(\.field) == ["sample", "inspectors_per_target"])

        // The preview before commit: the sample of today's counts, and why commit would refuse.
        let fine = draw(ratio: 0.1).preview(eligibleTargets: 30, eligibleInspectors: 4)
        #expect(fine.eligibleTargets == 30 && fine.eligibleInspectors == 4 && fine.sample == 3 && fine.problem == nil)
        #expect(draw(ratio: 0.1).preview(eligibleTargets: 0, eligibleInspectors: 4).problem == "no institution is eligible under the target scope")
        var fixed = draw(ratio: 0.1)
        fixed.ratio = nil
        fixed.sample = 5
        #expect(fixed.preview(eligibleTargets: 4, eligibleInspectors: 4).problem == "the sample of \(5) exceeds the \(4) eligible institutions")
        let fewInspectors = draw(ratio: 0.5).preview(eligibleTargets: 10, eligibleInspectors: 1)
        #expect(fewInspectors.sample == 5 && fewInspectors.problem == "too few inspectors: \(1) eligible, \(2) needed per target")
    }
}
