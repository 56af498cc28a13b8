import Domain
import Foundation
import Storage

/// Cases (`CaseAccess`): the steps from receipt to conclusion, the timeline, links to
/// inspections and hazards, a targeted inspection opened from a case, merging, the time
/// limits and the daily deadline work.
public struct CaseUseCases: Sendable {
    let store = CaseStore()
    let complaintStore = ComplaintStore()
    let policies = PolicyStore()
    let inspectionStore = InspectionStore()
    let hazards = HazardStore()
    let accounts = AccountStore()
    let inspections: InspectionUseCases
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.inspections = InspectionUseCases(dependencies)
        self.time = dependencies.time
    }

    // MARK: reading

    public func list(_ caller: Caller, filter: CaseFilter, after: UUID?, limit: Int) async throws -> Page<Case> {
        try caller.decide { CaseAccess.decide($0, .list) }.require("resource")
        var filter = filter
        switch caller.principal.map(CaseAccess.listScope) ?? .tenant {
        case .tenant: break
        case .inspector(let inspector): filter.inspectorID = inspector
        case .institution, .nothing: return Page(items: [], nextAfter: nil)
        }
        return try await self.store.list(caller.finishing(), filter: filter, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Case {
        try await self.find(caller, id: id) { .read($0) }
    }

    public func timeline(_ caller: Caller, id: UUID) async throws -> [CaseStep] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.store.steps(caller.finishing(), caseID: id)
    }

    /// The complaints of the case and of those merged into it, without who complained.
    public func complaints(_ caller: Caller, id: UUID) async throws -> [Complaint] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.complaintStore.complaints(caller.finishing(), caseID: id)
    }

    /// Who complained (the named ones): the handling regulator's only, and every read is audited.
    public func complainants(_ caller: Caller, id: UUID) async throws -> [Complainant] {
        _ = try await self.find(caller, id: id) { .readComplainants($0) }
        let complainants = try await self.complaintStore.complainants(caller.transaction, caseID: id)
        // The trail says who looked, not what they saw.
        try await caller.audit("case.complainants_read", "case", id: id, before: String?.none, after: "\(complainants.count) named")
        return complainants
    }

    public func links(_ caller: Caller, id: UUID) async throws -> [CaseLink] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.store.links(caller.finishing(), caseID: id)
    }

    // MARK: steps

    /// A step of the case: accept, reject, investigate, conclude, merge into another,
    /// extend the conclusion deadline once, assign a handler.
    public func step(_ caller: Caller, _ action: Case.Action, id: UUID, _ input: CaseStepInput) async throws -> Case {
        let current = try await self.find(caller, id: id, forUpdate: true) { .step(action, $0) }
        try input.validate(for: action)
        var input = input
        if let accountID = input.handlerAccountID {
            // A person of this tenant's regulator, still able to sign in.
            guard let account = try await self.accounts.find(caller.transaction, id: accountID), account.role == .regulator,
                account.disabledAt == nil
            else {
                throw DomainError.invalid([FieldError("handler_account_id", "names no regulator's account of this tenant")])
            }
            if input.handler == nil { input.handler = account.displayName }
        }
        let target = action == .merge ? try await self.mergeTarget(caller, current, into: input.into) : nil
        let now = self.time.now()
        let limits = try await CaseLimits.read(caller.transaction, at: now)
        guard let next = current.applying(action, input, today: limits.today, calendar: limits.calendar, policy: limits.policy, at: now) else {
            if action == .extend && current.extensionReason != nil && !current.state.isFinal {
                throw DomainError.conflict("the case has already been extended once")
            }
            throw DomainError.conflict("a case that is \(current.state.label) cannot be sent to \(action.label)")
        }
        let text = input.text ?? input.handler
        try await self.record(caller, action.rawValue, from: current, to: next, text: text)
        if let target { try await self.absorb(caller, next, into: target, at: now) }
        return next
    }

    /// A merge joins a case that is still open, of the same institution (or of none named yet).
    func mergeTarget(_ caller: Caller, _ current: Case, into: UUID?) async throws -> Case {
        guard let into, into != current.id, let target = try await self.store.find(caller.transaction, id: into, forUpdate: true) else {
            throw DomainError.invalid([FieldError("into", "names no other case of this tenant")])
        }
        var validator = Validator()
        validator.check(!target.state.isFinal, "into", "names a case that is \(target.state.label)")
        validator.check(
            current.institutionID == nil || target.institutionID == nil || current.institutionID == target.institutionID,
            "into",
            "names a case about another institution"
        )
        try validator.finish()
        return target
    }

    /// The target of a merge takes in the merged case: the cases merged into it follow
    /// (no chains), it learns the institution if it had none, and its timeline says so.
    func absorb(_ caller: Caller, _ merged: Case, into target: Case, at now: Date) async throws {
        try await self.store.repointMerged(caller.transaction, from: merged.id, to: target.id)
        var next = target
        if next.institutionID == nil { next.institutionID = merged.institutionID }
        next.version += 1
        next.updatedAt = now
        try await self.record(caller, "merged_in", from: target, to: next, text: merged.number)
    }

    /// Writes a step with its timeline row and audit row, and announces it.
    func record(_ caller: Caller, _ action: String, from current: Case, to next: Case, text: String?) async throws {
        try await self.store.record(caller.transaction, action, from: current, to: next, text: text, by: caller.actor)
        try await caller.audit("case.\(action)", "case", id: next.id, before: current, after: next)
        switch (current.state, next.state) {
        case (.received, .accepted): try await caller.emit("case.accepted", Self.regulatorSubjects(next), next)
        case (_, .concluded) where current.state != .concluded:
            // The institution hears a substantiated outcome, and only the outcome.
            let substantiated = next.result?.isSubstantiated ?? false
            let subjects =
                substantiated
                ? EventSubjects(institutionID: next.institutionID, others: ["case_id": next.id]) : Self.regulatorSubjects(next)
            try await caller.emit("case.concluded", subjects, CaseOutcome(next))
        default: break
        }
    }

    /// Events only regulators hear: no institution is named as a subject.
    static func regulatorSubjects(_ record: Case) -> EventSubjects {
        EventSubjects(others: ["case_id": record.id])
    }

    // MARK: links and targeted inspections

    /// Attaches an existing inspection or hazard of the tenant to the case.
    public func attach(_ caller: Caller, id: UUID, kind: CaseLink.Kind, targetID: UUID) async throws -> [CaseLink] {
        let current = try await self.find(caller, id: id, forUpdate: true) { .link($0) }
        guard !current.state.isFinal else { throw DomainError.conflict("the case is \(current.state.label)") }
        let transaction = caller.transaction
        // Linking an inspection lets its inspectors read the case: only one about the same institution.
        let institutionID: UUID?
        switch kind {
        case .inspection: institutionID = try await self.inspectionStore.find(transaction, id: targetID)?.institutionID
        case .hazard: institutionID = try await self.hazards.find(transaction, id: targetID)?.institutionID
        }
        guard let institutionID else { throw DomainError.invalid([FieldError("target_id", "names no \(kind.label) of this tenant")]) }
        var validator = Validator()
        validator.check(
            current.institutionID == nil || current.institutionID == institutionID,
            "target_id",
            "names a \(kind.label) of another institution than the case's"
        )
        try validator.finish()
        let link = CaseLink(kind: kind, targetID: targetID, relation: .attached, createdAt: self.time.now())
        if try await self.store.link(transaction, caseID: current.id, link) {
            try await caller.auditCreated("case.linked", "case", id: current.id, link)
        }
        return try await self.store.links(caller.finishing(), caseID: current.id)
    }

    /// A targeted, unannounced inspection (not a random draw) with the case as its reason.
    /// An accepted case moves on to investigating.
    public func openInspection(_ caller: Caller, id: UUID, _ input: NewInspection) async throws -> Inspection {
        let current = try await self.find(caller, id: id, forUpdate: true) { .link($0) }
        guard !current.state.isFinal else { throw DomainError.conflict("the case is \(current.state.label)") }
        var validator = Validator()
        validator.check(
            current.institutionID == nil || current.institutionID == input.institutionID,
            "institution_id",
            "must be the institution the case is about"
        )
        try validator.finish()
        let inspection = try await self.inspections.schedule(caller, input, forCase: current.id)
        let link = CaseLink(kind: .inspection, targetID: inspection.id, relation: .caused, createdAt: self.time.now())
        try await self.store.link(caller.transaction, caseID: current.id, link)
        try await caller.auditCreated("case.linked", "case", id: current.id, link)
        let text = "inspection \(inspection.id.lowercasedString)"
        if current.state == .accepted {
            let limits = try await CaseLimits.read(caller.transaction, at: link.createdAt)
            let investigating = current.applying(
                .investigate,
                CaseStepInput(),
                today: limits.today,
                calendar: limits.calendar,
                policy: limits.policy,
                at: link.createdAt
            )
            if var next = investigating {
                next.institutionID = next.institutionID ?? input.institutionID
                try await self.record(caller, Case.Action.investigate.rawValue, from: current, to: next, text: text)
            }
        } else {
            // Received (a safety matter checked before acceptance) or investigating already:
            // the state stays; the case learns its institution if it had none.
            var next = current
            next.institutionID = current.institutionID ?? input.institutionID
            next.version += 1
            next.updatedAt = link.createdAt
            try await self.record(caller, "inspection_opened", from: current, to: next, text: text)
        }
        return inspection
    }

    // MARK: the time limits

    public func policy(_ caller: Caller) async throws -> CasePolicy {
        try caller.decide { CaseAccess.decide($0, .readPolicy) }.require("resource")
        return try await self.policies.casePolicy(caller.transaction)
    }

    public func setPolicy(_ caller: Caller, _ policy: CasePolicy) async throws -> CasePolicy {
        try caller.decide { CaseAccess.decide($0, .setPolicy) }.require("resource")
        try policy.validate()
        let before = try await self.policies.casePolicy(caller.transaction)
        try await self.policies.setCasePolicy(caller.transaction, policy)
        try await caller.audit("case_policy.updated", "tenant_policy", id: caller.tenantID, before: before, after: policy)
        return policy
    }

    /// The daily work on one tenant's open cases: warn once before a deadline, flag once after it.
    public func runDeadlines(_ caller: Caller) async throws -> Int {
        let transaction = caller.transaction
        let now = self.time.now()
        let limits = try await CaseLimits.read(transaction, at: now)
        // The latest deadline that can be near today.
        let through = limits.calendar.adding(workingDays: limits.policy.reminderDays, to: limits.today)
        var changed = 0
        for record in try await self.store.dueForDeadlines(transaction, through: through) {
            let due = CaseDeadlineDue.evaluate(record, today: limits.today, calendar: limits.calendar, policy: limits.policy)
            guard !due.isEmpty, let deadline = record.currentDeadline else { continue }
            var next = record
            if due.warn { next.warnedFor = deadline }
            if due.flagOverdue {
                next.flaggedFor = deadline
                next.overdue = true
            }
            next.version += 1
            next.updatedAt = now
            try await self.store.update(transaction, next)
            try await caller.audit(due.flagOverdue ? "case.overdue" : "case.deadline_near", "case", id: next.id, before: record, after: next)
            try await caller.emit(due.flagOverdue ? "case.overdue" : "case.deadline_near", Self.regulatorSubjects(next), next)
            changed += 1
        }
        return changed
    }

    // MARK: helpers

    /// The case, if the caller may see it and take `action`; 404 otherwise, as for a missing one.
    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (CaseAccess.Record) -> CaseAccess.Action
    ) async throws -> Case {
        let transaction = caller.transaction
        guard let record = try await self.store.find(transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("case")
        }
        let inspectors: Set<UUID>
        if let principal = caller.principal, CaseAccess.needsInspectors(principal) {
            inspectors = try await self.store.linkedInspectors(transaction, caseID: id)
        } else {
            inspectors = []
        }
        try caller.decide { CaseAccess.decide($0, action(CaseAccess.Record(record, inspectors: inspectors))) }.require("case")
        return record
    }
}
