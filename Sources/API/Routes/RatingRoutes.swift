import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/rating-scheme` and `/v1/ratings` (GB/T 37276): the tenant's scheme, assessments
/// computed from section scores, and publication. Institutions read their own ratings.
struct RatingRoutes {
    let ratings: RatingUseCases
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

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("rating-scheme", use: self.scheme)
        group.put("rating-scheme", use: self.setScheme)
        group.post("ratings", use: self.create)
        group.get("ratings", use: self.list)
        group.get("ratings/:id", use: self.get)
        group.delete("ratings/:id") { request, context in
            try await self.ratings.discard(context.caller, id: try request.uuidParameter("id", context: context, what: "rating"))
            return Response(status: .noContent)
        }
        group.post("ratings/:id/publish", use: self.publish)
    }

    @Sendable func scheme(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.ratings.scheme(context.caller))
    }

    @Sendable func setScheme(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (scheme, _) = try await RatingScheme.decode(from: request, context: context)
        return try JSONResponse.make(try await self.ratings.setScheme(context.caller, scheme))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let assessment = RatingUseCases.Assessment(
            institutionID: body.institutionID,
            scores: body.scores,
            evaluatedOn: body.evaluatedOn,
            operatingSince: body.operatingSince,
            lastSeriousIncident: body.lastSeriousIncident
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let rating = try await self.ratings.assess(context.caller, assessment)
            return Idempotency.Created(location: "/v1/ratings/\(rating.id.lowercasedString)", body: try JSONCoding.encoder.encode(rating))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let institutionID = filters.uuid("institution_id")
        let state = filters.value("state", as: Rating.State.self)
        try filters.check()
        let result = try await self.ratings.list(context.caller, institutionID: institutionID, state: state, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "rating")
        return try JSONResponse.make(try await self.ratings.read(context.caller, id: id))
    }

    @Sendable func publish(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "rating")
        return try JSONResponse.make(try await self.ratings.publish(context.caller, id: id))
    }
}

extension RatingScheme: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
    public static var nestedKeys: [String: Set<String>] {
        ["sections[]": Section.jsonKeys, "levels[]": Level.jsonKeys, "prerequisites": Prerequisites.jsonKeys]
    }
}
