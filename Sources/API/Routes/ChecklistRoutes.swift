import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/checklist-templates` and `/v1/checklist-versions`: the national GB 38600 template
/// every tenant reads, and the tenant's own templates, written as drafts and frozen by
/// publishing. Everyone in the tenant reads published versions; regulators write.
struct ChecklistRoutes {
    let store = ChecklistStore()
    let idempotency = Idempotency()
    static let readers: Set<Role> = [.regulator, .inspector, .institution]

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

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
        static var nestedKeys: [String: Set<String>] { ["items[]": ChecklistItem.jsonKeys] }
    }

    struct DraftBody: StrictBody {
        var title: String?
        var items: [ChecklistItem]

        enum CodingKeys: String, CodingKey, CaseIterable { case title, items }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
        static var nestedKeys: [String: Set<String>] { ["items[]": ChecklistItem.jsonKeys] }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("checklist-templates", use: self.list)
        group.post("checklist-templates", use: self.create)
        group.get("checklist-templates/:id", use: self.get)
        group.put("checklist-templates/:id/draft", use: self.saveDraft)
        group.post("checklist-templates/:id/publish", use: self.publish)
        group.get("checklist-versions/:id", use: self.version)
        group.put("checklist-versions/:id", use: self.editVersion)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant(Self.readers)
        let page = try ListQuery(request)
        let result = try await self.store.listTemplates(transaction, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant(Self.readers)
        let id = try request.uuidParameter("id", context: context, what: "checklist template")
        guard let template = try await self.store.findTemplate(transaction, id: id) else {
            throw Problem.notFound("checklist template")
        }
        return try JSONResponse.make(template)
    }

    @Sendable func version(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant(Self.readers)
        let id = try request.uuidParameter("id", context: context, what: "checklist version")
        guard let version = try await self.store.findVersion(transaction.finishing(), id: id),
            version.state == .published || principal.role == .regulator
        else { throw Problem.notFound("checklist version") }
        return try JSONResponse.make(version)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        var validator = Validator()
        var title = body.title
        var standard = body.standard
        var items = body.items ?? []
        if let source = body.copyFromVersionID {
            validator.check(body.items == nil, "items", "must be absent when copying; edit the draft afterwards")
            guard let version = try await self.store.findVersion(transaction, id: source), version.state == .published else {
                throw Problem.invalid([FieldError("copy_from_version_id", "names no published checklist version")])
            }
            title = title ?? version.title
            standard = standard ?? version.standard
            items = version.items
        } else {
            validator.check(body.items != nil, "items", "is required unless copy_from_version_id is given")
        }
        validator.text(title, "title", max: 200)
        validator.text(body.description, "description", max: 2000, required: false)
        validator.text(standard, "standard", max: 100, required: false)
        ChecklistItem.validate(items, into: &validator)
        try validator.finish()
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let now = Date()
            let template = ChecklistTemplate(
                id: UUIDv7.make(),
                scope: .tenant,
                title: title ?? "",
                standard: standard,
                description: body.description ?? "",
                copiedFromVersionID: body.copyFromVersionID,
                createdAt: now
            )
            let draft = ChecklistVersion(
                id: UUIDv7.make(),
                templateID: template.id,
                scope: .tenant,
                version: 1,
                state: .draft,
                title: template.title,
                standard: standard,
                items: items,
                createdAt: now,
                publishedAt: nil
            )
            try await self.store.createTemplate(transaction, template, draft: draft, actor: AuditActor(principal))
            var created = template
            created.versions = [ChecklistVersionSummary(id: draft.id, version: 1, state: .draft, publishedAt: nil)]
            return Idempotency.Created(
                location: "/v1/checklist-templates/\(template.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(created)
            )
        }
    }

    /// The tenant's own template, or 404; a national one answers 409 (copy it instead).
    func ownTemplate(
        _ request: Request,
        context: AppRequestContext,
        _ transaction: TenantTransaction
    ) async throws
        -> ChecklistTemplate
    {
        let id = try request.uuidParameter("id", context: context, what: "checklist template")
        guard let template = try await self.store.findTemplate(transaction, id: id) else {
            throw Problem.notFound("checklist template")
        }
        guard template.scope == .tenant else {
            throw DomainError.conflict("national templates cannot be changed; copy one with copy_from_version_id")
        }
        return template
    }

    @Sendable func saveDraft(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        let template = try await self.ownTemplate(request, context: context, transaction)
        return try await self.write(body, templateID: template.id, title: template.title, principal, transaction)
    }

    /// Edits one version directly: a draft changes in place; a published (or national)
    /// version never changes (409); edit the template's draft instead.
    @Sendable func editVersion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "checklist version")
        guard let version = try await self.store.findVersion(transaction, id: id) else { throw Problem.notFound("checklist version") }
        guard version.scope == .tenant, version.state == .draft else {
            throw DomainError.conflict(
                "version \(version.version) is published and never changes; PUT /v1/checklist-templates/{id}/draft opens the next one"
            )
        }
        return try await self.write(body, templateID: version.templateID, title: version.title, principal, transaction)
    }

    /// Checks a draft body and writes it as the template's draft.
    func write(
        _ body: DraftBody,
        templateID: UUID,
        title: String,
        _ principal: Principal,
        _ transaction: TenantTransaction
    ) async throws -> Response {
        var validator = Validator()
        validator.text(body.title, "title", max: 200, required: false)
        ChecklistItem.validate(body.items, into: &validator)
        try validator.finish()
        let draft = try await self.store.saveDraft(
            transaction,
            templateID: templateID,
            title: body.title ?? title,
            items: body.items,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(draft)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let template = try await self.ownTemplate(request, context: context, transaction)
        guard let published = try await self.store.publish(transaction, templateID: template.id, actor: AuditActor(principal)) else {
            throw DomainError.conflict("the template has no draft to publish")
        }
        return try JSONResponse.make(published)
    }
}
