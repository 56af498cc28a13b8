import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/checklist-templates` and `/v1/checklist-versions`: the national GB 38600 template
/// every tenant reads, and the tenant's own templates, written as drafts and frozen by
/// publishing. Everyone in the tenant reads published versions; regulators write.
struct ChecklistRoutes {
    let checklists: ChecklistUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var title: String?
        var description: String?
        var standard: String?
        var items: [ChecklistItem]?
        var copyFromVersionID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case title, description, standard, items
            case copyFromVersionID = "copy_from_version_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["items[]": ChecklistItem.jsonKeys] }
    }

    struct DraftBody: StrictBody {
        var title: String?
        var items: [ChecklistItem]

        enum CodingKeys: String, CodingKey, CaseIterable { case title, items }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["items[]": ChecklistItem.jsonKeys] }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("checklist-templates", use: self.list)
        group.post("checklist-templates", use: self.create)
        group.get("checklist-templates/:id", use: self.get)
        group.put("checklist-templates/:id/draft", use: self.saveDraft)
        group.post("checklist-templates/:id/publish", use: self.publish)
        group.get("checklist-versions/:id", use: self.version)
        group.put("checklist-versions/:id", use: self.editVersion)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.checklists.listTemplates(context.caller, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "checklist template")
        return try JSONResponse.make(try await self.checklists.template(context.caller, id: id))
    }

    @Sendable func version(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "checklist version")
        return try JSONResponse.make(try await self.checklists.version(context.caller, id: id))
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let input = ChecklistUseCases.NewTemplate(
            title: body.title,
            description: body.description,
            standard: body.standard,
            items: body.items,
            copyFromVersionID: body.copyFromVersionID
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let template = try await self.checklists.create(context.caller, input)
            return Idempotency.Created(
                location: "/v1/checklist-templates/\(template.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(template)
            )
        }
    }

    @Sendable func saveDraft(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "checklist template")
        return try JSONResponse.make(try await self.checklists.saveDraft(context.caller, templateID: id, title: body.title, items: body.items))
    }

    @Sendable func editVersion(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "checklist version")
        return try JSONResponse.make(try await self.checklists.editVersion(context.caller, id: id, title: body.title, items: body.items))
    }

    @Sendable func publish(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "checklist template")
        return try JSONResponse.make(try await self.checklists.publish(context.caller, templateID: id))
    }
}
