import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/penalties` and `/v1/penalty-policy`: penalty decisions drafted, notified to the
/// party, answered (statement, waiver, hearing asked for and held), decided, published
/// and repaired; the decided text as hashed.
struct PenaltyRoutes {
    let penalties: PenaltyUseCases
    let idempotency = Idempotency()

    struct DraftFields: Codable {
        var facts: String
        var evidence: [String]
        var legalBasis: String
        var violationKind: String
        var serious: Bool?
        var penalties: [PenaltyDecision.Penalty]
        var publicationMonths: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case facts, evidence, serious, penalties
            case legalBasis = "legal_basis"
            case violationKind = "violation_kind"
            case publicationMonths = "publication_months"
        }

        var draft: PenaltyDecision.Draft {
            PenaltyDecision.Draft(
                facts: self.facts,
                evidence: self.evidence,
                legalBasis: self.legalBasis,
                violationKind: self.violationKind,
                serious: self.serious ?? false,
                penalties: self.penalties,
                publicationMonths: self.publicationMonths
            )
        }
    }

    struct CreateBody: StrictBody {
        var institutionID: UUID
        var caseID: UUID?
        var noticeIDs: [UUID]?
        var correctsID: UUID?
        var fields: DraftFields

        enum CodingKeys: String, CodingKey, CaseIterable {
            case institutionID = "institution_id"
            case caseID = "case_id"
            case noticeIDs = "notice_ids"
            case correctsID = "corrects_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.institutionID = try container.decode(UUID.self, forKey: .institutionID)
            self.caseID = try container.decodeIfPresent(UUID.self, forKey: .caseID)
            self.noticeIDs = try container.decodeIfPresent([UUID].self, forKey: .noticeIDs)
            self.correctsID = try container.decodeIfPresent(UUID.self, forKey: .correctsID)
            self.fields = try DraftFields(from: decoder)
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self).union(keys(DraftFields.CodingKeys.self)) }
        static var nestedKeys: [String: Set<String>] { ["penalties[]": PenaltyDecision.Penalty.jsonKeys] }
    }

    struct DraftBody: StrictBody {
        var version: Int?
        var fields: DraftFields

        enum CodingKeys: String, CodingKey, CaseIterable { case version }

        init(from decoder: any Decoder) throws {
            self.version = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .version)
            self.fields = try DraftFields(from: decoder)
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self).union(keys(DraftFields.CodingKeys.self)) }
        static var nestedKeys: [String: Set<String>] { ["penalties[]": PenaltyDecision.Penalty.jsonKeys] }
    }

    struct AnswerBody: StrictBody {
        var text: String?
        var waived: Bool?
        var hearingRequested: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text, waived
            case hearingRequested = "hearing_requested"
        }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct HearingBody: StrictBody {
        var heldOn: String
        var summary: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case summary
            case heldOn = "held_on"
        }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct ReasonBody: StrictBody {
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable { case reason }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct RepairDecisionBody: StrictBody {
        var granted: Bool
        var reason: String

        enum CodingKeys: String, CodingKey, CaseIterable { case granted, reason }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("penalties", use: self.create)
        group.get("penalties", use: self.list)
        group.get("penalties/:id", use: self.get)
        group.put("penalties/:id/draft", use: self.edit)
        group.delete("penalties/:id", use: self.discard)
        group.post("penalties/:id/notify", use: self.notify)
        group.post("penalties/:id/answer", use: self.answer)
        group.post("penalties/:id/hearing", use: self.hearing)
        group.post("penalties/:id/decide", use: self.decide)
        group.post("penalties/:id/publish", use: self.publish)
        group.post("penalties/:id/repair", use: self.requestRepair)
        group.post("penalties/:id/repair/decision", use: self.decideRepair)
        group.get("penalties/:id/steps", use: self.steps)
        group.get("penalties/:id/canonical", use: self.canonical)
        group.get("penalty-policy", use: self.policy)
        group.put("penalty-policy", use: self.setPolicy)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let input = PenaltyUseCases.NewDecision(
            institutionID: body.institutionID,
            caseID: body.caseID,
            noticeIDs: body.noticeIDs ?? [],
            correctsID: body.correctsID,
            draft: body.fields.draft
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let decision = try await self.penalties.create(context.caller, input)
            return Idempotency.Created(location: "/v1/penalties/\(decision.id.lowercasedString)", body: try JSONCoding.encoder.encode(decision))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let institutionID = filters.uuid("institution_id")
        let state = filters.value("state", as: PenaltyDecision.State.self)
        try filters.check()
        let result = try await self.penalties.list(context.caller, institutionID: institutionID, state: state, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.penalties.read(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func edit(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DraftBody.decode(from: request, context: context)
        return try JSONResponse.make(
            try await self.penalties.edit(context.caller, id: try Self.id(request, context), body.fields.draft, version: body.version)
        )
    }

    @Sendable func discard(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await self.penalties.discard(context.caller, id: try Self.id(request, context))
        return Response(status: .noContent)
    }

    @Sendable func notify(_ request: Request, context: TenantRequestContext) async throws -> Response {
        _ = try await InspectionRoutes.EmptyBody.decodeOptional(from: request, context: context)
        return try JSONResponse.make(try await self.penalties.notify(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func answer(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await AnswerBody.decode(from: request, context: context)
        let answer = PenaltyUseCases.Answer(text: body.text, waived: body.waived ?? false, hearingRequested: body.hearingRequested ?? false)
        return try JSONResponse.make(try await self.penalties.answer(context.caller, id: try Self.id(request, context), answer))
    }

    @Sendable func hearing(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await HearingBody.decode(from: request, context: context)
        let hearing = PenaltyDecision.Hearing(heldOn: body.heldOn, summary: body.summary)
        return try JSONResponse.make(try await self.penalties.recordHearing(context.caller, id: try Self.id(request, context), hearing))
    }

    @Sendable func decide(_ request: Request, context: TenantRequestContext) async throws -> Response {
        _ = try await InspectionRoutes.EmptyBody.decodeOptional(from: request, context: context)
        return try JSONResponse.make(try await self.penalties.decide(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func publish(_ request: Request, context: TenantRequestContext) async throws -> Response {
        _ = try await InspectionRoutes.EmptyBody.decodeOptional(from: request, context: context)
        return try JSONResponse.make(try await self.penalties.publish(context.caller, id: try Self.id(request, context)))
    }

    @Sendable func requestRepair(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await ReasonBody.decode(from: request, context: context)
        return try JSONResponse.make(try await self.penalties.requestRepair(context.caller, id: try Self.id(request, context), reason: body.reason))
    }

    @Sendable func decideRepair(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await RepairDecisionBody.decode(from: request, context: context)
        let id = try Self.id(request, context)
        return try JSONResponse.make(try await self.penalties.decideRepair(context.caller, id: id, granted: body.granted, reason: body.reason))
    }

    @Sendable func steps(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        return try JSONResponse.make(
            ListPage(items: try await self.penalties.steps(context.caller, id: try Self.id(request, context)), nextCursor: nil)
        )
    }

    @Sendable func canonical(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let found = try await self.penalties.canonical(context.caller, id: try Self.id(request, context))
        return try JSONResponse.make(NoticeRoutes.Canonical(sha256: found.sha256, canonical: found.text))
    }

    @Sendable func policy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.penalties.policy(context.caller))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (policy, _) = try await PenaltyPolicy.decode(from: request, context: context)
        return try JSONResponse.make(try await self.penalties.setPolicy(context.caller, policy))
    }

    static func id(_ request: Request, _ context: TenantRequestContext) throws -> UUID {
        try request.uuidParameter("id", context: context, what: "penalty")
    }
}

extension PenaltyPolicy: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}
