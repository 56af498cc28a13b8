import Domain
import Foundation
import Testing

@Suite("Star ratings (GB/T 37276) and the blacklist life cycle")
struct RatingRulesTests {
    struct Case: Sendable, CustomStringConvertible {
        var scores: [Int]
        var level: Int?
        var description: String { "\(self.scores) → \(self.level.map(String.init) ?? "none")" }
    }

    static let keys = ["environment", "facilities", "operations", "services"]

    /// Sections are environment 120, facilities 130, operations 150, services 600.
    static let cases: [Case] = [
        Case(scores: [0, 0, 0, 0], level: nil),
        Case(scores: [48, 52, 60, 239], level: nil),  // services 39.8 % < 40 %
        Case(scores: [48, 52, 60, 240], level: 1),  // every section exactly 40 % (total 400 ≥ 360)
        Case(scores: [47, 52, 60, 300], level: nil),  // environment 39.2 % < 40 %
        Case(scores: [60, 65, 75, 300], level: 2),  // exactly 50 %
        Case(scores: [72, 78, 90, 360], level: 3),  // exactly 60 %
        Case(scores: [72, 78, 89, 600], level: 2),  // operations 59.3 %: the total alone does not lift it
        Case(scores: [96, 104, 120, 460], level: 3),  // 780 but services 76.7 % < 80 %
        Case(scores: [96, 104, 120, 480], level: 4),  // 800, exactly 80 %
        Case(scores: [108, 117, 136, 539], level: 4),  // exactly 900, services 89.8 % < 90 %
        Case(scores: [108, 117, 135, 540], level: 5),  // exactly 900, every section exactly 90 %
        Case(scores: [120, 130, 150, 600], level: 5),
    ]

    @Test("the level is the highest whose every condition holds", arguments: cases)
    func level(_ example: Case) {
        let scores = Dictionary(uniqueKeysWithValues: zip(Self.keys, example.scores))
        let outcome = RatingEvaluation.evaluate(.standard, scores: scores)
        #expect(outcome.level == example.level)
        #expect(outcome.total == example.scores.reduce(0, +))
    }

    @Test("a missed level says why, in numbers")
    func reasons() {
        let outcome = RatingEvaluation.evaluate(.standard, scores: ["environment": 120, "facilities": 130, "operations": 150, "services": 530])
        #expect(outcome.level == 4)
        #expect(outcome.missed == ["services 530/600 = 88.3 % < 90 % required for level 5"])
    }

    @Test("schemes: maxima sum to the total, thresholds strictly increase")
    func scheme() {
        var validator = Validator()
        RatingScheme.standard.validate(into: &validator)
        #expect(validator.errors.isEmpty)
        var broken = RatingScheme.standard
        broken.total = 999
        broken.levels[2].minTotal = broken.levels[1].minTotal
        broken.levels[4].minShare = 0.8
        var errors = Validator()
        broken.validate(into: &errors)
        #expect(errors.errors.map(\.field) == ["sections", "levels[2].min_total", "levels[4].min_share"])
        var scores = Validator()
        RatingEvaluation.validate(["environment": 121, "facilities": 1, "operations": 1, "extra": 3], scheme: .standard, into: &scores)
        #expect(scores.errors.map(\.field) == ["scores.extra", "scores.environment", "scores.services"])
    }

    @Test("prerequisites refuse with reasons, and cap first ratings and early upgrades")
    func prerequisites() {
        let now = RFC3339Text.date(from: "2026-11-23T00:00:00Z")!
        let day = 86_400.0
        let rules = RatingScheme.standard.prerequisites
        let clean = RatingCircumstances(
            blacklisted: false,
            operatingSince: now.addingTimeInterval(-800 * day),
            lastSeriousIncident: nil,
            previousLevel: nil,
            previousPublishedAt: nil
        )
        #expect(rules.refusals(clean, now: now).isEmpty)
        var bad = clean
        bad.blacklisted = true
        bad.operatingSince = now.addingTimeInterval(-200 * day)
        bad.lastSeriousIncident = now.addingTimeInterval(-400 * day)
        #expect(
            rules.refusals(bad, now: now) == [
                "the institution is listed on the credit blacklist",
                "a serious accident, abuse or falsification within the last 2 years",
                "operating for less than 1 year(s)",
            ]
        )
        #expect(rules.cap(5, clean, now: now).level == 3)
        #expect(rules.cap(3, clean, now: now).level == 3 && rules.cap(3, clean, now: now).reasons.isEmpty)
        var rated = clean
        rated.previousLevel = 3
        rated.previousPublishedAt = now.addingTimeInterval(-365 * day)
        #expect(rules.cap(5, rated, now: now).level == 3)
        rated.previousPublishedAt = now.addingTimeInterval(-800 * day)
        #expect(rules.cap(5, rated, now: now).level == 5)
        #expect(rules.cap(2, rated, now: now).level == 2)
    }

    @Test("blacklist: only the allowed steps, the objection window, early repair and expiry")
    func blacklist() throws {
        let t0 = RFC3339Text.date(from: "2026-01-01T00:00:00Z")!
        let day = 86_400.0
        let policy = BlacklistEntry.Policy()
        let proposed = BlacklistEntry(
            id: UUID(),
            institutionID: UUID(),
            reason: .unrectifiedFireHazard,
            facts: "f",
            legalBasis: "b",
            documents: [],
            proposedAt: t0
        )
        #expect(throws: BlacklistEntry.TransitionError.notAllowed(action: .remove, state: .proposed)) {
            try proposed.applying(.remove, at: t0, policy: policy)
        }
        #expect(throws: BlacklistEntry.TransitionError.notAllowed(action: .list, state: .proposed)) {
            try proposed.applying(.list, at: t0, policy: policy)
        }
        #expect(!proposed.isVisibleToInstitution)
        let notified = try proposed.applying(.notify, at: t0, policy: policy)
        #expect(notified.objectionDeadline == t0.addingTimeInterval(10 * day))
        #expect(notified.isVisibleToInstitution)
        #expect(throws: BlacklistEntry.TransitionError.objectionWindowOpen(until: t0.addingTimeInterval(10 * day))) {
            try notified.applying(.list, at: t0.addingTimeInterval(9 * day), policy: policy)
        }
        // Waiving opens the way at once; objecting after the window is refused.
        let waived = try notified.applying(.waive, at: t0.addingTimeInterval(day), policy: policy)
        #expect(try waived.applying(.list, at: t0.addingTimeInterval(2 * day), policy: policy).state == .listed)
        #expect(throws: BlacklistEntry.TransitionError.objectionWindowClosed) {
            try notified.applying(.object, at: t0.addingTimeInterval(11 * day), policy: policy, text: "late")
        }
        let listed = try notified.applying(.list, at: t0.addingTimeInterval(10 * day), policy: policy)
        #expect(listed.listedUntil == Calendar(identifier: .gregorian).date(byAdding: .year, value: 3, to: t0.addingTimeInterval(10 * day)))
        #expect(throws: BlacklistEntry.TransitionError.notAllowed(action: .withdraw, state: .listed)) {
            try listed.applying(.withdraw, at: t0.addingTimeInterval(11 * day), policy: policy)
        }
        #expect(throws: BlacklistEntry.TransitionError.self) {
            try listed.applying(.remove, at: t0.addingTimeInterval(365 * day), policy: policy, removal: .repaired)
        }
        #expect(throws: BlacklistEntry.TransitionError.self) {
            try listed.applying(.remove, at: t0.addingTimeInterval(365 * day), policy: policy, removal: .expired)
        }
        let repaired = try listed.applying(.remove, at: t0.addingTimeInterval(800 * day), policy: policy, removal: .repaired)
        #expect(repaired.state == .removed && repaired.removalKind == .repaired)
        #expect(try proposed.applying(.withdraw, at: t0, policy: policy).state == .withdrawn)
        #expect(try notified.applying(.withdraw, at: t0, policy: policy).state == .withdrawn)
    }
}

@Suite("Rating and blacklist settings refuse nonsense without trapping")
struct RatingSettingsTests {
    @Test("negative totals, maxima and years are field errors, not crashes")
    func negatives() {
        var scheme = RatingScheme.standard
        scheme.total = -5
        scheme.sections = [RatingScheme.Section(key: "a", name: "A", max: -5)]
        scheme.levels = [RatingScheme.Level(level: -1, minTotal: 10, minShare: -1)]
        var validator = Validator()
        scheme.validate(into: &validator)
        #expect(
            Set(validator.errors.map(\.field)) == [
                "sections[0].max", "levels[0].level", "levels[0].min_total", "levels[0].min_share", "prerequisites.first_rating_max_level",
            ]
        )
        var scores = Validator()
        RatingEvaluation.validate(["a": 1], scheme: scheme, into: &scores)
        #expect(scores.errors.map(\.field) == ["scores.a"])
        var policy = Validator()
        BlacklistEntry.Policy(objectionDays: 0, listingYears: -3, repairAfterYears: 1).validate(into: &policy)
        #expect(policy.errors.map(\.field) == ["objection_days", "listing_years", "repair_after_years"])
    }
}
