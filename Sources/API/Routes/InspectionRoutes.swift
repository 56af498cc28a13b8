import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/inspections` and `/v1/me/inspections`. Regulators create inspections ad hoc (the
/// draw creates them in bulk), review, return and publish them; assigned inspectors
/// record results and submit. Institutions see their own once published: inspections
/// are unannounced.
struct InspectionRoutes {
    let inspections: InspectionUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var institutionID: UUID
        var checklistTemplateVersionID: UUID?
        var scheduledOn: String
        var inspectorIDs: [UUID]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case institutionID = "institution_id"
            case checklistTemplateVersionID = "checklist_template_version_id"
            case scheduledOn = "scheduled_on"
            case inspectorIDs = "inspector_ids"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct ResultsBody: StrictBody {
        var results: [ItemResult]
        enum CodingKeys: String, CodingKey, CaseIterable { case results }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ItemResult.resultKeys }
    }

    /// Returning an inspection takes a reason.
    struct StepBody: OptionalStrictBody {
        var reason: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case reason }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    /// Review may name the items whose (non-fire) findings become hazards too.
    struct ReviewBody: OptionalStrictBody {
        var hazardsFor: [String]?
        enum CodingKeys: String, CodingKey, CaseIterable { case hazardsFor = "hazards_for" }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    /// The other steps take no fields.
    struct EmptyBody: OptionalStrictBody {
        static var allowedKeys: Set<String> { [] }
    }

    /// An inspection with its results and findings, as one object.
    struct Detail: Encodable {
        var inspection: Inspection
        var results: [ItemResult]
        var findings: [InspectionFinding]

        init(_ detail: InspectionDetail) {
            self.inspection = detail.inspection
            self.results = detail.results
            self.findings = detail.findings
        }

        func encode(to encoder: any Encoder) throws {
            try self.inspection.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(self.results, forKey: .results)
            try container.encode(self.findings, forKey: .findings)
        }

        enum Key: String, CodingKey { case results, findings }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("inspections", use: self.create)
        group.get("inspections", use: self.list)
        group.get("me/inspections", use: self.mine)
        group.get("inspections/:id", use: self.get)
        group.post("inspections/:id/results", use: self.recordResults)
        for action in InspectionAction.allCases {
            group.post("inspections/:id/\(action.rawValue)") { request, context in
                try await self.step(action, request, context: context)
            }
        }
    }

    static func etag(_ inspection: Inspection) -> String { "\"\(inspection.version)\"" }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let input = NewInspection(
            institutionID: body.institutionID,
            checklistTemplateVersionID: body.checklistTemplateVersionID,
            scheduledOn: body.scheduledOn,
            inspectorIDs: body.inspectorIDs
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let inspection = try await self.inspections.schedule(context.caller, input)
            return Idempotency.Created(
                location: "/v1/inspections/\(inspection.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(inspection),
                headers: [.eTag: Self.etag(inspection)]
            )
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        var filters = QueryFilters(request)
        var filter = InspectionFilter()
        filter.institutionID = filters.uuid("institution_id")
        filter.inspectorID = filters.uuid("inspector_id")
        filter.drawID = filters.uuid("draw_id")
        filter.state = filters.value("state", as: InspectionState.self)
        try filters.check()
        let page = try ListQuery(request)
        let result = try await self.inspections.list(context.caller, filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func mine(_ request: Request, context: TenantRequestContext) async throws -> Response {
        var filters = QueryFilters(request)
        let state = filters.value("state", as: InspectionState.self)
        try filters.check()
        let page = try ListQuery(request)
        let result = try await self.inspections.assigned(context.caller, state: state, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspection")
        let detail = try await self.inspections.read(context.caller, id: id)
        return try JSONResponse.make(Detail(detail), headers: [.eTag: Self.etag(detail.inspection)])
    }

    @Sendable func recordResults(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await ResultsBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "inspection")
        let detail = try await self.inspections.recordResults(context.caller, id: id, body.results)
        return try JSONResponse.make(Detail(detail), headers: [.eTag: Self.etag(detail.inspection)])
    }

    func step(_ action: InspectionAction, _ request: Request, context: TenantRequestContext) async throws -> Response {
        var reason: String?
        var hazardsFor: [String]?
        switch action {
        case .returnToInspector: reason = try await StepBody.decodeOptional(from: request, context: context).reason
        case .review: hazardsFor = try await ReviewBody.decodeOptional(from: request, context: context).hazardsFor
        default: _ = try await EmptyBody.decodeOptional(from: request, context: context)
        }
        let id = try request.uuidParameter("id", context: context, what: "inspection")
        let next = try await self.inspections.step(context.caller, action, id: id, reason: reason, hazardsFor: hazardsFor)
        return try JSONResponse.make(next, headers: [.eTag: Self.etag(next)])
    }
}
