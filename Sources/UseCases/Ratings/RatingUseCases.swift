import Domain
import Foundation
import Storage

/// Star ratings (GB/T 37276, `RatingAccess`): the tenant's scheme, drafts computed from
/// section scores, publication, and the daily expiry.
public struct RatingUseCases: Sendable {
    let store = RatingStore()
    let policies = PolicyStore()
    let institutions = InstitutionStore()
    let blacklist = BlacklistStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// An assessment as submitted: section scores and the dates the prerequisites need.
    public struct Assessment: Sendable {
        public var institutionID: UUID
        public var scores: [String: Int]
        public var evaluatedOn: String?
        public var operatingSince: String?
        public var lastSeriousIncident: String?

        public init(institutionID: UUID, scores: [String: Int], evaluatedOn: String?, operatingSince: String?, lastSeriousIncident: String?) {
            self.institutionID = institutionID
            self.scores = scores
            self.evaluatedOn = evaluatedOn
            self.operatingSince = operatingSince
            self.lastSeriousIncident = lastSeriousIncident
        }
    }

    public func scheme(_ caller: Caller) async throws -> RatingScheme {
        try caller.decide { RatingAccess.decide($0, .readScheme) }.require("resource")
        return try await self.policies.ratingScheme(caller.transaction)
    }

    public func setScheme(_ caller: Caller, _ scheme: RatingScheme) async throws -> RatingScheme {
        try caller.decide { RatingAccess.decide($0, .setScheme) }.require("resource")
        var validator = Validator()
        scheme.validate(into: &validator)
        try validator.finish()
        let before = try await self.policies.ratingScheme(caller.transaction)
        try await self.policies.setRatingScheme(caller.transaction, scheme)
        try await caller.audit("rating_scheme.updated", "tenant_policy", id: caller.tenantID, before: before, after: scheme)
        return scheme
    }

    /// Computes a draft: the level the scores reach, why higher ones were missed, what the
    /// prerequisites cap or refuse.
    public func assess(_ caller: Caller, _ assessment: Assessment) async throws -> Rating {
        try caller.decide { RatingAccess.decide($0, .assess) }.require("resource")
        let transaction = caller.transaction
        let scheme = try await self.policies.ratingScheme(transaction)
        var validator = Validator()
        RatingEvaluation.validate(assessment.scores, scheme: scheme, into: &validator)
        for (field, date) in [
            ("evaluated_on", assessment.evaluatedOn), ("operating_since", assessment.operatingSince),
            ("last_serious_incident", assessment.lastSeriousIncident),
        ] {
            if let date { validator.check(CalendarDate.isValid(date), field, "must be a date YYYY-MM-DD") }
        }
        try validator.finish()
        guard try await self.institutions.find(transaction, id: assessment.institutionID) != nil else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let now = self.time.now()
        let last = try await self.store.lastPublished(transaction, institutionID: assessment.institutionID)
        let circumstances = RatingCircumstances(
            blacklisted: try await self.blacklist.isListed(transaction, institutionID: assessment.institutionID),
            operatingSince: assessment.operatingSince.flatMap(Self.date),
            lastSeriousIncident: assessment.lastSeriousIncident.flatMap(Self.date),
            previousLevel: last?.level,
            previousPublishedAt: last?.publishedAt
        )
        let rating = Rating(
            id: UUIDv7.make(),
            institutionID: assessment.institutionID,
            scheme: scheme,
            scores: assessment.scores,
            evaluatedOn: assessment.evaluatedOn ?? CalendarDate.string(from: now, in: nil),
            operatingSince: assessment.operatingSince,
            lastSeriousIncident: assessment.lastSeriousIncident,
            circumstances: circumstances,
            now: now
        )
        try await self.store.write(transaction, rating, insert: true)
        try await caller.auditCreated("rating.created", "rating", id: rating.id, rating)
        return rating
    }

    static func date(_ text: String) -> Date? { RFC3339Text.date(from: text + "T00:00:00Z") }

    public func list(_ caller: Caller, institutionID: UUID?, state: Rating.State?, after: UUID?, limit: Int) async throws -> Page<Rating> {
        try caller.decide { RatingAccess.decide($0, .list) }.require("resource")
        let scope = caller.principal.map(RatingAccess.listScope) ?? .tenant
        guard let institutionID = scope.institutionFilter(asked: institutionID) else { return Page(items: [], nextAfter: nil) }
        var page = try await self.store.list(caller.finishing(), institutionID: institutionID, state: state, after: after, limit: limit)
        if let principal = caller.principal { page.items = page.items.filter { RatingAccess.decide(principal, .read($0)).isAllowed } }
        return page
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Rating {
        guard let rating = try await self.store.find(caller.finishing(), id: id) else { throw DomainError.notFound("rating") }
        try caller.decide { RatingAccess.decide($0, .read(rating)) }.require("rating")
        return rating
    }

    /// Publishes a draft unless a prerequisite refuses it; a listing since the draft was
    /// computed refuses it too.
    public func publish(_ caller: Caller, id: UUID) async throws -> Rating {
        try caller.decide { RatingAccess.decide($0, .publish) }.require("rating")
        let transaction = caller.transaction
        guard let rating = try await self.store.find(transaction, id: id, forUpdate: true) else { throw DomainError.notFound("rating") }
        guard rating.state == .draft else { throw DomainError.conflict("the rating is already \(rating.state.label)") }
        var blockers = rating.publicationBlockers
        if try await self.blacklist.isListed(transaction, institutionID: rating.institutionID),
            rating.scheme.prerequisites.notBlacklisted, !blockers.contains(where: { $0.contains("blacklist") })
        {
            blockers.append("the institution is listed on the credit blacklist")
        }
        if try await self.policies.penaltyPolicy(transaction).blockRating,
            try await PenaltyStore().isInPublication(
                transaction,
                institutionID: rating.institutionID,
                today: try await self.policies.today(transaction, at: self.time.now())
            )
        {
            blockers.append("a penalty decision against the institution is in publication")
        }
        guard blockers.isEmpty else {
            throw DomainError.refused(
                slug: "rating-refused",
                title: "The rating cannot be published",
                detail: "\(blockers.count) prerequisites of the rating are not met; see errors.",
                // The reasons are the rating's record (`refusals`, `missed`), kept as written.
                errors: blockers.map { FieldError("prerequisites", "\(verbatim: $0)") }
            )
        }
        let now = self.time.now()
        if let previous = try await self.store.current(transaction, institutionID: rating.institutionID) {
            try await Self.change(caller, previous, "rating.superseded", store: self.store) {
                $0.state = .superseded
                $0.updatedAt = now
            }
        }
        // Publication history is kept: the previous rating stays, superseded.
        let published = rating.published(at: now)
        try await self.store.write(transaction, published, insert: false)
        try await caller.audit("rating.published", "rating", id: published.id, before: rating, after: published)
        try await caller.emit("rating.published", Self.subjects(published), published)
        return published
    }

    /// Discards a draft (a refused one, say); a published rating and its history stay (409).
    public func discard(_ caller: Caller, id: UUID) async throws {
        try caller.decide { RatingAccess.decide($0, .discard) }.require("rating")
        guard let rating = try await self.store.find(caller.transaction, id: id, forUpdate: true) else { throw DomainError.notFound("rating") }
        guard rating.state == .draft, try await self.store.discardDraft(caller.transaction, id: id) else {
            throw DomainError.conflict("a \(rating.state.label) rating is kept; only a draft can be discarded")
        }
        try await caller.audit("rating.discarded", "rating", id: id, before: rating, after: Rating?.none)
    }

    /// The daily work: published ratings whose validity ended become expired.
    public func expire(_ caller: Caller) async throws -> Int {
        let now = self.time.now()
        let due = try await self.store.dueToExpire(caller.transaction, at: now)
        for rating in due {
            let expired = try await Self.change(caller, rating, "rating.expired", store: self.store) {
                $0.state = .expired
                $0.updatedAt = now
            }
            try await caller.emit("rating.expired", Self.subjects(expired), expired)
        }
        return due.count
    }

    /// A blacklist listing suspends the institution's current rating.
    static func suspendCurrent(_ caller: Caller, institutionID: UUID, at now: Date, store: RatingStore) async throws {
        guard let rating = try await store.current(caller.transaction, institutionID: institutionID), rating.state == .published else {
            return
        }
        try await Self.change(caller, rating, "rating.suspended", store: store) {
            $0.state = .suspended
            $0.suspendedAt = now
            $0.updatedAt = now
        }
    }

    /// Writes one change of a rating (a new version) with its audit row.
    @discardableResult
    static func change(
        _ caller: Caller,
        _ current: Rating,
        _ action: String,
        store: RatingStore,
        _ change: (inout Rating) -> Void
    ) async throws -> Rating {
        var next = current
        change(&next)
        next.version += 1
        try await store.write(caller.transaction, next, insert: false)
        try await caller.audit(action, "rating", id: next.id, before: current, after: next)
        return next
    }

    static func subjects(_ rating: Rating) -> EventSubjects {
        EventSubjects(institutionID: rating.institutionID, others: ["rating_id": rating.id])
    }
}
