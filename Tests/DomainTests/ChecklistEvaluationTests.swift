import Domain
import Testing

@Suite("GB 38600 checklist evaluation")
struct ChecklistEvaluationTests {
    typealias Item = ChecklistEvaluation.Item
    let items = [
        Item(code: "B1", section: "基本要求", mandatory: true, weight: 2, allowsNotApplicable: false),
        Item(code: "B2", section: "基本要求", mandatory: false, weight: 1, allowsNotApplicable: true),
        Item(code: "P1", section: "服务防护", mandatory: true, weight: 3, allowsNotApplicable: true),
        Item(code: "P2", section: "服务防护", mandatory: false, weight: 1, allowsNotApplicable: false),
    ]

    @Test("all passing is compliant with score 1")
    func allPass() {
        let outcome = ChecklistEvaluation.evaluate(self.items, results: ["B1": .pass, "B2": .pass, "P1": .pass, "P2": .pass])
        #expect(outcome.compliant && outcome.score == 1)
        #expect(outcome.sections.map(\.name) == ["基本要求", "服务防护"])
        #expect(outcome.missingCodes.isEmpty && outcome.failedCodes.isEmpty)
    }

    @Test("a mandatory failure means non-compliant, however high the score")
    func mandatoryFailure() {
        let heavy = self.items + [Item(code: "M1", section: "管理要求", mandatory: false, weight: 100, allowsNotApplicable: false)]
        let outcome = ChecklistEvaluation.evaluate(heavy, results: ["B1": .fail, "B2": .pass, "P1": .pass, "P2": .pass, "M1": .pass])
        #expect(!outcome.compliant)
        #expect(outcome.score > 0.9)
        #expect(outcome.failedMandatoryCodes == ["B1"])
        #expect(outcome.sections.map(\.compliant) == [false, true, true])
    }

    @Test("an optional failure lowers the score but keeps compliance; N/A is left out of the score only where allowed")
    func optionalAndNotApplicable() {
        let outcome = ChecklistEvaluation.evaluate(self.items, results: ["B1": .pass, "B2": .notApplicable, "P1": .notApplicable, "P2": .fail])
        #expect(outcome.compliant)
        // Applicable: B1 (2, pass), P2 (1, fail): 2 / 3.
        #expect(outcome.score == 2.0 / 3.0)
        #expect(outcome.sections[1].score == 0)
        #expect(outcome.sections[1].failedCodes == ["P2"])
        // B1 does not allow N/A: it counts as a mandatory failure.
        let misuse = ChecklistEvaluation.evaluate(self.items, results: ["B1": .notApplicable, "B2": .pass, "P1": .pass, "P2": .pass])
        #expect(!misuse.compliant && misuse.failedMandatoryCodes == ["B1"])
    }

    @Test("missing results are listed and a missing mandatory item is not compliant")
    func missing() {
        let outcome = ChecklistEvaluation.evaluate(self.items, results: ["B2": .pass, "P2": .pass])
        #expect(outcome.missingCodes == ["B1", "P1"])
        #expect(!outcome.compliant)
    }

    @Test("the disagreement report lists differing and one-sided items in checklist order")
    func disagreements() {
        let selfAssessment: [String: ChecklistEvaluation.Result] = ["B1": .pass, "B2": .pass, "P1": .pass, "P2": .notApplicable]
        let inspection: [String: ChecklistEvaluation.Result] = ["B1": .pass, "B2": .fail, "P1": .pass]
        #expect(ChecklistEvaluation.disagreements(self.items, selfAssessment, inspection) == ["B2", "P2"])
        #expect(ChecklistEvaluation.disagreements(self.items, inspection, inspection).isEmpty)
    }
}
