import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/inspectors`: the inspector pool and declared conflicts, kept by the regulator.
/// An inspector reads its own record.
struct InspectorRoutes {
    let inspectors: InspectorUseCases
    let idempotency = Idempotency()

    struct ConflictBody: StrictBody {
        var institutionID: UUID
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case reason
            case institutionID = "institution_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("inspectors", use: self.create)
        group.get("inspectors", use: self.list)
        group.get("inspectors/:id", use: self.get)
        group.patch("inspectors/:id", use: self.update)
        group.post("inspectors/:id/conflicts", use: self.addConflict)
        group.get("inspectors/:id/conflicts", use: self.conflicts)
        group.delete("inspectors/:id/conflicts/:conflict", use: self.removeConflict)
    }

    static func etag(_ inspector: Inspector) -> String { "\"\(inspector.version)\"" }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (created, data) = try await InspectorCreateBody.decode(from: request, context: context)
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let inspector = try await self.inspectors.register(context.caller, created.fields)
            return Idempotency.Created(
                location: "/v1/inspectors/\(inspector.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(inspector),
                headers: [.eTag: Self.etag(inspector)]
            )
        }
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let inspector = try await self.inspectors.read(context.caller, id: id)
        return try JSONResponse.make(inspector, headers: [.eTag: Self.etag(inspector)])
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let active = filters.bool("active")
        let district = filters.text("district")
        if let district, district.count > 100 { filters.errors.append(FieldError("district", "must be at most 100 characters")) }
        try filters.check()
        let result = try await self.inspectors.list(context.caller, district: district, active: active, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func update(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let (fields, _) = try await InspectorFields.decode(from: request, context: context)
        let expected = try ExpectedVersion(request, bodyVersion: fields.version)
        let next = try await self.inspectors.update(context.caller, id: id, fields, expected: expected)
        return try JSONResponse.make(next, headers: [.eTag: Self.etag(next)])
    }

    @Sendable func addConflict(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let (body, _) = try await ConflictBody.decode(from: request, context: context)
        let conflict = try await self.inspectors.declareConflict(
            context.caller,
            inspectorID: id,
            institutionID: body.institutionID,
            reason: body.reason
        )
        return try JSONResponse.make(
            conflict,
            status: .created,
            headers: [.location: "/v1/inspectors/\(id.lowercasedString)/conflicts/\(conflict.id.lowercasedString)"]
        )
    }

    @Sendable func conflicts(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        return try JSONResponse.make(ListPage(items: try await self.inspectors.conflicts(context.caller, inspectorID: id), nextCursor: nil))
    }

    @Sendable func removeConflict(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let conflictID = try request.uuidParameter("conflict", context: context, what: "conflict")
        try await self.inspectors.removeConflict(context.caller, inspectorID: id, id: conflictID)
        return Response(status: .noContent)
    }
}

extension InspectorFields: StrictBody {
    public static var allowedKeys: Set<String> { keys(CodingKeys.self) }
}

/// A new inspector: its fields, with a name and a certificate number.
struct InspectorCreateBody: StrictBody {
    var fields: InspectorFields

    init(from decoder: any Decoder) throws { self.fields = try InspectorFields(from: decoder) }

    static var allowedKeys: Set<String> { InspectorFields.allowedKeys }
    static var requiredKeys: Set<String> { ["name", "certificate_number"] }
}
