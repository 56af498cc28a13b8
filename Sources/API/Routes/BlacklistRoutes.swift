import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/blacklist`: the credit blacklist. Regulators propose, notify, list, withdraw and
/// remove; a notified institution sees its entry and may object or waive its objection
/// within the window. Every step records who, when and why.
struct BlacklistRoutes {
    let blacklist: BlacklistUseCases
    let idempotency = Idempotency()

    struct ProposeBody: StrictBody {
        var institutionID: UUID
        var reason: BlacklistEntry.Reason
        var facts: String
        var legalBasis: String
        var documents: [Attachment]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case reason, facts, documents
            case institutionID = "institution_id"
            case legalBasis = "legal_basis"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["documents[]": Attachment.jsonKeys] }
    }

    struct StepBody: OptionalStrictBody {
        var text: String?
        var removalKind: BlacklistEntry.RemovalKind?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text
            case removalKind = "removal_kind"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("blacklist-policy", use: self.policy)
        group.put("blacklist-policy", use: self.setPolicy)
        group.post("blacklist", use: self.propose)
        group.get("blacklist", use: self.list)
        group.get("blacklist/:id", use: self.get)
        for action in BlacklistEntry.Action.allCases {
            group.post("blacklist/:id/\(action.rawValue)") { request, context in
                try await self.step(action, request, context: context)
            }
        }
    }

    @Sendable func policy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.blacklist.policy(context.caller))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (policy, _) = try await BlacklistEntry.Policy.decode(from: request, context: context)
        return try JSONResponse.make(try await self.blacklist.setPolicy(context.caller, policy))
    }

    @Sendable func propose(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await ProposeBody.decode(from: request, context: context)
        let proposal = BlacklistUseCases.Proposal(
            institutionID: body.institutionID,
            reason: body.reason,
            facts: body.facts,
            legalBasis: body.legalBasis,
            documents: body.documents
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let entry = try await self.blacklist.propose(context.caller, proposal)
            return Idempotency.Created(location: "/v1/blacklist/\(entry.id.lowercasedString)", body: try JSONCoding.encoder.encode(entry))
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let state = filters.value("state", as: BlacklistEntry.State.self)
        try filters.check()
        let result = try await self.blacklist.list(context.caller, state: state, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "blacklist entry")
        return try JSONResponse.make(try await self.blacklist.read(context.caller, id: id))
    }

    func step(_ action: BlacklistEntry.Action, _ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "blacklist entry")
        let next = try await self.blacklist.step(context.caller, action, id: id, text: body.text, removal: body.removalKind)
        return try JSONResponse.make(next)
    }
}

extension BlacklistEntry.Policy: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}
