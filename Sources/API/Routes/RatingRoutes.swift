import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/rating-scheme` and `/v1/ratings` (GB/T 37276): the tenant's scheme, assessments
/// computed from section scores, and publication. Institutions read their own ratings.
struct RatingRoutes {
    let store = RatingStore()
    let policies = PolicyStore()
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var institutionID: UUID
        var scores: [String: Int]
        var evaluatedOn: String?
        var operatingSince: String?
        var lastSeriousIncident: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case scores
            case institutionID = "institution_id"
            case evaluatedOn = "evaluated_on"
            case operatingSince = "operating_since"
            case lastSeriousIncident = "last_serious_incident"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("rating-scheme", use: self.scheme)
        group.put("rating-scheme", use: self.setScheme)
        group.post("ratings", use: self.create)
        group.get("ratings", use: self.list)
        group.get("ratings/:id", use: self.get)
        group.post("ratings/:id/publish", use: self.publish)
    }

    @Sendable func scheme(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        return try JSONResponse.make(try await self.policies.ratingScheme(transaction))
    }

    @Sendable func setScheme(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (scheme, _) = try await RatingScheme.decode(from: request, context: context)
        var validator = Validator()
        scheme.validate(into: &validator)
        try validator.finish()
        try await self.policies.setRatingScheme(transaction, scheme, actor: AuditActor(principal))
        return try JSONResponse.make(scheme)
    }

    /// Computes a draft: the level the scores reach, why higher ones were missed, what the
    /// prerequisites cap or refuse.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let scheme = try await self.policies.ratingScheme(transaction)
        var validator = Validator()
        RatingEvaluation.validate(body.scores, scheme: scheme, into: &validator)
        for (field, date) in [
            ("evaluated_on", body.evaluatedOn), ("operating_since", body.operatingSince), ("last_serious_incident", body.lastSeriousIncident),
        ] {
            if let date { validator.check(CalendarDate.isValid(date), field, "must be a date YYYY-MM-DD") }
        }
        try validator.finish()
        guard try await InstitutionStore().find(transaction, id: body.institutionID) != nil else {
            throw Problem.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let now = Date()
        let last = try await self.store.lastPublished(transaction, institutionID: body.institutionID)
        let circumstances = RatingCircumstances(
            blacklisted: try await BlacklistStore().isListed(transaction, institutionID: body.institutionID),
            operatingSince: body.operatingSince.flatMap(Self.date),
            lastSeriousIncident: body.lastSeriousIncident.flatMap(Self.date),
            previousLevel: last?.level,
            previousPublishedAt: last?.publishedAt
        )
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let rating = Rating(
                id: UUIDv7.make(),
                institutionID: body.institutionID,
                scheme: scheme,
                scores: body.scores,
                evaluatedOn: body.evaluatedOn ?? CalendarDate.string(from: now, in: nil),
                operatingSince: body.operatingSince,
                lastSeriousIncident: body.lastSeriousIncident,
                circumstances: circumstances,
                now: now
            )
            try await self.store.create(transaction, rating, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/ratings/\(rating.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(rating)
            )
        }
    }

    static func date(_ text: String) -> Date? { RFC3339Text.date(from: text + "T00:00:00Z") }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        var institutionID = filters.uuid("institution_id")
        let state = filters.value("state", as: Rating.State.self)
        try filters.check()
        if principal.role == .institution {
            guard institutionID == nil || institutionID == principal.subjectID else {
                return try JSONResponse.make(ListPage<Rating>(items: [], nextCursor: nil))
            }
            institutionID = principal.subjectID
        }
        let result = try await self.store.list(
            transaction.finishing(),
            institutionID: institutionID,
            state: state,
            after: page.after,
            limit: page.limit
        )
        let visible = principal.role == .institution ? result.items.filter { $0.state != .draft } : result.items
        return try JSONResponse.make(ListPage(items: visible, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let id = try request.uuidParameter("id", context: context, what: "rating")
        guard let rating = try await self.store.find(transaction.finishing(), id: id),
            principal.role == .regulator || (principal.subjectID == rating.institutionID && rating.state != .draft)
        else { throw Problem.notFound("rating") }
        return try JSONResponse.make(rating)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "rating")
        guard let rating = try await self.store.find(transaction, id: id, forUpdate: true) else { throw Problem.notFound("rating") }
        guard rating.state == .draft else { throw DomainError.conflict("the rating is already \(rating.state.rawValue)") }
        // Circumstances may have changed since the draft: a listing since then refuses it.
        var blockers = rating.publicationBlockers
        if try await BlacklistStore().isListed(transaction, institutionID: rating.institutionID),
            rating.scheme.prerequisites.notBlacklisted, !blockers.contains(where: { $0.contains("blacklist") })
        {
            blockers.append("the institution is listed on the credit blacklist")
        }
        guard blockers.isEmpty else {
            throw Problem(
                .conflict,
                "rating-refused",
                "The rating cannot be published",
                detail: blockers.joined(separator: "; "),
                errors: blockers.map { FieldError("prerequisites", $0) }
            )
        }
        let published = try await self.store.publish(transaction, rating, at: Date(), actor: AuditActor(principal))
        return try JSONResponse.make(published)
    }
}

extension RatingScheme: StrictBody {
    public static var allowedKeys: Set<String> { ["total", "sections", "levels", "prerequisites", "validity_years"] }
    public static var nestedKeys: [String: Set<String>] {
        ["sections[]": Section.jsonKeys, "levels[]": Level.jsonKeys, "prerequisites": Prerequisites.jsonKeys]
    }
}
