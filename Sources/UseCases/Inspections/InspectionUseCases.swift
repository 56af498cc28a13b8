import Domain
import Foundation
import Storage

/// Inspections: regulators schedule them ad hoc, review, return and publish them; the
/// assigned inspectors record results and submit (`InspectionAccess`). Review turns
/// fire-related findings into hazards in the same transaction.
public struct InspectionUseCases: Sendable {
    let store = InspectionStore()
    let institutions = InstitutionStore()
    let inspectors = InspectorStore()
    let checklists = PublishedChecklists()
    let hazards = HazardsFromFindings()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// An ad hoc inspection; a targeted one names the case it is opened for (`forCase`,
    /// through `CaseUseCases.openInspection`).
    public func schedule(_ caller: Caller, _ input: NewInspection, forCase caseID: UUID? = nil) async throws -> Inspection {
        try caller.decide { InspectionAccess.decide($0, .schedule) }.require("resource")
        try input.validate()
        let transaction = caller.transaction
        guard let institution = try await self.institutions.find(transaction, id: input.institutionID) else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let checklist = try await self.checklists.resolve(transaction, input.checklistTemplateVersionID)
        let inspectors = try await self.checkInspectors(transaction, input.inspectorIDs, institutionID: institution.id)
        let now = self.time.now()
        var inspection = Inspection(
            id: UUIDv7.make(),
            institutionID: institution.id,
            templateID: checklist.templateID,
            templateVersionID: checklist.id,
            drawID: nil,
            scheduledOn: input.scheduledOn,
            state: .planned,
            inspectorIDs: input.inspectorIDs.sorted { $0.uuidString < $1.uuidString },
            createdAt: now,
            updatedAt: now
        )
        inspection.caseID = caseID
        // Names beside the ids, for the answer and the inspectors' event.
        inspection.institution = InstitutionSummary(institution)
        inspection.inspectors = inspectors.sorted { $0.id.uuidString < $1.id.uuidString }.map { InspectorSummary(id: $0.id, name: $0.name) }
        try await self.store.create(transaction, inspection, standard: checklist.standard, by: caller.actor.tokenID)
        try await caller.auditCreated("inspection.created", "inspection", id: inspection.id, inspection)
        try await caller.emit("inspection.assigned", Self.assignedSubjects(inspection), inspection)
        return inspection
    }

    /// An assignment is announced to its inspectors only: inspections are unannounced.
    static func assignedSubjects(_ inspection: Inspection) -> EventSubjects {
        EventSubjects(inspectorIDs: inspection.inspectorIDs, others: ["inspection_id": inspection.id])
    }

    /// Inspectors must exist, be active, and have no conflict with the institution (回避).
    /// Returns them.
    func checkInspectors(_ transaction: TenantTransaction, _ ids: [UUID], institutionID: UUID) async throws -> [Inspector] {
        let inspectors = try await self.inspectors.find(transaction, ids: ids)
        var validator = Validator()
        let found = Set(inspectors.map(\.id))
        for id in ids where !found.contains(id) {
            validator.check(false, "inspector_ids", "\(id.lowercasedString) names no inspector of this tenant")
        }
        let conflicted = try await self.inspectors.conflicted(transaction, inspectorIDs: ids, institutionID: institutionID)
        for inspector in inspectors {
            let id = inspector.id.lowercasedString
            validator.check(inspector.active, "inspector_ids", "\(id) is not active")
            validator.check(!conflicted.contains(inspector.id), "inspector_ids", "\(id) has a conflict of interest with the institution")
        }
        try validator.finish()
        return inspectors
    }

    public func list(_ caller: Caller, filter: InspectionFilter, after: UUID?, limit: Int) async throws -> Page<Inspection> {
        try caller.decide { InspectionAccess.decide($0, .list) }.require("resource")
        var filter = filter
        let (scope, publishedOnly) = caller.principal.map(InspectionAccess.listScope) ?? (.tenant, false)
        guard let institutionID = scope.institutionFilter(asked: filter.institutionID) else { return Page(items: [], nextAfter: nil) }
        filter.institutionID = institutionID
        if publishedOnly {
            guard filter.state == nil || filter.state == .published else { return Page(items: [], nextAfter: nil) }
            filter.state = .published
        }
        return try await self.store.list(caller.finishing(), filter: filter, after: after, limit: limit)
    }

    /// The caller's own assignments.
    public func assigned(_ caller: Caller, state: InspectionState?, after: UUID?, limit: Int) async throws -> Page<Inspection> {
        try caller.decide { InspectionAccess.decide($0, .listAssigned) }.require("inspector")
        guard let inspectorID = caller.principal?.subjectID else { throw DomainError.notFound("inspector") }
        let filter = InspectionFilter(inspectorID: inspectorID, state: state)
        return try await self.store.list(caller.finishing(), filter: filter, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> InspectionDetail {
        let inspection = try await self.find(caller, id: id) { .read($0) }
        return InspectionDetail(
            inspection: inspection,
            results: try await self.store.results(caller.transaction, inspectionID: id),
            findings: try await self.store.findings(caller.transaction, inspectionID: id)
        )
    }

    /// Records results for items of the checklist; the first result starts the inspection.
    public func recordResults(_ caller: Caller, id: UUID, _ results: [ItemResult]) async throws -> InspectionDetail {
        let current = try await self.find(caller, id: id, forUpdate: true) { .recordResults($0) }
        return try await self.record(caller, current, results)
    }

    /// `recordResults` on an inspection the caller has found, locked, with the policy's leave.
    func record(_ caller: Caller, _ current: Inspection, _ results: [ItemResult]) async throws -> InspectionDetail {
        guard current.state.acceptsResults else {
            throw DomainError.conflict("results can be recorded only while the inspection is planned or in progress")
        }
        let checklist = try await self.checklists.resolve(caller.transaction, current.templateVersionID)
        var validator = Validator()
        ItemResult.validate(results, against: checklist, into: &validator)
        try validator.finish()
        try await EvidenceUseCases.requireStored(caller, results)
        var inspection = current
        if current.state == .planned {
            inspection = try await self.advance(caller, .start, current, reason: nil, checklist: checklist)
        }
        try await self.store.recordResults(caller.transaction, inspection: inspection, results, by: caller.actor.subjectID)
        try await caller.audit("inspection.results_recorded", "inspection", id: inspection.id, before: [ItemResult]?.none, after: results)
        let recorded = try await self.store.results(caller.transaction, inspectionID: inspection.id)
        return InspectionDetail(inspection: inspection, results: recorded, findings: [])
    }

    /// One step of the workflow by whoever may take it; `reason` only when returning;
    /// `hazardsFor` only when reviewing: the items whose findings become hazards besides
    /// the fire-related ones (which always do).
    public func step(
        _ caller: Caller,
        _ action: InspectionAction,
        id: UUID,
        reason: String?,
        hazardsFor: [String]? = nil
    ) async throws -> Inspection {
        let current = try await self.find(caller, id: id, forUpdate: true) { .step(action, $0) }
        var validator = Validator()
        if action == .returnToInspector {
            validator.text(reason, "reason", max: 2000)
        } else {
            validator.check(reason == nil, "reason", "is taken only when returning an inspection")
        }
        validator.check(action == .review || hazardsFor == nil, "hazards_for", "is taken only when reviewing")
        validator.check((hazardsFor ?? []).count <= 500, "hazards_for", "must list at most 500 items")
        try validator.finish()
        let checklist = try await self.checklists.resolve(caller.transaction, current.templateVersionID)
        return try await self.advance(caller, action, current, reason: reason, checklist: checklist, hazardsFor: Set(hazardsFor ?? []))
    }

    /// The inspection if it exists for the caller and the policy allows `action` on it.
    func find(
        _ caller: Caller,
        id: UUID,
        forUpdate: Bool = false,
        _ action: (Inspection) -> InspectionAccess.Action
    ) async throws -> Inspection {
        guard let inspection = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("inspection")
        }
        try caller.decide { InspectionAccess.decide($0, action(inspection)) }.require("inspection")
        return inspection
    }

    /// Takes one workflow step: checks it is allowed from the current state, evaluates
    /// the results on submission, records it, and on review materialises the findings.
    func advance(
        _ caller: Caller,
        _ action: InspectionAction,
        _ current: Inspection,
        reason: String?,
        checklist: ChecklistVersion,
        hazardsFor: Set<String> = []
    ) async throws -> Inspection {
        guard let state = action.next(from: current.state) else {
            throw DomainError.conflict("an inspection that is \(current.state.label) cannot be sent to \(action.label)")
        }
        let transaction = caller.transaction
        var next = current
        next.state = state
        next.version = current.version + 1
        next.updatedAt = self.time.now()
        next.returnReason = action == .returnToInspector ? reason : current.returnReason
        if action == .submit {
            let results = try await self.store.results(transaction, inspectionID: current.id)
            let outcome = ChecklistEvaluation.evaluate(checklist, results: results)
            guard outcome.missingCodes.isEmpty else {
                throw DomainError.invalid(
                    outcome.missingCodes.map { FieldError("results.\($0)", "has no result") },
                    detail: "Every item needs a result before submission; missing: \(outcome.missingCodes.joined(separator: ", "))."
                )
            }
            next.evaluation = Inspection.Evaluation(outcome)
        }
        try await self.store.apply(transaction, action, to: current, next: next, by: caller.actor)
        try await caller.audit("inspection.\(action.rawValue)", "inspection", id: current.id, before: current, after: next)
        let events: [InspectionAction: String] = [
            .submit: "inspection.submitted", .returnToInspector: "inspection.returned", .publish: "inspection.published",
        ]
        if let type = events[action] {
            // Only a published inspection is the institution's business.
            let subjects = EventSubjects(
                institutionID: action == .publish ? next.institutionID : nil,
                inspectorIDs: next.inspectorIDs,
                others: ["inspection_id": next.id]
            )
            try await caller.emit(type, subjects, next)
        }
        if action == .review {
            try await self.store.recordFindings(transaction, inspection: next, checklist: checklist)
            try await self.hazards.create(transaction, inspection: next, at: next.updatedAt, alsoItems: hazardsFor)
        }
        next.steps = try await self.store.steps(transaction, inspectionID: current.id)
        return next
    }
}
