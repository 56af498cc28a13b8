import Domain
import Foundation
import Storage

/// The hazard register (`HazardAccess`): reports, rectification steps, extensions, the
/// deadline policy and catalogue, and the daily deadline work of the job.
public struct HazardUseCases: Sendable {
    let store = HazardStore()
    let policies = PolicyStore()
    let institutions = InstitutionStore()
    let campaigns = CampaignStore()
    let inspections = InspectionStore()
    let blacklist = BlacklistStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// A hazard as reported, before the register decides its deadline and campaign.
    public struct Report: Sendable {
        public var institutionID: UUID?
        public var catalogueCode: String?
        public var category: HazardCategory?
        public var major: Bool?
        public var fireRelated: Bool?
        public var location: String
        public var description: String
        public var evidence: [Attachment]?
        public var deadline: String?
        public var responsiblePerson: String
        public var campaignID: UUID?

        public init(
            institutionID: UUID?,
            catalogueCode: String?,
            category: HazardCategory?,
            major: Bool?,
            fireRelated: Bool?,
            location: String,
            description: String,
            evidence: [Attachment]?,
            deadline: String?,
            responsiblePerson: String,
            campaignID: UUID?
        ) {
            self.institutionID = institutionID
            self.catalogueCode = catalogueCode
            self.category = category
            self.major = major
            self.fireRelated = fireRelated
            self.location = location
            self.description = description
            self.evidence = evidence
            self.deadline = deadline
            self.responsiblePerson = responsiblePerson
            self.campaignID = campaignID
        }
    }

    // MARK: the deadline policy and the catalogue

    public func policy(_ caller: Caller) async throws -> HazardPolicy {
        try caller.decide { HazardAccess.decide($0, .readPolicy) }.require("resource")
        return try await self.policies.hazardPolicy(caller.transaction)
    }

    public func setPolicy(_ caller: Caller, _ policy: HazardPolicy) async throws -> HazardPolicy {
        try caller.decide { HazardAccess.decide($0, .setPolicy) }.require("resource")
        var validator = Validator()
        validator.check((1...365).contains(policy.majorDeadlineDays), "major_deadline_days", "must be within 1…365")
        validator.check((1...365).contains(policy.generalDeadlineDays), "general_deadline_days", "must be within 1…365")
        validator.check((0...60).contains(policy.reminderDays), "reminder_days", "must be within 0…60")
        try validator.finish()
        let before = try await self.policies.hazardPolicy(caller.transaction)
        try await self.policies.setHazardPolicy(caller.transaction, policy)
        try await caller.audit("hazard_policy.updated", "tenant_policy", id: caller.tenantID, before: before, after: policy)
        return policy
    }

    public func catalogue(_ caller: Caller) async throws -> [HazardCatalogueEntry] {
        try caller.decide { HazardAccess.decide($0, .readCatalogue) }.require("resource")
        return try await self.store.catalogue(caller.transaction)
    }

    /// A tenant's refinement of the catalogue: a situation of its own under one of the categories.
    public func extendCatalogue(_ caller: Caller, _ entry: HazardCatalogueEntry) async throws -> HazardCatalogueEntry {
        try caller.decide { HazardAccess.decide($0, .extendCatalogue) }.require("resource")
        var validator = Validator()
        validator.check(
            entry.code.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"#, options: .regularExpression) != nil,
            "code",
            "must be 1–32 letters, digits, '.', '_' or '-'"
        )
        validator.text(entry.text, "text", max: 500)
        validator.check(entry.category != .general || !entry.major, "major", "a general hazard is not major")
        try validator.finish()
        try await self.store.addCatalogueEntry(caller.transaction, entry)
        try await caller.auditCreated("hazard_catalogue.added", "hazard_catalogue", id: caller.tenantID, entry)
        return entry
    }

    // MARK: the register

    public func report(_ caller: Caller, _ report: Report) async throws -> Hazard {
        try caller.decide { HazardAccess.decide($0, .report) }.require("resource")
        let transaction = caller.transaction
        let (institutionID, ownInstitution) = HazardAccess.reportedInstitution(caller.principal, asked: report.institutionID)
        var validator = Validator()
        validator.check(ownInstitution, "institution_id", "an institution reports its own hazards")
        validator.check(institutionID != nil, "institution_id", "is required")
        let catalogue = report.catalogueCode == nil ? [] : try await self.store.catalogue(transaction)
        let entry = report.catalogueCode.flatMap { code in catalogue.first { $0.code == code } }
        validator.check(report.catalogueCode == nil || entry != nil, "catalogue_code", "is not in the hazard catalogue")
        validator.check(entry != nil || report.category != nil, "category", "is required without catalogue_code")
        validator.text(report.location, "location", max: 300, required: false)
        validator.text(report.description, "description", max: 4000)
        validator.text(report.responsiblePerson, "responsible_person", max: 100, required: false)
        Attachment.validate(report.evidence ?? [], field: "evidence", into: &validator)
        if let deadline = report.deadline { validator.check(CalendarDate.isValid(deadline), "deadline", "must be a date YYYY-MM-DD") }
        try validator.finish()
        try await EvidenceUseCases.requireStored(caller, report.evidence ?? [], field: "evidence")
        guard let institutionID, let institution = try await self.institutions.find(transaction, id: institutionID) else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        if let campaign = report.campaignID, try await self.campaigns.find(transaction, id: campaign) == nil {
            throw DomainError.invalid([FieldError("campaign_id", "names no campaign of this tenant")])
        }
        let now = self.time.now()
        let policy = try await self.policies.hazardPolicy(transaction)
        let today = try await self.policies.today(transaction, at: now)
        let major = report.major ?? entry?.major ?? false
        let defaultDeadline = policy.defaultDeadline(major: major, from: today)
        let deadline = HazardAccess.setsDeadline(caller.principal) ? report.deadline ?? defaultDeadline : defaultDeadline
        let campaign: UUID?
        if let chosen = report.campaignID {
            campaign = chosen
        } else {
            campaign = try await self.store.activeCampaign(transaction, institutionID: institutionID, today: today)
        }
        var hazard = Hazard(
            id: UUIDv7.make(),
            institutionID: institutionID,
            campaignID: campaign,
            source: HazardAccess.source(caller.principal),
            category: entry?.category ?? report.category ?? .general,
            major: major,
            fireRelated: report.fireRelated ?? entry?.fireRelated ?? false,
            location: report.location,
            description: report.description,
            deadline: deadline,
            responsiblePerson: report.responsiblePerson,
            reportedAt: now
        )
        hazard.catalogueCode = entry?.code
        hazard.evidence = report.evidence ?? []
        hazard.institution = InstitutionSummary(institution)
        try await Self.report(caller, hazard, store: self.store)
        return hazard
    }

    /// Writes a new hazard, its audit row and `hazard.reported`.
    static func report(_ caller: Caller, _ hazard: Hazard, store: HazardStore) async throws {
        try await store.report(caller.transaction, hazard)
        try await caller.auditCreated("hazard.reported", "hazard", id: hazard.id, hazard)
        try await caller.emit("hazard.reported", Self.subjects(hazard), hazard)
    }

    static func subjects(_ hazard: Hazard) -> EventSubjects {
        EventSubjects(institutionID: hazard.institutionID, others: ["hazard_id": hazard.id])
    }

    /// Writes a step with its history row and audit row; announces a verification.
    func record(_ caller: Caller, _ action: String, from current: Hazard, to next: Hazard, text: String?) async throws {
        try await self.store.record(caller.transaction, action, from: current, to: next, text: text, by: caller.actor)
        try await caller.audit("hazard.\(action)", "hazard", id: next.id, before: current, after: next)
        if next.state == .verified && current.state != .verified {
            try await caller.emit("hazard.verified", Self.subjects(next), next)
        }
    }

    public func list(_ caller: Caller, filter: HazardFilter, after: UUID?, limit: Int) async throws -> Page<Hazard> {
        try caller.decide { HazardAccess.decide($0, .list) }.require("resource")
        var filter = filter
        let scope = caller.principal.map(HazardAccess.listScope) ?? .tenant
        if case .inspector(let inspector) = scope {
            filter.foundByInspector = inspector
        } else {
            guard let institutionID = scope.institutionFilter(asked: filter.institutionID) else { return Page(items: [], nextAfter: nil) }
            filter.institutionID = institutionID
        }
        return try await self.store.list(caller.finishing(), filter: filter, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Hazard {
        try await self.find(caller, id: id) { .read($0) }
    }

    /// The hazard's history: every step with its text, for whoever may read the hazard.
    public func history(_ caller: Caller, id: UUID) async throws -> [HazardStep] {
        _ = try await self.find(caller, id: id) { .read($0) }
        return try await self.store.steps(caller.finishing(), hazardID: id)
    }

    /// A step of rectification: plan and evidence by the institution, verify, reject or
    /// close by those who judge.
    public func step(_ caller: Caller, _ action: Hazard.Action, id: UUID, text: String?, evidence: [Attachment]?) async throws -> Hazard {
        let current = try await self.find(caller, id: id, forUpdate: true) { .step(action, $0) }
        var validator = Validator()
        let needsText = action == .submitPlan || action == .submitEvidence || action == .reject || action == .closeInstitution
        validator.text(text, "text", max: 4000, required: needsText)
        validator.check(action == .submitEvidence || evidence == nil, "evidence", "is taken only with rectification evidence")
        Attachment.validate(evidence ?? [], field: "evidence", into: &validator)
        try validator.finish()
        try await EvidenceUseCases.requireStored(caller, evidence ?? [], field: "evidence")
        guard let next = current.applying(action, text: text, evidence: evidence ?? [], at: self.time.now()) else {
            throw DomainError.conflict("a hazard that is \(current.state.label) cannot be sent to \(action.label)")
        }
        try await self.record(caller, action.rawValue, from: current, to: next, text: text)
        return next
    }

    public func requestExtension(_ caller: Caller, id: UUID, deadline: String, reason: String) async throws -> Hazard {
        let current = try await self.find(caller, id: id, forUpdate: true) { .requestExtension($0) }
        var validator = Validator()
        validator.check(
            CalendarDate.isValid(deadline) && deadline > current.deadline,
            "deadline",
            "must be a date after the current deadline \(current.deadline)"
        )
        validator.text(reason, "reason", max: 2000)
        try validator.finish()
        guard !current.isSettled else { throw DomainError.conflict("the hazard is \(current.state.label)") }
        guard !current.extensions.contains(where: { $0.decision == .pending }) else {
            throw DomainError.conflict("an extension request is already pending")
        }
        let now = self.time.now()
        var next = current
        next.extensions.append(Hazard.Extension(requestedDeadline: deadline, reason: reason, requestedAt: now))
        next.version += 1
        next.updatedAt = now
        try await self.record(caller, "extension_requested", from: current, to: next, text: reason)
        return next
    }

    public func decideExtension(_ caller: Caller, id: UUID, approve: Bool) async throws -> Hazard {
        let current = try await self.find(caller, id: id, forUpdate: true) { .decideExtension($0) }
        guard let index = current.extensions.lastIndex(where: { $0.decision == .pending }) else {
            throw DomainError.conflict("no extension request is pending")
        }
        let now = self.time.now()
        var next = current
        next.extensions[index].decision = approve ? .approved : .denied
        next.extensions[index].decidedAt = now
        if approve {
            next.deadline = current.extensions[index].requestedDeadline
            next.overdue = false
        }
        next.version += 1
        next.updatedAt = now
        let action = approve ? "extension_approved" : "extension_denied"
        try await self.record(caller, action, from: current, to: next, text: nil)
        return next
    }

    /// The hazard if it exists for the caller and the policy allows `action` on it.
    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (HazardAccess.Record) -> HazardAccess.Action
    ) async throws -> Hazard {
        guard let hazard = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("hazard")
        }
        var foundBy: [UUID] = []
        if let principal = caller.principal, HazardAccess.needsFinders(principal), let inspectionID = hazard.inspectionID {
            foundBy = try await self.inspections.find(caller.transaction, id: inspectionID)?.inspectorIDs ?? []
        }
        let record = HazardAccess.Record(hazard, foundBy: foundBy)
        try caller.decide { HazardAccess.decide($0, action(record)) }.require("hazard")
        return hazard
    }

    // MARK: the daily deadline work

    /// Refreshes the enrolment of running campaigns, then flags overdue hazards
    /// (`hazard.overdue`), puts overdue major ones under formal supervision, proposes
    /// (never lists) a blacklist entry for a major fire hazard still unrectified (once per
    /// hazard), and sends reminders before deadlines. Returns how many hazards changed.
    public func runDeadlines(_ caller: Caller) async throws -> Int {
        let transaction = caller.transaction
        let now = self.time.now()
        let today = try await self.policies.today(transaction, at: now)
        for campaign in try await self.campaigns.running(transaction, today: today) {
            try await self.campaigns.enroll(transaction, campaign)
        }
        let policy = try await self.policies.hazardPolicy(transaction)
        var changed = 0
        for hazard in try await self.store.dueForDeadlines(transaction, today: today, reminderDays: policy.reminderDays) {
            let due = HazardDeadlineDue.evaluate(hazard, today: today, policy: policy)
            if due.proposeBlacklist {
                _ = try await BlacklistUseCases.propose(caller, .proposal(unrectified: hazard, at: now), store: self.blacklist)
            }
            guard due.markOverdue || due.supervise || due.remind else { continue }
            var next = hazard
            next.overdue = hazard.overdue || due.markOverdue
            next.supervised = hazard.supervised || due.supervise
            if due.remind { next.remindedAt = now }
            next.version += 1
            next.updatedAt = now
            try await self.record(caller, due.markOverdue ? "overdue" : "remind", from: hazard, to: next, text: nil)
            if due.markOverdue {
                try await caller.emit("hazard.overdue", Self.subjects(next), next)
            } else if due.remind {
                try await caller.emit("hazard.reminder", Self.subjects(next), next)
            }
            changed += 1
        }
        return changed
    }
}
