import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/blacklist`: the credit blacklist. Regulators propose, notify, list, withdraw and
/// remove; a notified institution sees its entry and may object or waive its objection
/// within the window. Every step records who, when and why.
struct BlacklistRoutes {
    let store = BlacklistStore()
    let policies = PolicyStore()
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

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
        static var nestedKeys: [String: Set<String>] { ["documents[]": Attachment.jsonKeys] }
    }

    struct StepBody: OptionalStrictBody {
        var text: String?
        var removalKind: BlacklistEntry.RemovalKind?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text
            case removalKind = "removal_kind"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
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

    @Sendable func policy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        return try JSONResponse.make(try await self.policies.blacklistPolicy(transaction))
    }

    @Sendable func setPolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (policy, _) = try await BlacklistEntry.Policy.decode(from: request, context: context)
        var validator = Validator()
        policy.validate(into: &validator)
        try validator.finish()
        try await self.policies.setBlacklistPolicy(transaction, policy, actor: AuditActor(principal))
        return try JSONResponse.make(policy)
    }

    @Sendable func propose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await ProposeBody.decode(from: request, context: context)
        var validator = Validator()
        validator.text(body.facts, "facts", max: 4000)
        validator.text(body.legalBasis, "legal_basis", max: 2000)
        Attachment.validate(body.documents ?? [], field: "documents", into: &validator)
        try validator.finish()
        guard try await InstitutionStore().find(transaction, id: body.institutionID) != nil else {
            throw Problem.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let entry = BlacklistEntry(
                id: UUIDv7.make(),
                institutionID: body.institutionID,
                reason: body.reason,
                facts: body.facts,
                legalBasis: body.legalBasis,
                documents: body.documents ?? [],
                proposedAt: Date()
            )
            try await self.store.propose(transaction, entry, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/blacklist/\(entry.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(entry)
            )
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        var states = filters.value("state", as: BlacklistEntry.State.self).map { [$0] }
        try filters.check()
        var institutionID: UUID?
        if principal.role == .institution {
            institutionID = principal.subjectID
            // An institution never sees a bare proposal.
            states = (states ?? BlacklistEntry.State.allCases).filter { $0 != .proposed }
        }
        let result = try await self.store.list(
            transaction.finishing(),
            institutionID: institutionID,
            states: states,
            after: page.after,
            limit: page.limit
        )
        let visible = principal.role == .institution ? result.items.filter(\.isVisibleToInstitution) : result.items
        return try JSONResponse.make(ListPage(items: visible, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func visible(
        _ request: Request,
        context: AppRequestContext,
        forUpdate: Bool = false
    ) async throws -> (
        Principal, TenantTransaction, BlacklistEntry
    ) {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let id = try request.uuidParameter("id", context: context, what: "blacklist entry")
        guard let entry = try await self.store.find(transaction, id: id, forUpdate: forUpdate),
            principal.role == .regulator || (principal.subjectID == entry.institutionID && entry.isVisibleToInstitution)
        else { throw Problem.notFound("blacklist entry") }
        return (principal, transaction, entry)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, _, entry) = try await self.visible(request, context: context)
        return try JSONResponse.make(entry)
    }

    func step(_ action: BlacklistEntry.Action, _ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        // Objecting and waiving are the institution's; everything else the regulator's.
        let institutionsAction = action == .object || action == .waive
        guard (principal.role == .institution) == institutionsAction else {
            throw DomainError.forbidden("only \(institutionsAction ? "the institution" : "a regulator") may \(action.rawValue) an entry")
        }
        var validator = Validator()
        validator.text(body.text, "text", max: 4000, required: action == .object || action == .withdraw || action == .remove)
        validator.check(action == .remove || body.removalKind == nil, "removal_kind", "is taken only when removing")
        try validator.finish()
        let policy = try await self.policies.blacklistPolicy(transaction)
        let next: BlacklistEntry
        do {
            next = try current.applying(action, at: Date(), policy: policy, text: body.text, removal: body.removalKind)
        } catch {
            throw DomainError.conflict(error.description)
        }
        try await self.store.record(transaction, action, from: current, to: next, text: body.text, actor: AuditActor(principal))
        return try JSONResponse.make(next)
    }
}

extension BlacklistEntry.Policy: StrictBody {
    public static var allowedKeys: Set<String> { ["objection_days", "listing_years", "repair_after_years"] }
}
