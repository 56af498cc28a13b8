import ArgumentParser
import Domain
import Foundation

/// `oversight draw-bench`: times `odraw-v1` selection on a synthetic roster (for
/// `bench/draw/run`), and the spec's literal O(n·N) walk on a smaller one.
struct DrawBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw-bench",
        abstract: "Time the draw selection on a synthetic roster.",
        shouldDisplay: false
    )

    @Option var targets = 100_000
    @Option var inspectors = 5_000
    @Option var n = 10_000
    @Option var k = 2
    @Option(help: "Targets of the naive comparison run (n scales with it).") var naiveTargets = 10_000

    static func roster(targets: Int, inspectors: Int, n: Int, k: Int) -> DrawV1.Roster {
        var generator = SystemRandomNumberGenerator()
        let targetIDs = (0..<targets).map { _ in UUID().uuidString.lowercased() }
        let inspectorIDs = (0..<inspectors).map { _ in UUID().uuidString.lowercased() }
        // About one conflict per ten targets.
        let conflicts = (0..<(targets / 10)).map { _ in
            (inspector: inspectorIDs.randomElement(using: &generator)!, target: targetIDs.randomElement(using: &generator)!)
        }
        return DrawV1.Roster(
            n: n,
            k: k,
            targets: targetIDs.map { DrawV1.Target(id: $0, weight: Int.random(in: 1...7, using: &generator)) },
            inspectors: inspectorIDs,
            conflicts: conflicts
        )
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func run() throws {
        let seed = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let large = Self.roster(targets: self.targets, inspectors: self.inspectors, n: self.n, k: self.k)
        var picked = 0
        let fast = try Self.time { picked = try DrawV1.select(large, seed: seed).count }
        let naiveN = max(1, self.n * self.naiveTargets / max(self.targets, 1))
        let small = Self.roster(targets: self.naiveTargets, inspectors: self.inspectors, n: naiveN, k: self.k)
        var fastSmall: [DrawV1.Assignment] = []
        var naiveSmall: [DrawV1.Assignment] = []
        let fastSmallTime = try Self.time { fastSmall = try DrawV1.select(small, seed: seed) }
        let naive = try Self.time { naiveSmall = try DrawV1.selectNaive(small, seed: seed) }
        print(
            String(
                format: "select  %7d targets %5d inspectors n=%d k=%d: %.3f s (%d assignments)",
                self.targets,
                self.inspectors,
                self.n,
                self.k,
                fast,
                picked
            )
        )
        print(
            String(format: "select  %7d targets %5d inspectors n=%d k=%d: %.3f s", self.naiveTargets, self.inspectors, naiveN, self.k, fastSmallTime)
        )
        print(
            String(
                format: "naive   %7d targets %5d inspectors n=%d k=%d: %.3f s (same assignments: %@)",
                self.naiveTargets,
                self.inspectors,
                naiveN,
                self.k,
                naive,
                fastSmall == naiveSmall ? "yes" : "NO"
            )
        )
        print(
            String(
                format: "draw: %.3f s for %d targets (target < 2 s); naive/fast at %d targets = %.1f",
                fast,
                self.targets,
                self.naiveTargets,
                naive / max(fastSmallTime, 1e-9)
            )
        )
    }
}
