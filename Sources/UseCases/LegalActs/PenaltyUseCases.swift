import Domain
import Foundation
import Storage

/// Penalty decisions (行政处罚决定书): drafted against an institution (from a case and the
/// notices it follows), notified to the party with its windows, answered (陈述申辩, a
/// hearing asked for and held), decided under the next number, published (双公示) within
/// the tenant's limit, and repaired (信用修复) on application. A second penalty for the
/// same kind of violation within twelve months proposes a blacklist entry.
public struct PenaltyUseCases: Sendable {
    let store = PenaltyStore()
    let notices = NoticeStore()
    let policies = PolicyStore()
    let calendars = CalendarStore()
    let institutions = InstitutionStore()
    let blacklist = BlacklistStore()
    let cases = CaseStore()
    let documents = DocumentIssue()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    public struct NewDecision: Sendable {
        public var institutionID: UUID
        public var caseID: UUID?
        public var noticeIDs: [UUID]
        public var correctsID: UUID?
        public var draft: PenaltyDecision.Draft

        public init(institutionID: UUID, caseID: UUID?, noticeIDs: [UUID], correctsID: UUID? = nil, draft: PenaltyDecision.Draft) {
            self.institutionID = institutionID
            self.caseID = caseID
            self.noticeIDs = noticeIDs
            self.correctsID = correctsID
            self.draft = draft
        }
    }

    /// What the party answers to the prior notice.
    public struct Answer: Sendable {
        public var text: String?
        public var waived: Bool
        public var hearingRequested: Bool

        public init(text: String?, waived: Bool, hearingRequested: Bool) {
            self.text = text
            self.waived = waived
            self.hearingRequested = hearingRequested
        }
    }

    public func create(_ caller: Caller, _ input: NewDecision) async throws -> PenaltyDecision {
        try caller.decide { PenaltyAccess.decide($0, .create) }.require("resource")
        let transaction = caller.transaction
        guard try await self.institutions.find(transaction, id: input.institutionID) != nil else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        var validator = Validator()
        validator.check(input.noticeIDs.count <= 20, "notice_ids", "must name at most 20 things")
        for (index, id) in input.noticeIDs.enumerated() {
            let notice = try await self.notices.find(transaction, id: id)
            validator.check(
                notice.map { $0.institutionID == input.institutionID && $0.state != .draft } ?? false,
                "notice_ids[\(index)]",
                "names no issued notice of this institution"
            )
        }
        if let caseID = input.caseID {
            let found = try await self.cases.find(transaction, id: caseID)
            validator.check(found?.institutionID == input.institutionID, "case_id", "names no case about this institution")
        }
        if let correctsID = input.correctsID {
            let corrected = try await self.store.find(transaction, id: correctsID)
            validator.check(
                corrected.map { $0.institutionID == input.institutionID && $0.state == .decided && $0.supersededBy == nil } ?? false,
                "corrects_id",
                "names no decided decision of this institution in force"
            )
        }
        try validator.finish()
        let policy = try await self.policies.penaltyPolicy(transaction)
        try input.draft.validate(policy)
        let decision = PenaltyDecision(
            id: UUIDv7.make(),
            institutionID: input.institutionID,
            caseID: input.caseID,
            noticeIDs: Array(Set(input.noticeIDs)).sorted { $0.uuidString < $1.uuidString },
            correctsID: input.correctsID,
            draft: input.draft,
            policy: policy,
            at: self.time.now()
        )
        try await self.store.create(transaction, decision)
        try await self.store.addStep(
            transaction,
            penaltyID: decision.id,
            "draft",
            from: .draft,
            to: .draft,
            text: nil,
            by: caller.actor,
            at: decision.createdAt
        )
        try await caller.auditCreated("penalty.drafted", "penalty_decision", id: decision.id, decision)
        return try await self.store.find(caller.finishing(), id: decision.id) ?? decision
    }

    public func edit(_ caller: Caller, id: UUID, _ draft: PenaltyDecision.Draft, version: Int?) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        if let version, version != current.version { throw DomainError.stale(currentVersion: current.version) }
        let policy = try await self.policies.penaltyPolicy(caller.transaction)
        try draft.validate(policy)
        guard let next = current.editing(draft, policy: policy, at: self.time.now()) else {
            throw DomainError.conflict("a decision that is \(current.state.label) cannot be rewritten")
        }
        try await self.record(caller, "edit", from: current, to: next, text: nil)
        return next
    }

    public func discard(_ caller: Caller, id: UUID) async throws {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        guard current.state == .draft else { throw DomainError.conflict("a decision that is \(current.state.label) stays in the register") }
        try await self.store.delete(caller.transaction, id: id)
        try await caller.audit("penalty.discarded", "penalty_decision", id: id, before: current, after: String?.none)
    }

    /// The prior notice (告知): the windows from today, in the tenant's working days.
    public func notify(_ caller: Caller, id: UUID) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        let policy = try await self.policies.penaltyPolicy(transaction)
        let calendar = try await self.calendars.calendar(transaction)
        guard let next = current.notifying(today: today, policy: policy, calendar: calendar, at: now) else {
            throw DomainError.conflict("a decision that is \(current.state.label) cannot be notified again")
        }
        try await self.record(caller, "notify", from: current, to: next, text: next.priorNotice?.statementUntil)
        try await caller.emit("penalty.notified", Self.subjects(next), next)
        return next
    }

    /// The party's answer (its own, or recorded by the regulator): a statement, a waiver,
    /// a hearing asked for (only where it has the right, within its window).
    public func answer(_ caller: Caller, id: UUID, _ answer: Answer) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .answer($0) }
        let now = self.time.now()
        let today = try await self.policies.today(caller.transaction, at: now)
        var validator = Validator()
        validator.text(answer.text, "text", max: 8000, required: !answer.waived)
        validator.check(!(answer.waived && answer.hearingRequested), "hearing_requested", "cannot be asked for while waiving the right to answer")
        if answer.hearingRequested, let notice = current.priorNotice {
            if notice.hearingRight {
                validator.check(today <= (notice.hearingUntil ?? ""), "hearing_requested", "the window to ask for a hearing has passed")
            } else {
                validator.check(false, "hearing_requested", "the intended penalty gives no right to a hearing")
            }
        }
        try validator.finish()
        guard current.state == .notified, current.statement == nil else {
            throw DomainError.conflict("only a notified decision not yet answered takes an answer")
        }
        var next = current
        next.statement = PenaltyDecision.Statement(
            text: answer.text ?? "",
            waived: answer.waived,
            hearingRequested: answer.hearingRequested,
            recordedOn: today
        )
        next.version += 1
        next.updatedAt = now
        try await self.record(caller, answer.waived ? "waive" : "answer", from: current, to: next, text: answer.text)
        return next
    }

    /// The hearing the party asked for, held.
    public func recordHearing(_ caller: Caller, id: UUID, _ hearing: PenaltyDecision.Hearing) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        let today = try await self.policies.today(caller.transaction, at: self.time.now())
        var validator = Validator()
        validator.check(CalendarDate.isValid(hearing.heldOn), "held_on", "must be a date YYYY-MM-DD")
        validator.check(hearing.heldOn <= today, "held_on", "must not be in the future")
        validator.text(hearing.summary, "summary", max: 8000)
        try validator.finish()
        guard current.state == .notified, current.statement?.hearingRequested == true, current.hearing == nil else {
            throw DomainError.conflict("only a hearing the party asked for, not yet recorded, can be recorded")
        }
        var next = current
        next.hearing = hearing
        next.version += 1
        next.updatedAt = self.time.now()
        try await self.record(caller, "hearing", from: current, to: next, text: hearing.summary)
        return next
    }

    /// The decision: the next number of the year, the party as registered, the content
    /// fixed and hashed; a repeat within twelve months proposes a blacklist entry.
    public func decide(_ caller: Caller, id: UUID) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        if let blocked = current.decisionBlocked(today: today) { throw DomainError.conflict(blocked) }
        let policy = try await self.policies.penaltyPolicy(transaction)
        let party = try await self.documents.party(transaction, institutionID: current.institutionID)
        var caseNumber: String? = nil
        if let caseID = current.caseID { caseNumber = try await self.cases.find(transaction, id: caseID)?.number }
        var corrected: PenaltyDecision? = nil
        if let correctsID = current.correctsID {
            corrected = try await self.store.find(transaction, id: correctsID, forUpdate: true)
            guard corrected?.state == .decided, corrected?.supersededBy == nil else {
                throw DomainError.conflict("the decision this one corrects is no longer in force")
            }
        }
        guard
            let (next, canonical) = try current.deciding(
                number: try await self.documents.number(transaction, .penaltyDecision, prefix: policy.decisionPrefix, today: today),
                today: today,
                party: party,
                caseNumber: caseNumber,
                follows: try await self.store.noticeNumbers(transaction, ids: current.noticeIDs),
                corrects: corrected?.number,
                policy: policy,
                authority: try await self.documents.authority(transaction),
                at: now
            )
        else { throw DomainError.conflict("a decision that is \(current.state.label) cannot be decided") }
        try await self.record(caller, "decide", from: current, to: next, text: next.number, canonical: canonical)
        try await caller.emit("penalty.decided", Self.subjects(next), next)
        if let corrected, let superseded = corrected.superseding(by: next.id, today: today, at: now) {
            try await self.record(caller, "supersede", from: corrected, to: superseded, text: next.number)
        }
        let since = CalendarDate.adding(months: -12, to: today) ?? today
        let earlier = PenaltyDecision.repeats(
            of: next,
            among: try await self.store.decided(transaction, institutionID: next.institutionID, since: since),
            today: today
        )
        if !earlier.isEmpty {
            _ = try await BlacklistUseCases.propose(caller, .proposal(repeated: next, earlier: earlier, at: now), store: self.blacklist)
        }
        return next
    }

    /// Published now (before the daily job would).
    public func publish(_ caller: Caller, id: UUID) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        let now = self.time.now()
        let today = try await self.policies.today(caller.transaction, at: now)
        guard let next = current.publishing(today: today, at: now) else {
            throw DomainError.conflict("only a decided decision not yet published can be published")
        }
        try await self.record(caller, "publish", from: current, to: next, text: next.publicationEnd)
        try await caller.emit("penalty.published", Self.subjects(next), next)
        return next
    }

    /// The daily work: the regulator publishes a decision when it has checked the text;
    /// one it has not published by the last day of the tenant's limit (seven working days
    /// after the decision by default) is published that day, so none is ever late.
    public func runPublication(_ caller: Caller) async throws -> Int {
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        let policy = try await self.policies.penaltyPolicy(transaction)
        let calendar = try await self.calendars.calendar(transaction)
        var published = 0
        for current in try await self.store.unpublished(transaction) {
            guard let due = current.publicationDue(calendar: calendar, policy: policy), due <= today,
                let next = current.publishing(today: today, at: now)
            else { continue }
            try await self.record(caller, "publish", from: current, to: next, text: next.publicationEnd)
            try await caller.emit("penalty.published", Self.subjects(next), next)
            published += 1
        }
        return published
    }

    /// The party applies to leave the public list (after the minimum period).
    public func requestRepair(_ caller: Caller, id: UUID, reason: String) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .answer($0) }
        let now = self.time.now()
        let today = try await self.policies.today(caller.transaction, at: now)
        var validator = Validator()
        validator.text(reason, "reason", max: 4000)
        try validator.finish()
        if let blocked = current.repairBlocked(today: today) { throw DomainError.conflict(blocked) }
        var next = current
        next.repair = PenaltyDecision.Repair(reason: reason, requestedOn: today)
        next.version += 1
        next.updatedAt = now
        try await self.record(caller, "repair_requested", from: current, to: next, text: reason)
        return next
    }

    /// Grants or refuses the waiting application, with a reason; granted, the decision
    /// leaves the public list today and stays in the register.
    public func decideRepair(_ caller: Caller, id: UUID, granted: Bool, reason: String) async throws -> PenaltyDecision {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        let now = self.time.now()
        let today = try await self.policies.today(caller.transaction, at: now)
        var validator = Validator()
        validator.text(reason, "reason", max: 4000)
        try validator.finish()
        guard var repair = current.repair, repair.granted == nil else { throw DomainError.conflict("no application for credit repair is waiting") }
        repair.granted = granted
        repair.decisionReason = reason
        repair.decidedOn = today
        var next = current
        next.repair = repair
        if granted { next.repairedOn = today }
        next.version += 1
        next.updatedAt = now
        try await self.record(caller, granted ? "repair_granted" : "repair_refused", from: current, to: next, text: reason)
        return next
    }

    // MARK: reading

    public func list(
        _ caller: Caller,
        institutionID asked: UUID?,
        state: PenaltyDecision.State?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<PenaltyDecision> {
        try caller.decide { PenaltyAccess.decide($0, .list) }.require("resource")
        let scope = caller.principal.map(ListScope.ofInstitutionRecords) ?? .tenant
        guard let institutionID = scope.institutionFilter(asked: asked) else { return Page(items: [], nextAfter: nil) }
        return try await self.store.list(
            caller.finishing(),
            institutionID: institutionID,
            state: state,
            notifiedOnly: scope != .tenant,
            after: after,
            limit: limit
        )
    }

    public func read(_ caller: Caller, id: UUID) async throws -> PenaltyDecision {
        try await self.find(caller, id: id) { .read($0) }
    }

    public func steps(_ caller: Caller, id: UUID) async throws -> [PenaltyStep] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.store.steps(caller.finishing(), penaltyID: id)
    }

    public func canonical(_ caller: Caller, id: UUID) async throws -> (text: String, sha256: String) {
        _ = try await self.find(caller, id: id) { .read($0) }
        guard let found = try await self.store.canonical(caller.finishing(), id: id) else { throw DomainError.notFound("decided penalty") }
        return found
    }

    /// The tenant's today, by which the party's windows and repair are judged.
    public func today(_ caller: Caller) async throws -> String {
        try await self.policies.today(caller.transaction, at: self.time.now())
    }

    public func policy(_ caller: Caller) async throws -> PenaltyPolicy {
        try caller.decide { PenaltyAccess.decide($0, .readPolicy) }.require("resource")
        return try await self.policies.penaltyPolicy(caller.transaction)
    }

    public func setPolicy(_ caller: Caller, _ policy: PenaltyPolicy) async throws -> PenaltyPolicy {
        try caller.decide { PenaltyAccess.decide($0, .setPolicy) }.require("resource")
        try policy.validate()
        let before = try await self.policies.penaltyPolicy(caller.transaction)
        try await self.policies.setPenaltyPolicy(caller.transaction, policy)
        try await caller.audit("penalty_policy.updated", "tenant_policy", id: caller.tenantID, before: before, after: policy)
        return policy
    }

    /// The public list (双公示) of the tenant whose transaction this is, on its today.
    public func published(_ transaction: TenantTransaction) async throws -> [PublicPenalty] {
        let today = try await self.policies.today(transaction, at: self.time.now())
        return try await self.store.inPublication(transaction, today: today).compactMap { PublicPenalty($0) }
    }

    // MARK: helpers

    /// The party hears of its own decisions; regulators of all.
    static func subjects(_ decision: PenaltyDecision) -> EventSubjects {
        EventSubjects(institutionID: decision.institutionID, others: ["penalty_id": decision.id])
    }

    func record(
        _ caller: Caller,
        _ action: String,
        from current: PenaltyDecision,
        to next: PenaltyDecision,
        text: String?,
        canonical: String? = nil
    ) async throws {
        try await self.store.update(caller.transaction, next, canonical: canonical)
        try await self.store.addStep(
            caller.transaction,
            penaltyID: next.id,
            action,
            from: current.state,
            to: next.state,
            text: text,
            by: caller.actor,
            at: next.updatedAt
        )
        try await caller.audit("penalty.\(action)", "penalty_decision", id: next.id, before: current, after: next)
    }

    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (PenaltyDecision) -> PenaltyAccess.Action
    ) async throws -> PenaltyDecision {
        guard let decision = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("penalty")
        }
        try caller.decide { PenaltyAccess.decide($0, action(decision)) }.require("penalty")
        return decision
    }
}
