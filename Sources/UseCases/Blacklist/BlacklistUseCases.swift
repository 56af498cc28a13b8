import Domain
import Foundation
import Storage

/// The credit blacklist (`BlacklistAccess`): proposals, the steps of notice, objection,
/// listing and removal, its policy, and the daily job that lists and expires entries.
/// A listing suspends the institution's current rating in the same transaction.
public struct BlacklistUseCases: Sendable {
    let store = BlacklistStore()
    let policies = PolicyStore()
    let institutions = InstitutionStore()
    let ratings = RatingStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// A regulator's proposal, as asked for.
    public struct Proposal: Sendable {
        public var institutionID: UUID
        public var reason: BlacklistEntry.Reason
        public var facts: String
        public var legalBasis: String
        public var documents: [Attachment]?

        public init(institutionID: UUID, reason: BlacklistEntry.Reason, facts: String, legalBasis: String, documents: [Attachment]?) {
            self.institutionID = institutionID
            self.reason = reason
            self.facts = facts
            self.legalBasis = legalBasis
            self.documents = documents
        }
    }

    public func policy(_ caller: Caller) async throws -> BlacklistEntry.Policy {
        try caller.decide { BlacklistAccess.decide($0, .readPolicy) }.require("resource")
        return try await self.policies.blacklistPolicy(caller.transaction)
    }

    public func setPolicy(_ caller: Caller, _ policy: BlacklistEntry.Policy) async throws -> BlacklistEntry.Policy {
        try caller.decide { BlacklistAccess.decide($0, .setPolicy) }.require("resource")
        var validator = Validator()
        policy.validate(into: &validator)
        try validator.finish()
        let before = try await self.policies.blacklistPolicy(caller.transaction)
        try await self.policies.setBlacklistPolicy(caller.transaction, policy)
        try await caller.audit("blacklist_policy.updated", "tenant_policy", id: caller.tenantID, before: before, after: policy)
        return policy
    }

    public func propose(_ caller: Caller, _ proposal: Proposal) async throws -> BlacklistEntry {
        try caller.decide { BlacklistAccess.decide($0, .propose) }.require("resource")
        var validator = Validator()
        validator.text(proposal.facts, "facts", max: 4000)
        validator.text(proposal.legalBasis, "legal_basis", max: 2000)
        Attachment.validate(proposal.documents ?? [], field: "documents", into: &validator)
        try validator.finish()
        try await EvidenceUseCases.requireStored(caller, proposal.documents ?? [], field: "documents")
        guard try await self.institutions.find(caller.transaction, id: proposal.institutionID) != nil else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let entry = BlacklistEntry(
            id: UUIDv7.make(),
            institutionID: proposal.institutionID,
            reason: proposal.reason,
            facts: proposal.facts,
            legalBasis: proposal.legalBasis,
            documents: proposal.documents ?? [],
            proposedAt: self.time.now()
        )
        _ = try await Self.propose(caller, entry, store: self.store)
        return entry
    }

    /// Writes a proposal, its audit row and `blacklist.proposed`; `false` when an
    /// automatic proposal for the same source exists.
    static func propose(_ caller: Caller, _ entry: BlacklistEntry, store: BlacklistStore) async throws -> Bool {
        guard try await store.propose(caller.transaction, entry) else { return false }
        try await caller.auditCreated("blacklist.proposed", "blacklist_entry", id: entry.id, entry)
        // Regulators only: the institution hears of it when notified.
        let subjects = EventSubjects(others: ["blacklist_entry_id": entry.id, "about_institution_id": entry.institutionID])
        try await caller.emit("blacklist.proposed", subjects, entry)
        return true
    }

    public func list(
        _ caller: Caller,
        state: BlacklistEntry.State?,
        institutionID askedInstitution: UUID? = nil,
        after: UUID?,
        limit: Int
    ) async throws -> Page<BlacklistEntry> {
        try caller.decide { BlacklistAccess.decide($0, .list) }.require("resource")
        let asked = state.map { [$0] }
        let (scope, states) = caller.principal.map { BlacklistAccess.listScope($0, states: asked) } ?? (.tenant, asked)
        let institutionID: UUID?
        switch scope {
        case .tenant: institutionID = askedInstitution
        case .institution(let own):
            if let askedInstitution, askedInstitution != own { return Page(items: [], nextAfter: nil) }
            institutionID = own
        case .inspector, .nothing: return Page(items: [], nextAfter: nil)
        }
        var page = try await self.store.list(caller.finishing(), institutionID: institutionID, states: states, after: after, limit: limit)
        if let principal = caller.principal { page.items = page.items.filter { BlacklistAccess.decide(principal, .read($0)).isAllowed } }
        return page
    }

    public func read(_ caller: Caller, id: UUID) async throws -> BlacklistEntry {
        try await self.find(caller, id: id) { .read($0) }
    }

    public func step(
        _ caller: Caller,
        _ action: BlacklistEntry.Action,
        id: UUID,
        text: String?,
        removal: BlacklistEntry.RemovalKind?,
        evidence: [Attachment]? = nil
    ) async throws -> BlacklistEntry {
        let current = try await self.find(caller, id: id, forUpdate: true) { .step(action, $0) }
        var validator = Validator()
        validator.check(action == .object || evidence == nil, "evidence", "is taken only with an objection")
        Attachment.validate(evidence ?? [], field: "evidence", into: &validator)
        validator.text(text, "text", max: 4000, required: action == .object || action == .withdraw || action == .remove)
        validator.check(action == .remove || removal == nil, "removal_kind", "is taken only when removing")
        try validator.finish()
        let policy = try await self.policies.blacklistPolicy(caller.transaction)
        try await EvidenceUseCases.requireStored(caller, evidence ?? [], field: "evidence")
        var next: BlacklistEntry
        do {
            next = try current.applying(action, at: self.time.now(), policy: policy, text: text, removal: removal)
        } catch {
            throw DomainError.conflict(error.message)
        }
        if let evidence, !evidence.isEmpty { next.objectionEvidence = evidence }
        try await self.record(caller, action, from: current, to: next, text: text)
        return next
    }

    /// The daily work: notified entries whose objection window closed with no objection
    /// are listed; listings past their end are removed as expired.
    public func advance(_ caller: Caller) async throws -> (listed: Int, expired: Int) {
        let now = self.time.now()
        let policy = try await self.policies.blacklistPolicy(caller.transaction)
        var listed = 0
        var expired = 0
        for entry in try await self.store.dueToAdvance(caller.transaction, at: now) {
            let action: BlacklistEntry.Action = entry.state == .notified ? .list : .remove
            let next = try entry.applying(action, at: now, policy: policy, removal: .expired)
            try await self.record(caller, action, from: entry, to: next, text: nil)
            if action == .list { listed += 1 } else { expired += 1 }
        }
        return (listed, expired)
    }

    /// One step with its history; a listing suspends the institution's current rating.
    func record(
        _ caller: Caller,
        _ action: BlacklistEntry.Action,
        from current: BlacklistEntry,
        to next: BlacklistEntry,
        text: String?
    )
        async throws
    {
        if next.state == .listed && current.state != .listed {
            try await RatingUseCases.suspendCurrent(caller, institutionID: next.institutionID, at: next.updatedAt, store: self.ratings)
        }
        try await self.store.record(caller.transaction, action, from: current, to: next, text: text, by: caller.actor)
        try await caller.audit("blacklist.\(action.rawValue)", "blacklist_entry", id: next.id, before: current, after: next)
        let subjects = EventSubjects(institutionID: next.institutionID, others: ["blacklist_entry_id": next.id])
        switch next.state {
        case .listed where current.state != .listed:
            try await caller.emit("blacklist.listed", subjects, next)
        case .removed where current.state != .removed:
            try await caller.emit("blacklist.removed", subjects, next)
        default:
            break
        }
    }

    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (BlacklistEntry) -> BlacklistAccess.Action
    ) async throws -> BlacklistEntry {
        guard let entry = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("blacklist entry")
        }
        try caller.decide { BlacklistAccess.decide($0, action(entry)) }.require("blacklist entry")
        return entry
    }
}
