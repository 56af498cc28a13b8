import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/draws`: a regulator plans a draw, commits it (the roster freezes and the seed
/// commitment is published), and executes it (the draw job creates the inspections and
/// reveals the seed). See `spec/draw-v1.md`.
struct DrawRoutes {
    let draws: DrawUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var name: String
        var purpose: String?
        var checklistTemplateVersionID: UUID?
        var targetScope: Draw.TargetScope?
        var inspectorScope: Draw.InspectorScope?
        var sample: Int?
        var ratio: Double?
        var inspectorsPerTarget: Int?
        var riskWeighted: Bool?
        var scheduledOn: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, purpose, sample, ratio
            case checklistTemplateVersionID = "checklist_template_version_id"
            case targetScope = "target_scope"
            case inspectorScope = "inspector_scope"
            case inspectorsPerTarget = "inspectors_per_target"
            case riskWeighted = "risk_weighted"
            case scheduledOn = "scheduled_on"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["target_scope": Draw.TargetScope.jsonKeys, "inspector_scope": Draw.InspectorScope.jsonKeys] }
    }

    struct ExecuteBody: OptionalStrictBody {
        var publicEntropy: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case publicEntropy = "public_entropy" }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("draws", use: self.create)
        group.get("draws", use: self.list)
        group.get("draws/:id", use: self.get)
        group.delete("draws/:id") { request, context in
            try await self.draws.discard(context.caller, id: try request.uuidParameter("id", context: context, what: "draw"))
            return Response(status: .noContent)
        }
        group.post("draws/:id/commit", use: self.commit)
        group.post("draws/:id/execute", use: self.execute)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let plan = DrawUseCases.Plan(
            name: body.name,
            purpose: body.purpose,
            checklistTemplateVersionID: body.checklistTemplateVersionID,
            targetScope: body.targetScope,
            inspectorScope: body.inspectorScope,
            sample: body.sample,
            ratio: body.ratio,
            inspectorsPerTarget: body.inspectorsPerTarget,
            riskWeighted: body.riskWeighted,
            scheduledOn: body.scheduledOn
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let draw = try await self.draws.plan(context.caller, plan)
            return Idempotency.Created(location: "/v1/draws/\(draw.id.lowercasedString)", body: try JSONCoding.encoder.encode(draw))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.draws.list(context.caller, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "draw")
        return try JSONResponse.make(try await self.draws.read(context.caller, id: id))
    }

    @Sendable func commit(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "draw")
        return try JSONResponse.make(try await self.draws.commit(context.caller, id: id))
    }

    @Sendable func execute(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await ExecuteBody.decodeOptional(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "draw")
        let requested = try await self.draws.execute(context.caller, id: id, publicEntropy: body.publicEntropy)
        return try JSONResponse.make(requested, status: .accepted)
    }
}
