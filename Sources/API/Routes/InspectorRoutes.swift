import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/inspectors`: the inspector pool and declared conflicts, kept by the regulator.
/// An inspector reads its own record.
struct InspectorRoutes {
    let store = InspectorStore()
    let idempotency = Idempotency()

    struct Fields: StrictBody {
        var name: String?
        var certificateNumber: String?
        var districts: [String]?
        var active: Bool?
        var affiliations: [UUID]?
        var version: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, districts, active, affiliations, version
            case certificateNumber = "certificate_number"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }

        func apply(to inspector: Inspector) throws -> Inspector {
            var next = inspector
            next.name = self.name ?? next.name
            next.certificateNumber = self.certificateNumber ?? next.certificateNumber
            next.districts = self.districts ?? next.districts
            next.active = self.active ?? next.active
            next.affiliations = self.affiliations ?? next.affiliations
            var validator = Validator()
            next.validate(into: &validator)
            try validator.finish()
            return next
        }
    }

    struct ConflictBody: StrictBody {
        var institutionID: UUID
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case reason
            case institutionID = "institution_id"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("inspectors", use: self.create)
        group.get("inspectors", use: self.list)
        group.get("inspectors/:id", use: self.get)
        group.patch("inspectors/:id", use: self.update)
        group.post("inspectors/:id/conflicts", use: self.addConflict)
        group.get("inspectors/:id/conflicts", use: self.conflicts)
        group.delete("inspectors/:id/conflicts/:conflict", use: self.removeConflict)
    }

    static func etag(_ inspector: Inspector) -> String { "\"\(inspector.version)\"" }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (fields, data) = try await Fields.decode(from: request, context: context)
        var validator = Validator()
        validator.check(fields.name != nil, "name", "is required")
        validator.check(fields.certificateNumber != nil, "certificate_number", "is required")
        validator.check(fields.version == nil, "version", "is set by the service")
        try validator.finish()
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let now = Date()
            let blank = Inspector(
                id: UUIDv7.make(),
                name: "",
                certificateNumber: "",
                districts: [],
                active: true,
                affiliations: [],
                createdAt: now,
                updatedAt: now
            )
            let inspector = try fields.apply(to: blank)
            try await self.store.create(transaction, inspector, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/inspectors/\(inspector.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(inspector),
                headers: [.eTag: Self.etag(inspector)]
            )
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .inspector])
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        guard principal.role == .regulator || principal.subjectID == id else { throw Problem.notFound("inspector") }
        guard let inspector = try await self.store.find(transaction.finishing(), id: id) else { throw Problem.notFound("inspector") }
        return try JSONResponse.make(inspector, headers: [.eTag: Self.etag(inspector)])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let page = try ListQuery(request)
        let query = request.uri.queryParameters
        var active: Bool?
        if let text = query.get("active") {
            guard let value = Bool(text) else { throw Problem.invalid([FieldError("active", "must be true or false")]) }
            active = value
        }
        let district = query.get("district")
        if let district, district.count > 100 { throw Problem.invalid([FieldError("district", "must be at most 100 characters")]) }
        let result = try await self.store.list(
            transaction.finishing(),
            district: district,
            active: active,
            after: page.after,
            limit: page.limit
        )
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let (fields, _) = try await Fields.decode(from: request, context: context)
        let expected = try ExpectedVersion(request, bodyVersion: fields.version)
        guard let current = try await self.store.find(transaction, id: id, forUpdate: true) else {
            throw Problem.notFound("inspector")
        }
        guard expected.matches(current.version) else { throw DomainError.stale(currentVersion: current.version) }
        var next = try fields.apply(to: current)
        next.version = current.version + 1
        next.updatedAt = Date()
        try await self.store.update(transaction, from: current, to: next, actor: AuditActor(principal))
        return try JSONResponse.make(next, headers: [.eTag: Self.etag(next)])
    }

    @Sendable func addConflict(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let (body, _) = try await ConflictBody.decode(from: request, context: context)
        var validator = Validator()
        validator.text(body.reason, "reason", max: 1000)
        try validator.finish()
        guard try await self.store.find(transaction, id: id) != nil else { throw Problem.notFound("inspector") }
        let conflict = InspectorConflict(
            id: UUIDv7.make(),
            inspectorID: id,
            institutionID: body.institutionID,
            reason: body.reason,
            createdAt: Date()
        )
        try await self.store.addConflict(transaction, conflict, actor: AuditActor(principal))
        return try JSONResponse.make(
            conflict,
            status: .created,
            headers: [.location: "/v1/inspectors/\(id.lowercasedString)/conflicts/\(conflict.id.lowercasedString)"]
        )
    }

    @Sendable func conflicts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        guard try await self.store.find(transaction, id: id) != nil else { throw Problem.notFound("inspector") }
        let conflicts = try await self.store.conflicts(transaction.finishing(), inspectorID: id)
        return try JSONResponse.make(ListPage(items: conflicts, nextCursor: nil))
    }

    @Sendable func removeConflict(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "inspector")
        let conflictID = try request.uuidParameter("conflict", context: context, what: "conflict")
        guard try await self.store.removeConflict(transaction, inspectorID: id, id: conflictID, actor: AuditActor(principal)) else {
            throw Problem.notFound("conflict")
        }
        return Response(status: .noContent)
    }
}
