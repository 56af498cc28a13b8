import Foundation

/// Computes a star level from section scores, as pure functions: the highest level whose
/// every condition holds, with the reason each higher level was missed.
public enum RatingEvaluation {
    public struct Outcome: Sendable, Equatable, Codable {
        /// `nil` when not even level 1 is reached.
        public var level: Int?
        public var total: Int
        /// Why each level above `level` was missed, lowest first.
        public var missed: [String]
    }

    public static func evaluate(_ scheme: RatingScheme, scores: [String: Int]) -> Outcome {
        let total = scheme.sections.reduce(0) { $0 + (scores[$1.key] ?? 0) }
        var level: Int? = nil
        var missed: [String] = []
        for threshold in scheme.levels {
            let reasons = self.reasons(scheme, scores: scores, total: total, threshold: threshold)
            if reasons.isEmpty {
                level = threshold.level
                missed = []
            } else {
                missed.append(contentsOf: reasons)
            }
        }
        // Only the reasons of levels above the one reached are of interest.
        if let level {
            missed = scheme.levels.filter { $0.level > level }.flatMap {
                self.reasons(scheme, scores: scores, total: total, threshold: $0)
            }
        }
        return Outcome(level: level, total: total, missed: missed)
    }

    static func reasons(_ scheme: RatingScheme, scores: [String: Int], total: Int, threshold: RatingScheme.Level) -> [String] {
        var reasons: [String] = []
        if total < threshold.minTotal {
            reasons.append("total \(total) < \(threshold.minTotal) required for level \(threshold.level)")
        }
        for section in scheme.sections {
            let score = scores[section.key] ?? 0
            // Integer comparison of score/max >= share, to avoid 0.9 × 600 rounding surprises.
            let required = threshold.minShare * Double(section.max)
            if Double(score) + 1e-9 < required {
                let percent = String(format: "%.1f", Double(score) * 100 / Double(section.max))
                let needed = String(format: "%g", threshold.minShare * 100)
                reasons.append("\(section.key) \(score)/\(section.max) = \(percent) % < \(needed) % required for level \(threshold.level)")
            }
        }
        return reasons
    }

    /// Scores must name the scheme's sections, each within 0…max.
    public static func validate(_ scores: [String: Int], scheme: RatingScheme, into validator: inout Validator) {
        let keys = Set(scheme.sections.map(\.key))
        for key in scores.keys.sorted() where !keys.contains(key) {
            validator.check(false, "scores.\(key)", "is not a section of the rating scheme")
        }
        for section in scheme.sections {
            guard let score = scores[section.key] else {
                validator.check(false, "scores.\(section.key)", "is required")
                continue
            }
            validator.check(score >= 0 && score <= section.max, "scores.\(section.key)", "must be within 0…\(section.max)")
        }
    }
}

/// The facts the prerequisites are checked against.
public struct RatingCircumstances: Sendable, Equatable {
    public var blacklisted: Bool
    public var operatingSince: Date?
    public var lastSeriousIncident: Date?
    /// The level and publication date of the current (or last) published rating.
    public var previousLevel: Int?
    public var previousPublishedAt: Date?

    public init(
        blacklisted: Bool,
        operatingSince: Date?,
        lastSeriousIncident: Date?,
        previousLevel: Int?,
        previousPublishedAt: Date?
    ) {
        self.blacklisted = blacklisted
        self.operatingSince = operatingSince
        self.lastSeriousIncident = lastSeriousIncident
        self.previousLevel = previousLevel
        self.previousPublishedAt = previousPublishedAt
    }
}

extension RatingScheme.Prerequisites {
    /// Why the institution may not be rated now at all; empty when it may.
    public func refusals(_ facts: RatingCircumstances, now: Date) -> [String] {
        var reasons: [String] = []
        if self.notBlacklisted && facts.blacklisted {
            reasons.append("the institution is listed on the credit blacklist")
        }
        if let incident = facts.lastSeriousIncident, incident > Self.years(-self.cleanRecordYears, from: now) {
            reasons.append("a serious accident, abuse or falsification within the last \(self.cleanRecordYears) years")
        }
        if let since = facts.operatingSince {
            if since > Self.years(-self.minOperatingYears, from: now) {
                reasons.append("operating for less than \(self.minOperatingYears) year(s)")
            }
        } else if self.minOperatingYears > 0 {
            reasons.append("operating_since is required to check \(self.minOperatingYears) year(s) of operation")
        }
        return reasons
    }

    /// The level the institution may receive for a computed `level`: at most
    /// `firstRatingMaxLevel` the first time, and no higher than before within
    /// `upgradeAfterYears` of the last rating. Returns the level and why it was lowered.
    public func cap(_ level: Int?, _ facts: RatingCircumstances, now: Date) -> (level: Int?, reasons: [String]) {
        guard var level else { return (nil, []) }
        var reasons: [String] = []
        if facts.previousLevel == nil, level > self.firstRatingMaxLevel {
            reasons.append("a first rating is at most level \(self.firstRatingMaxLevel) (computed \(level))")
            level = self.firstRatingMaxLevel
        }
        if let previous = facts.previousLevel, level > previous, let at = facts.previousPublishedAt,
            at > Self.years(-self.upgradeAfterYears, from: now)
        {
            reasons.append("an upgrade from level \(previous) needs \(self.upgradeAfterYears) years since the last rating (computed \(level))")
            level = previous
        }
        return (level, reasons)
    }

    static func years(_ years: Int, from date: Date) -> Date {
        Calendar(identifier: .gregorian).date(byAdding: .year, value: years, to: date) ?? date
    }
}
