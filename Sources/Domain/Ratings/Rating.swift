import Foundation

/// A star-rating assessment of one institution. A draft holds the scores and what the
/// scheme makes of them; publishing makes it the current rating for `validity_years`.
public struct Rating: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, published, suspended, expired, superseded
    }

    public var id: UUID
    public var institutionID: UUID
    public var scheme: RatingScheme
    public var scores: [String: Int]
    public var total: Int
    /// What the scores reach under the thresholds.
    public var computedLevel: Int?
    /// What the institution may receive, after the first-rating and upgrade rules.
    public var level: Int?
    /// Why each level above `computed_level` was missed.
    public var missed: [String]
    /// Why `level` is below `computed_level`.
    public var capped: [String]
    /// Why the institution may not be rated now; a rating with refusals cannot be published.
    public var refusals: [String]
    /// `YYYY-MM-DD`.
    public var evaluatedOn: String
    public var operatingSince: String?
    public var lastSeriousIncident: String?
    public var state: State
    public var publishedAt: Date?
    public var validUntil: Date?
    public var suspendedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, scheme, scores, total, level, missed, capped, refusals, state, version
        case institutionID = "institution_id"
        case computedLevel = "computed_level"
        case evaluatedOn = "evaluated_on"
        case operatingSince = "operating_since"
        case lastSeriousIncident = "last_serious_incident"
        case publishedAt = "published_at"
        case validUntil = "valid_until"
        case suspendedAt = "suspended_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Evaluates scores against a scheme and the institution's circumstances.
    public init(
        id: UUID,
        institutionID: UUID,
        scheme: RatingScheme,
        scores: [String: Int],
        evaluatedOn: String,
        operatingSince: String?,
        lastSeriousIncident: String?,
        circumstances: RatingCircumstances,
        now: Date
    ) {
        let outcome = RatingEvaluation.evaluate(scheme, scores: scores)
        let (level, capped) = scheme.prerequisites.cap(outcome.level, circumstances, now: now)
        self.id = id
        self.institutionID = institutionID
        self.scheme = scheme
        self.scores = scores
        self.total = outcome.total
        self.computedLevel = outcome.level
        self.level = level
        self.missed = outcome.missed
        self.capped = capped
        self.refusals = scheme.prerequisites.refusals(circumstances, now: now)
        self.evaluatedOn = evaluatedOn
        self.operatingSince = operatingSince
        self.lastSeriousIncident = lastSeriousIncident
        self.state = .draft
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }

    /// The published rating, valid for the scheme's years from `now`.
    public func published(at now: Date) -> Rating {
        var next = self
        next.state = .published
        next.publishedAt = now
        next.validUntil = Calendar(identifier: .gregorian).date(byAdding: .year, value: self.scheme.validityYears, to: now)
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Why this draft cannot be published, if it cannot.
    public var publicationBlockers: [String] {
        var blockers = self.refusals
        if self.level == nil { blockers.append("the scores reach no level: " + self.missed.joined(separator: "; ")) }
        return blockers
    }
}
