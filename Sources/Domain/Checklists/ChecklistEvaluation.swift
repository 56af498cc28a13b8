/// GB 38600 checklist evaluation (issue 5, "Evaluation in Domain"), as pure functions.
///
/// An inspection is compliant when every mandatory item passes, or is "not applicable"
/// where the item allows it; a mandatory failure makes it non-compliant whatever the
/// score. The score is the weighted pass share over the items that apply. Both come with
/// a per-section breakdown, in the order sections first appear in the checklist.
public enum ChecklistEvaluation {
    public struct Item: Sendable, Equatable {
        public var code: String
        public var section: String
        public var mandatory: Bool
        /// Relative weight in the score, at least 0.
        public var weight: Double
        public var allowsNotApplicable: Bool

        public init(code: String, section: String, mandatory: Bool, weight: Double, allowsNotApplicable: Bool) {
            self.code = code
            self.section = section
            self.mandatory = mandatory
            self.weight = weight
            self.allowsNotApplicable = allowsNotApplicable
        }
    }

    public enum Result: String, Sendable, Codable, CaseIterable {
        case pass, fail
        case notApplicable = "not_applicable"
    }

    public struct Section: Sendable, Equatable {
        public var name: String
        public var compliant: Bool
        /// Weighted pass share of the section's applicable items, 0…1 (1 when none applies).
        public var score: Double
        public var failedCodes: [String]
    }

    public struct Outcome: Sendable, Equatable {
        public var compliant: Bool
        public var score: Double
        public var sections: [Section]
        /// Items with no result yet.
        public var missingCodes: [String]
        /// Mandatory items that failed, or were marked N/A where that is not allowed.
        public var failedMandatoryCodes: [String]
        /// Every item that counts as failed (including N/A where not allowed).
        public var failedCodes: [String]
    }

    /// Evaluates results (by item code) against a checklist's items.
    public static func evaluate(_ items: [Item], results: [String: Result]) -> Outcome {
        var sectionOrder: [String] = []
        var earned: [String: Double] = [:]
        var possible: [String: Double] = [:]
        var failedBySection: [String: [String]] = [:]
        var mandatoryBroken: Set<String> = []
        var missing: [String] = []
        var failed: [String] = []
        var failedMandatory: [String] = []
        for item in items {
            if earned[item.section] == nil {
                sectionOrder.append(item.section)
                earned[item.section] = 0
                possible[item.section] = 0
            }
            guard let result = results[item.code] else {
                missing.append(item.code)
                if item.mandatory { mandatoryBroken.insert(item.section) }
                possible[item.section, default: 0] += item.weight
                continue
            }
            let counted: Result = result == .notApplicable && !item.allowsNotApplicable ? .fail : result
            switch counted {
            case .pass:
                earned[item.section, default: 0] += item.weight
                possible[item.section, default: 0] += item.weight
            case .notApplicable:
                break
            case .fail:
                possible[item.section, default: 0] += item.weight
                failed.append(item.code)
                failedBySection[item.section, default: []].append(item.code)
                if item.mandatory {
                    failedMandatory.append(item.code)
                    mandatoryBroken.insert(item.section)
                }
            }
        }
        let sections = sectionOrder.map { name in
            Section(
                name: name,
                compliant: !mandatoryBroken.contains(name),
                score: Self.share(earned[name] ?? 0, of: possible[name] ?? 0),
                failedCodes: failedBySection[name] ?? []
            )
        }
        return Outcome(
            compliant: mandatoryBroken.isEmpty,
            score: Self.share(earned.values.reduce(0, +), of: possible.values.reduce(0, +)),
            sections: sections,
            missingCodes: missing,
            failedMandatoryCodes: failedMandatory,
            failedCodes: failed
        )
    }

    static func share(_ part: Double, of whole: Double) -> Double { whole > 0 ? part / whole : 1 }

    /// The item codes on which two result sets disagree (a self-assessment beside an
    /// inspection), in checklist order; an item answered in one set only counts as a
    /// disagreement.
    public static func disagreements(_ items: [Item], _ a: [String: Result], _ b: [String: Result]) -> [String] {
        items.map(\.code).filter { a[$0] != b[$0] }
    }
}
