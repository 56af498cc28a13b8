import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/hazards`: the hazard register. Regulators report hazards and judge
/// rectification; institutions self-report, see only their own, submit plans and
/// evidence and ask for more time; inspectors judge the hazards their inspections found.
struct HazardRoutes {
    let hazards: HazardUseCases
    let idempotency = Idempotency()

    struct ReportBody: StrictBody {
        var institutionID: UUID?
        var catalogueCode: String?
        var category: HazardCategory?
        var major: Bool?
        var fireRelated: Bool?
        var location: String
        var description: String
        var evidence: [Attachment]?
        var deadline: String?
        var responsiblePerson: String
        var campaignID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case category, major, location, description, evidence, deadline
            case institutionID = "institution_id"
            case catalogueCode = "catalogue_code"
            case fireRelated = "fire_related"
            case responsiblePerson = "responsible_person"
            case campaignID = "campaign_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["evidence[]": Attachment.jsonKeys] }
    }

    struct StepBody: OptionalStrictBody {
        var text: String?
        var evidence: [Attachment]?
        enum CodingKeys: String, CodingKey, CaseIterable { case text, evidence }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["evidence[]": Attachment.jsonKeys] }
    }

    struct ExtensionBody: StrictBody {
        var deadline: String
        var reason: String
        enum CodingKeys: String, CodingKey, CaseIterable { case deadline, reason }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct DecisionBody: StrictBody {
        var approve: Bool
        enum CodingKeys: String, CodingKey, CaseIterable { case approve }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("hazard-policy", use: self.policy)
        group.put("hazard-policy", use: self.setPolicy)
        group.get("hazard-catalogue", use: self.catalogue)
        group.post("hazard-catalogue", use: self.addCatalogueEntry)
        group.post("hazards", use: self.report)
        group.get("hazards", use: self.list)
        group.get("hazards/:id", use: self.get)
        group.get("hazards/:id/history", use: self.history)
        for action in Hazard.Action.allCases {
            group.post("hazards/:id/\(action.rawValue)") { request, context in try await self.step(action, request, context: context) }
        }
        group.post("hazards/:id/extensions", use: self.requestExtension)
        group.post("hazards/:id/extensions/decision", use: self.decideExtension)
    }

    @Sendable func policy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.hazards.policy(context.caller))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (policy, _) = try await HazardPolicy.decode(from: request, context: context)
        return try JSONResponse.make(try await self.hazards.setPolicy(context.caller, policy))
    }

    @Sendable func catalogue(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(ListPage(items: try await self.hazards.catalogue(context.caller), nextCursor: nil))
    }

    @Sendable func addCatalogueEntry(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (entry, _) = try await HazardCatalogueEntry.decode(from: request, context: context)
        return try JSONResponse.make(try await self.hazards.extendCatalogue(context.caller, entry), status: .created)
    }

    @Sendable func report(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await ReportBody.decode(from: request, context: context)
        let report = HazardUseCases.Report(
            institutionID: body.institutionID,
            catalogueCode: body.catalogueCode,
            category: body.category,
            major: body.major,
            fireRelated: body.fireRelated,
            location: body.location,
            description: body.description,
            evidence: body.evidence,
            deadline: body.deadline,
            responsiblePerson: body.responsiblePerson,
            campaignID: body.campaignID
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let hazard = try await self.hazards.report(context.caller, report)
            return Idempotency.Created(location: "/v1/hazards/\(hazard.id.lowercasedString)", body: try JSONCoding.encoder.encode(hazard))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        var filter = HazardFilter()
        filter.institutionID = filters.uuid("institution_id")
        filter.campaignID = filters.uuid("campaign_id")
        filter.state = filters.value("state", as: Hazard.State.self)
        filter.overdue = filters.bool("overdue")
        try filters.check()
        let result = try await self.hazards.list(context.caller, filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        return try JSONResponse.make(try await self.hazards.read(context.caller, id: id))
    }

    @Sendable func history(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        return try JSONResponse.make(ListPage(items: try await self.hazards.history(context.caller, id: id), nextCursor: nil))
    }

    func step(_ action: Hazard.Action, _ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        return try JSONResponse.make(try await self.hazards.step(context.caller, action, id: id, text: body.text, evidence: body.evidence))
    }

    @Sendable func requestExtension(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await ExtensionBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        let next = try await self.hazards.requestExtension(context.caller, id: id, deadline: body.deadline, reason: body.reason)
        return try JSONResponse.make(next, status: .created)
    }

    @Sendable func decideExtension(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DecisionBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        return try JSONResponse.make(try await self.hazards.decideExtension(context.caller, id: id, approve: body.approve))
    }
}

extension HazardCatalogueEntry: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}

extension HazardPolicy: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}
