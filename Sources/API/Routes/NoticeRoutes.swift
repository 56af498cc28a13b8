import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/notices` and `/v1/document-policy`: rectification notices drafted, issued,
/// served (by the regulator, or confirmed by the institution), revisited and concluded;
/// the issued text as hashed; the tenant's numbering and authority.
struct NoticeRoutes {
    let notices: NoticeUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var institutionID: UUID
        var inspectionID: UUID?
        var hazardIDs: [UUID]?
        var caseID: UUID?
        var correctsID: UUID?
        var facts: String?
        var items: [RectificationNotice.Item]?
        var legalBasis: String?
        var deadlineDays: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case facts, items
            case institutionID = "institution_id"
            case inspectionID = "inspection_id"
            case hazardIDs = "hazard_ids"
            case caseID = "case_id"
            case correctsID = "corrects_id"
            case legalBasis = "legal_basis"
            case deadlineDays = "deadline_days"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["items[]": RectificationNotice.Item.jsonKeys] }
    }

    struct DraftBody: StrictBody {
        var facts: String
        var items: [RectificationNotice.Item]
        var legalBasis: String
        var deadlineDays: Int
        var version: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case facts, items, version
            case legalBasis = "legal_basis"
            case deadlineDays = "deadline_days"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["items[]": RectificationNotice.Item.jsonKeys] }
    }

    struct ServeBody: StrictBody {
        var channel: RectificationNotice.Service.Channel
        var receivedOn: String
        var receiver: String
        var receipt: Attachment?
        var postalNumber: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case channel, receiver, receipt
            case receivedOn = "received_on"
            case postalNumber = "postal_number"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["receipt": Attachment.jsonKeys] }
    }

    struct AcknowledgeBody: StrictBody {
        var receiver: String

        enum CodingKeys: String, CodingKey, CaseIterable { case receiver }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct RevisitBody: StrictBody {
        var inspectionID: UUID

        enum CodingKeys: String, CodingKey, CaseIterable { case inspectionID = "inspection_id" }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct ConcludeBody: StrictBody {
        var outcome: RectificationNotice.Outcome
        var note: String

        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, note }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    /// The issued text exactly as hashed.
    struct Canonical: Encodable {
        var sha256: String
        var canonical: String
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("notices", use: self.create)
        group.get("notices", use: self.list)
        group.get("notices/:id", use: self.get)
        group.put("notices/:id/draft", use: self.edit)
        group.delete("notices/:id", use: self.discard)
        group.post("notices/:id/issue", use: self.issue)
        group.post("notices/:id/serve", use: self.serve)
        group.post("notices/:id/acknowledge", use: self.acknowledge)
        group.post("notices/:id/revisit", use: self.revisit)
        group.post("notices/:id/conclude", use: self.conclude)
        group.get("notices/:id/steps", use: self.steps)
        group.get("notices/:id/canonical", use: self.canonical)
        group.get("document-policy", use: self.policy)
        group.put("document-policy", use: self.setPolicy)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let input = NoticeUseCases.NewNotice(
            institutionID: body.institutionID,
            inspectionID: body.inspectionID,
            hazardIDs: body.hazardIDs ?? [],
            caseID: body.caseID,
            correctsID: body.correctsID,
            facts: body.facts,
            items: body.items ?? [],
            legalBasis: body.legalBasis,
            deadlineDays: body.deadlineDays
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let notice = try await self.notices.create(context.caller, input)
            return Idempotency.Created(location: "/v1/notices/\(notice.id.lowercasedString)", body: try JSONCoding.encoder.encode(notice))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let institutionID = filters.uuid("institution_id")
        let state = filters.value("state", as: RectificationNotice.State.self)
        try filters.check()
        let result = try await self.notices.list(context.caller, institutionID: institutionID, state: state, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.notices.read(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func edit(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        let draft = RectificationNotice.Draft(facts: body.facts, items: body.items, legalBasis: body.legalBasis, deadlineDays: body.deadlineDays)
        return try JSONResponse.make(try await self.notices.edit(context.caller, id: try Self.id(request, context), draft, version: body.version))
    }

    @Sendable func discard(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await self.notices.discard(context.caller, id: try Self.id(request, context))
        return Response(status: .noContent)
    }

    @Sendable func issue(_ request: Request, context: TenantRequestContext) async throws -> Response {
        _ = try await InspectionRoutes.EmptyBody.decodeOptional(from: request, context: context)
        return try JSONResponse.make(try await self.notices.issue(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func serve(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await ServeBody.decode(from: request, context: context)
        let service = RectificationNotice.Service(
            channel: body.channel,
            receivedOn: body.receivedOn,
            receiver: body.receiver,
            receipt: body.receipt,
            postalNumber: body.postalNumber,
            recordedAt: Date()
        )
        return try JSONResponse.make(try await self.notices.serve(context.caller, id: try Self.id(request, context), service))
    }

    @Sendable func acknowledge(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await AcknowledgeBody.decode(from: request, context: context)
        return try JSONResponse.make(try await self.notices.acknowledge(context.caller, id: try Self.id(request, context), receiver: body.receiver))
    }

    @Sendable func revisit(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await RevisitBody.decode(from: request, context: context)
        let id = try Self.id(request, context)
        return try JSONResponse.make(try await self.notices.linkRevisit(context.caller, id: id, inspectionID: body.inspectionID))
    }

    @Sendable func conclude(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await ConcludeBody.decode(from: request, context: context)
        let id = try Self.id(request, context)
        return try JSONResponse.make(try await self.notices.conclude(context.caller, id: id, outcome: body.outcome, note: body.note))
    }

    @Sendable func steps(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        return try JSONResponse.make(
            ListPage(items: try await self.notices.steps(context.caller, id: try Self.id(request, context)), nextCursor: nil)
        )
    }

    @Sendable func canonical(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let found = try await self.notices.canonical(context.caller, id: try Self.id(request, context))
        return try JSONResponse.make(Canonical(sha256: found.sha256, canonical: found.text))
    }

    @Sendable func policy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.notices.policy(context.caller))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (policy, _) = try await DocumentPolicy.decode(from: request, context: context)
        return try JSONResponse.make(try await self.notices.setPolicy(context.caller, policy))
    }

    static func id(_ request: Request, _ context: TenantRequestContext) throws -> UUID {
        try request.uuidParameter("id", context: context, what: "notice")
    }
}

extension DocumentPolicy: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}
