import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/institutions`: the register. Regulators keep it; an institution reads its own
/// record and reports its own operating figures.
struct InstitutionRoutes {
    let institutions: InstitutionUseCases
    let idempotency = Idempotency()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("institutions", use: self.create)
        group.get("institutions", use: self.list)
        group.get("institutions/:id", use: self.get)
        group.patch("institutions/:id", use: self.update)
    }

    static func etag(_ institution: Institution) -> String { "\"\(institution.version)\"" }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (created, body) = try await InstitutionCreateBody.decode(from: request, context: context)
        return try await self.idempotency.run(request, body: body, caller: context.caller) {
            let institution = try await self.institutions.register(context.caller, created.fields)
            return Idempotency.Created(
                location: "/v1/institutions/\(institution.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(institution),
                headers: [.eTag: Self.etag(institution)]
            )
        }
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "institution")
        let institution = try await self.institutions.read(context.caller, id: id)
        return try JSONResponse.make(institution, headers: [.eTag: Self.etag(institution)])
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        let filter = try Self.filter(request)
        let result = try await self.institutions.list(context.caller, filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    static func filter(_ request: Request) throws -> InstitutionFilter {
        var filters = QueryFilters(request)
        var filter = InstitutionFilter()
        filter.district = filters.text("district")
        filter.nameContains = filters.text("q")
        filter.creditCode = filters.text("credit_code")?.uppercased()
        if let code = filter.creditCode, code.count > 18 { filters.errors.append(FieldError("credit_code", "must be at most 18 characters")) }
        if let text = filter.nameContains, text.count > 100 { filters.errors.append(FieldError("q", "must be at most 100 characters")) }
        filter.operatorType = filters.value("operator_type", as: Institution.OperatorType.self)
        filter.status = filters.value("status", as: Institution.Status.self)
        try filters.check()
        return filter
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "institution")
        let (fields, _) = try await InstitutionFields.decode(from: request, context: context)
        let expected = try ExpectedVersion(request, bodyVersion: fields.version)
        let updated = try await self.institutions.update(context.caller, id: id, fields, expected: expected)
        return try JSONResponse.make(updated, headers: [.eTag: Self.etag(updated)])
    }
}
