import Domain
import Foundation
import Hummingbird
import Storage

/// `/v1/institutions`: the register. Regulators keep it; an institution reads its own
/// record and reports its own operating figures.
struct InstitutionRoutes {
    let store = InstitutionStore()
    let idempotency = Idempotency()

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("institutions", use: self.create)
        group.get("institutions", use: self.list)
        group.get("institutions/:id", use: self.get)
        group.patch("institutions/:id", use: self.update)
    }

    static func etag(_ institution: Institution) -> String { "\"\(institution.version)\"" }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (fields, body) = try await InstitutionFields.decode(from: request, context: context)
        return try await self.idempotency.run(request, body: body, principal: principal, transaction: transaction) {
            let institution = try fields.makeInstitution(id: UUIDv7.make(), at: Date())
            try await self.store.create(transaction, institution, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/institutions/\(institution.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(institution),
                headers: [.eTag: Self.etag(institution)]
            )
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let id = try request.uuidParameter("id", context: context, what: "institution")
        guard principal.canRead(institution: id) else { throw Problem.notFound("institution") }
        guard let institution = try await self.store.find(transaction.finishing(), id: id) else { throw Problem.notFound("institution") }
        return try JSONResponse.make(institution, headers: [.eTag: Self.etag(institution)])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let page = try ListQuery(request)
        let filter = try Self.filter(request)
        let result: Page<Institution>
        if principal.role == .institution, let own = principal.subjectID {
            // An institution's view of the register is its own record.
            let mine = try await self.store.find(transaction.finishing(), id: own)
            result = Page(items: page.after == nil ? (mine.map { [$0] } ?? []) : [], nextAfter: nil)
        } else {
            result = try await self.store.list(transaction.finishing(), filter: filter, after: page.after, limit: page.limit)
        }
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    static func filter(_ request: Request) throws -> InstitutionFilter {
        var filters = QueryFilters(request)
        var filter = InstitutionFilter()
        filter.district = filters.text("district")
        filter.nameContains = filters.text("q")
        if let text = filter.nameContains, text.count > 100 { filters.errors.append(FieldError("q", "must be at most 100 characters")) }
        filter.operatorType = filters.value("operator_type", as: Institution.OperatorType.self)
        filter.status = filters.value("status", as: Institution.Status.self)
        try filters.check()
        return filter
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let id = try request.uuidParameter("id", context: context, what: "institution")
        guard principal.canRead(institution: id) else { throw Problem.notFound("institution") }
        let (fields, _) = try await InstitutionFields.decode(from: request, context: context)
        guard principal.canUpdate(institution: id, fields: fields.presentKeys) else {
            let identity = fields.presentKeys.subtracting(Institution.operatingFigureFields).sorted()
            throw Problem(
                .forbidden,
                "forbidden",
                "Forbidden",
                detail: "An institution may report only beds, nursing_beds, residents and staff.",
                errors: identity.map { FieldError($0, "may be changed only by the regulator") }
            )
        }
        let expected = try VersionPrecondition(request, bodyVersion: fields.version)
        guard let current = try await self.store.find(transaction, id: id, forUpdate: true) else {
            throw Problem.notFound("institution")
        }
        guard expected.matches(current.version) else { throw DomainError.stale(currentVersion: current.version) }
        let updated = try fields.apply(to: current, at: Date())
        try await self.store.update(transaction, from: current, to: updated, actor: AuditActor(principal))
        return try JSONResponse.make(updated, headers: [.eTag: Self.etag(updated)])
    }
}
