import Domain
import Foundation
import Storage

/// Rectification notices (`NoticeAccess`): drafted from an inspection's findings or from
/// hazards, issued under the tenant's next document number, served, revisited and
/// concluded; the covered hazards take the notice's deadline; the daily work warns and
/// flags; a notice not complied with proposes a blacklist entry.
public struct NoticeUseCases: Sendable {
    let store = NoticeStore()
    let policies = PolicyStore()
    let institutions = InstitutionStore()
    let inspections = InspectionStore()
    let hazards = HazardStore()
    let blacklist = BlacklistStore()
    let cases = CaseStore()
    let documents = DocumentIssue()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// What a regulator asks for: the institution, where the items come from, and the
    /// text where the defaults will not do.
    public struct NewNotice: Sendable {
        public var institutionID: UUID
        public var inspectionID: UUID?
        public var hazardIDs: [UUID]
        public var caseID: UUID?
        public var correctsID: UUID?
        public var facts: String?
        public var items: [RectificationNotice.Item]
        public var legalBasis: String?
        public var deadlineDays: Int?

        public init(
            institutionID: UUID,
            inspectionID: UUID? = nil,
            hazardIDs: [UUID] = [],
            caseID: UUID? = nil,
            correctsID: UUID? = nil,
            facts: String? = nil,
            items: [RectificationNotice.Item] = [],
            legalBasis: String? = nil,
            deadlineDays: Int? = nil
        ) {
            self.institutionID = institutionID
            self.inspectionID = inspectionID
            self.hazardIDs = hazardIDs
            self.caseID = caseID
            self.correctsID = correctsID
            self.facts = facts
            self.items = items
            self.legalBasis = legalBasis
            self.deadlineDays = deadlineDays
        }
    }

    /// The general basis a notice of this service cites when none is written.
    public static let defaultLegalBasis = "《养老机构管理办法》（民政部令第66号）"

    // MARK: drafting

    /// A draft: the findings of the inspection and the hazards named become its items,
    /// each with its text and basis, after any written ones; a correction starts from the
    /// text of the notice it corrects.
    public func create(_ caller: Caller, _ input: NewNotice) async throws -> RectificationNotice {
        try caller.decide { NoticeAccess.decide($0, .create) }.require("resource")
        let transaction = caller.transaction
        guard try await self.institutions.find(transaction, id: input.institutionID) != nil else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        var validator = Validator()
        var items = input.items
        var facts = input.facts
        // Whether each hazard read here is major, so the default deadline reads none twice.
        var majorByHazard = try await self.checkWrittenHazards(transaction, input.items, institutionID: input.institutionID, &validator)
        if let inspectionID = input.inspectionID {
            let inspection = try await self.inspections.find(transaction, id: inspectionID)
            validator.check(inspection?.institutionID == input.institutionID, "inspection_id", "names no inspection of this institution")
            if let inspection {
                let findings = try await self.inspections.findings(transaction, inspectionID: inspection.id)
                validator.check(!findings.isEmpty, "inspection_id", "names an inspection without findings (only a reviewed one has them)")
                items += findings.map { finding in
                    RectificationNotice.Item(
                        text: finding.description,
                        legalBasis: "GB 38600-2019《养老机构服务安全基本规范》检查项 \(finding.itemCode)",
                        hazardID: finding.hazardID,
                        findingID: finding.id
                    )
                }
                facts = facts ?? "\(inspection.scheduledOn)，本机关依法对你单位进行监督检查，发现下列问题。"
            }
        }
        for (index, hazardID) in input.hazardIDs.enumerated() {
            let hazard = try await self.hazards.find(transaction, id: hazardID)
            let field = "hazard_ids[\(index)]"
            validator.check(hazard?.institutionID == input.institutionID, field, "names no hazard of this institution")
            validator.check(hazard.map { !$0.isSettled } ?? true, field, "names a hazard already rectified or closed")
            if let hazard { majorByHazard[hazard.id] = hazard.major }
            guard let hazard, hazard.institutionID == input.institutionID, !items.contains(where: { $0.hazardID == hazard.id }) else { continue }
            let basis = hazard.fireRelated ? "《中华人民共和国消防法》；\(Self.defaultLegalBasis)" : Self.defaultLegalBasis
            items.append(RectificationNotice.Item(text: "\(hazard.location)：\(hazard.description)", legalBasis: basis, hazardID: hazard.id))
        }
        if !input.hazardIDs.isEmpty { facts = facts ?? "经检查，你单位存在下列安全隐患。" }
        var correctsID: UUID? = nil
        if let id = input.correctsID {
            let corrected = try await self.store.find(transaction, id: id)
            validator.check(corrected?.institutionID == input.institutionID, "corrects_id", "names no notice of this institution")
            if let corrected, corrected.institutionID == input.institutionID {
                validator.check(
                    corrected.state == .issued || corrected.state == .served,
                    "corrects_id",
                    "names a notice that is \(corrected.state.label)"
                )
                if items.isEmpty { items = corrected.items }
                facts = facts ?? corrected.facts
                correctsID = corrected.id
            }
        }
        if let caseID = input.caseID {
            let found = try await self.cases.find(transaction, id: caseID)
            validator.check(
                found.map { $0.institutionID == nil || $0.institutionID == input.institutionID } ?? false,
                "case_id",
                "names no case about this institution"
            )
        }
        try validator.finish()
        let policy = try await self.policies.hazardPolicy(transaction)
        let major = try await self.anyMajor(transaction, items, known: majorByHazard)
        let draft = RectificationNotice.Draft(
            facts: facts ?? "",
            items: items,
            legalBasis: input.legalBasis ?? Self.defaultLegalBasis,
            deadlineDays: input.deadlineDays ?? (major ? policy.majorDeadlineDays : policy.generalDeadlineDays)
        )
        try draft.validate()
        let notice = RectificationNotice(
            id: UUIDv7.make(),
            institutionID: input.institutionID,
            caseID: input.caseID,
            inspectionID: input.inspectionID,
            correctsID: correctsID,
            draft: draft,
            at: self.time.now()
        )
        try await self.store.create(transaction, notice)
        try await self.store.addStep(
            transaction,
            noticeID: notice.id,
            "draft",
            from: .draft,
            to: .draft,
            text: nil,
            by: caller.actor,
            at: notice.createdAt
        )
        try await caller.auditCreated("notice.drafted", "rectification_notice", id: notice.id, notice)
        return try await self.store.find(caller.finishing(), id: notice.id) ?? notice
    }

    /// A written item may name a hazard only of the notice's institution (its deadline
    /// moves with the notice's service); returns whether each named one is major.
    func checkWrittenHazards(
        _ transaction: TenantTransaction,
        _ items: [RectificationNotice.Item],
        institutionID: UUID,
        _ validator: inout Validator
    ) async throws -> [UUID: Bool] {
        var major: [UUID: Bool] = [:]
        for (index, item) in items.enumerated() {
            guard let id = item.hazardID else { continue }
            let hazard = try await self.hazards.find(transaction, id: id)
            validator.check(hazard?.institutionID == institutionID, "items[\(index)].hazard_id", "names no hazard of this institution")
            if let hazard { major[id] = hazard.major }
        }
        return major
    }

    /// Whether a covered hazard is major (the longer default deadline applies); `known`
    /// holds the hazards already read.
    func anyMajor(_ transaction: TenantTransaction, _ items: [RectificationNotice.Item], known: [UUID: Bool]) async throws -> Bool {
        for id in items.compactMap(\.hazardID) {
            if let major = known[id] {
                if major { return true }
            } else if try await self.hazards.find(transaction, id: id)?.major == true {
                return true
            }
        }
        return false
    }

    public func edit(_ caller: Caller, id: UUID, _ draft: RectificationNotice.Draft, version: Int?) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        if let version, version != current.version { throw DomainError.stale(currentVersion: current.version) }
        var validator = Validator()
        _ = try await self.checkWrittenHazards(caller.transaction, draft.items, institutionID: current.institutionID, &validator)
        try validator.finish()
        try draft.validate()
        guard let next = current.editing(draft, at: self.time.now()) else {
            throw DomainError.conflict("notice \(current.number ?? "") is issued: what it says cannot change (issue a correction)")
        }
        try await self.record(caller, "edit", from: current, to: next, text: nil)
        return next
    }

    /// A draft is thrown away; an issued notice never is.
    public func discard(_ caller: Caller, id: UUID) async throws {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        guard current.state == .draft else {
            throw DomainError.conflict("notice \(current.number ?? "") is issued and stays in the register")
        }
        try await self.store.delete(caller.transaction, id: id)
        try await caller.audit("notice.discarded", "rectification_notice", id: id, before: current, after: String?.none)
    }

    // MARK: issue, service, revisit, conclusion

    /// Issues the draft: the next number of the year, the party as registered today,
    /// the content fixed and hashed; a correction supersedes the notice it corrects.
    public func issue(_ caller: Caller, id: UUID) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        guard current.state == .draft else { throw DomainError.conflict("a notice that is \(current.state.label) cannot be issued") }
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        let policy = try await self.policies.documentPolicy(transaction)
        let party = try await self.documents.party(transaction, institutionID: current.institutionID)
        var corrected: RectificationNotice? = nil
        if let correctsID = current.correctsID {
            corrected = try await self.store.find(transaction, id: correctsID, forUpdate: true)
            guard let state = corrected?.state, state == .issued || state == .served else {
                throw DomainError.conflict("the notice this one corrects is no longer in force")
            }
        }
        guard
            let (next, canonical) = try current.issuing(
                number: try await self.documents.number(transaction, .rectificationNotice, prefix: policy.noticePrefix, today: today),
                issuedOn: today,
                authority: try await self.documents.authority(transaction),
                party: party,
                consequence: policy.consequence,
                corrects: corrected?.number,
                at: now
            )
        else { throw DomainError.conflict("a notice that is \(current.state.label) cannot be issued") }
        try await self.record(caller, "issue", from: current, to: next, text: next.number, canonical: canonical)
        try await caller.emit("notice.issued", Self.subjects(next), next)
        if let corrected, let superseded = corrected.superseding(by: next.id, at: now) {
            try await self.record(caller, "supersede", from: corrected, to: superseded, text: next.number)
        }
        return next
    }

    /// Served by the regulator, in person (with the signed receipt) or by post.
    public func serve(_ caller: Caller, id: UUID, _ service: RectificationNotice.Service) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        var validator = Validator()
        validator.check(service.channel != .electronic, "channel", "electronic service is the institution's own confirmation")
        try validator.finish()
        return try await self.serve(caller, current, service)
    }

    /// The institution confirms receipt itself: served electronically today.
    public func acknowledge(_ caller: Caller, id: UUID, receiver: String) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .acknowledge($0) }
        let now = self.time.now()
        let today = try await self.policies.today(caller.transaction, at: now)
        let service = RectificationNotice.Service(
            channel: .electronic,
            receivedOn: today,
            receiver: receiver,
            receipt: nil,
            postalNumber: nil,
            recordedAt: now
        )
        return try await self.serve(caller, current, service)
    }

    func serve(_ caller: Caller, _ current: RectificationNotice, _ service: RectificationNotice.Service) async throws -> RectificationNotice {
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        var service = service
        service.recordedAt = now
        try service.validate(today: today, issuedOn: current.content?.issuedOn)
        if let receipt = service.receipt { try await EvidenceUseCases.requireStored(caller, [receipt], field: "receipt") }
        guard let next = current.serving(service, at: now), let deadline = next.deadline else {
            throw DomainError.conflict("a notice that is \(current.state.label) cannot be served")
        }
        try await self.record(caller, "serve", from: current, to: next, text: service.channel.rawValue)
        // The hazards it covers run against its deadline from now on.
        for hazardID in Set(next.items.compactMap(\.hazardID)).sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let hazard = try await self.hazards.find(transaction, id: hazardID, forUpdate: true),
                hazard.institutionID == next.institutionID, !hazard.isSettled, hazard.deadline != deadline
            else { continue }
            var moved = hazard
            moved.deadline = deadline
            moved.overdue = today > deadline
            moved.remindedAt = nil
            moved.version += 1
            moved.updatedAt = now
            try await self.hazards.record(transaction, "notice_deadline", from: hazard, to: moved, text: next.number, by: caller.actor)
            try await caller.audit("hazard.deadline_from_notice", "hazard", id: hazard.id, before: hazard, after: moved)
        }
        try await caller.emit("notice.served", Self.subjects(next), next)
        return next
    }

    /// Links the revisit (复查): an inspection of the same institution, other than the one
    /// the notice came from.
    public func linkRevisit(_ caller: Caller, id: UUID, inspectionID: UUID) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        guard current.state == .served else { throw DomainError.conflict("a notice that is \(current.state.label) takes no revisit") }
        let inspection = try await self.inspections.find(caller.transaction, id: inspectionID)
        var validator = Validator()
        validator.check(
            inspection?.institutionID == current.institutionID && inspectionID != current.inspectionID,
            "inspection_id",
            "names no other inspection of this institution"
        )
        try validator.finish()
        var next = current
        next.revisitInspectionID = inspectionID
        next.version += 1
        next.updatedAt = self.time.now()
        try await self.record(caller, "revisit", from: current, to: next, text: inspectionID.lowercasedString)
        return next
    }

    /// Ends the notice on its revisit, once the revisit has been submitted. Not complied
    /// proposes a blacklist entry citing the notice (once).
    public func conclude(_ caller: Caller, id: UUID, outcome: RectificationNotice.Outcome, note: String) async throws -> RectificationNotice {
        let current = try await self.find(caller, id: id, forUpdate: true) { .manage($0) }
        var validator = Validator()
        validator.text(note, "note", max: 4000)
        try validator.finish()
        guard current.state == .served else { throw DomainError.conflict("a notice that is \(current.state.label) cannot be concluded") }
        guard let revisitID = current.revisitInspectionID,
            let revisit = try await self.inspections.find(caller.transaction, id: revisitID),
            [.submitted, .reviewed, .published].contains(revisit.state)
        else { throw DomainError.conflict("a notice is concluded on its revisit: link one and have it submitted first") }
        let now = self.time.now()
        guard let next = current.concluding(outcome, note: note, at: now) else {
            throw DomainError.conflict("a notice that is \(current.state.label) cannot be concluded")
        }
        try await self.record(caller, outcome.rawValue, from: current, to: next, text: note)
        try await caller.emit("notice.concluded", Self.subjects(next), next)
        if outcome == .notComplied {
            _ = try await BlacklistUseCases.propose(caller, .proposal(notComplied: next, at: now), store: self.blacklist)
        }
        return next
    }

    // MARK: reading

    public func list(
        _ caller: Caller,
        institutionID asked: UUID?,
        state: RectificationNotice.State?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<RectificationNotice> {
        try caller.decide { NoticeAccess.decide($0, .list) }.require("resource")
        let scope = caller.principal.map(NoticeAccess.listScope) ?? .tenant
        guard let institutionID = scope.institutionFilter(asked: asked) else { return Page(items: [], nextAfter: nil) }
        return try await self.store.list(
            caller.finishing(),
            institutionID: institutionID,
            state: state,
            issuedOnly: scope != .tenant,
            after: after,
            limit: limit
        )
    }

    public func read(_ caller: Caller, id: UUID) async throws -> RectificationNotice {
        try await self.find(caller, id: id) { .read($0) }
    }

    public func steps(_ caller: Caller, id: UUID) async throws -> [NoticeStep] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.store.steps(caller.finishing(), noticeID: id)
    }

    /// The issued text exactly as hashed, so anyone holding a copy can check it.
    public func canonical(_ caller: Caller, id: UUID) async throws -> (text: String, sha256: String) {
        _ = try await self.find(caller, id: id) { .read($0) }
        guard let found = try await self.store.canonical(caller.finishing(), id: id) else { throw DomainError.notFound("issued notice") }
        return found
    }

    // MARK: policy and the daily work

    public func policy(_ caller: Caller) async throws -> DocumentPolicy {
        try caller.decide { NoticeAccess.decide($0, .readPolicy) }.require("resource")
        return try await self.policies.documentPolicy(caller.transaction)
    }

    public func setPolicy(_ caller: Caller, _ policy: DocumentPolicy) async throws -> DocumentPolicy {
        try caller.decide { NoticeAccess.decide($0, .setPolicy) }.require("resource")
        try policy.validate()
        let before = try await self.policies.documentPolicy(caller.transaction)
        try await self.policies.setDocumentPolicy(caller.transaction, policy)
        try await caller.audit("document_policy.updated", "tenant_policy", id: caller.tenantID, before: before, after: policy)
        return policy
    }

    /// The daily work on one tenant's served notices: warn once before the deadline, flag once after it.
    public func runDeadlines(_ caller: Caller) async throws -> Int {
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        let policy = try await self.policies.documentPolicy(transaction)
        let through = CalendarDate.adding(days: policy.reminderDays, to: today) ?? today
        var changed = 0
        for notice in try await self.store.dueForDeadlines(transaction, through: through) {
            let due = NoticeDeadlineDue.evaluate(notice, today: today, reminderDays: policy.reminderDays)
            guard !due.isEmpty else { continue }
            var next = notice
            if due.warn { next.warnedFor = notice.deadline }
            if due.flagOverdue { next.overdue = true }
            next.version += 1
            next.updatedAt = now
            let type = due.flagOverdue ? "notice.overdue" : "notice.deadline_near"
            try await self.store.update(transaction, next)
            try await caller.audit(type, "rectification_notice", id: next.id, before: notice, after: next)
            try await caller.emit(type, Self.subjects(next), next)
            changed += 1
        }
        return changed
    }

    // MARK: helpers

    /// The institution hears of its own notices; regulators of all.
    static func subjects(_ notice: RectificationNotice) -> EventSubjects {
        EventSubjects(institutionID: notice.institutionID, others: ["notice_id": notice.id])
    }

    func record(
        _ caller: Caller,
        _ action: String,
        from current: RectificationNotice,
        to next: RectificationNotice,
        text: String?,
        canonical: String? = nil
    ) async throws {
        try await self.store.update(caller.transaction, next, canonical: canonical)
        try await self.store.addStep(
            caller.transaction,
            noticeID: next.id,
            action,
            from: current.state,
            to: next.state,
            text: text,
            by: caller.actor,
            at: next.updatedAt
        )
        try await caller.audit("notice.\(action)", "rectification_notice", id: next.id, before: current, after: next)
    }

    /// The notice, if the caller may see it and take `action`; 404 otherwise, as for a missing one.
    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (RectificationNotice) -> NoticeAccess.Action
    ) async throws -> RectificationNotice {
        guard let notice = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("notice")
        }
        try caller.decide { NoticeAccess.decide($0, action(notice)) }.require("notice")
        return notice
    }
}
