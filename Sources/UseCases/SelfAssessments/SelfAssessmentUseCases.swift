import Domain
import Foundation
import Storage

/// Self-assessments (自查自评): an institution assesses itself against a published
/// checklist; a regulator sees each beside the latest reviewed inspection of the same
/// template (`SelfAssessmentAccess`).
public struct SelfAssessmentUseCases: Sendable {
    let store = SelfAssessmentStore()
    let inspections = InspectionStore()
    let checklistVersions = ChecklistStore()
    let checklists = PublishedChecklists()
    let drafts = OnSiteStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// The assessment beside the inspection it is compared with.
    public struct Comparison: Sendable {
        public var selfAssessment: SelfAssessment
        public var inspection: Inspection?
        public var disagreements: [Disagreement]
    }

    public func submit(_ caller: Caller, checklistVersionID: UUID?, results: [ItemResult]) async throws -> SelfAssessment {
        try caller.decide { SelfAssessmentAccess.decide($0, .submit) }.require("institution")
        guard let institutionID = caller.principal?.subjectID else { throw DomainError.notFound("institution") }
        let checklist = try await self.checklists.resolve(caller.transaction, checklistVersionID)
        var validator = Validator()
        ItemResult.validate(results, against: checklist, into: &validator)
        let outcome = ChecklistEvaluation.evaluate(checklist, results: results)
        validator.check(
            outcome.missingCodes.isEmpty,
            "results",
            "must give every item a result; missing: \(outcome.missingCodes.joined(separator: ", "))"
        )
        try validator.finish()
        try await EvidenceUseCases.requireStored(caller, results)
        let assessment = SelfAssessment(
            id: UUIDv7.make(),
            institutionID: institutionID,
            templateID: checklist.templateID,
            templateVersionID: checklist.id,
            results: results,
            evaluation: Inspection.Evaluation(outcome),
            submittedAt: self.time.now()
        )
        try await self.store.create(caller.transaction, assessment, submittedBy: caller.actor.tokenID)
        try await caller.auditCreated("self_assessment.submitted", "self_assessment", id: assessment.id, assessment)
        return assessment
    }

    /// The calling institution's self-assessment in progress: the checklist it answers
    /// (the draft's, or the default published one) and the answers saved so far.
    public func draft(_ caller: Caller) async throws -> (checklist: ChecklistVersion, results: [ItemResult], savedAt: Date?) {
        try caller.decide { SelfAssessmentAccess.decide($0, .submit) }.require("institution")
        guard let institutionID = caller.principal?.subjectID else { throw DomainError.notFound("institution") }
        let draft = try await self.drafts.draft(caller.transaction, institutionID: institutionID)
        let checklist = try await self.checklists.resolve(caller.transaction, draft?.checklistVersionID)
        return (checklist, draft?.results ?? [], draft?.savedAt)
    }

    /// Saves the answers given so far (any number of items), to go on with later.
    public func saveDraft(_ caller: Caller, checklistVersionID: UUID, results: [ItemResult]) async throws {
        try caller.decide { SelfAssessmentAccess.decide($0, .submit) }.require("institution")
        guard let institutionID = caller.principal?.subjectID else { throw DomainError.notFound("institution") }
        let checklist = try await self.checklists.resolve(caller.transaction, checklistVersionID)
        if !results.isEmpty {
            var validator = Validator()
            ItemResult.validate(results, against: checklist, into: &validator)
            try validator.finish()
        }
        let draft = OnSiteStore.Draft(checklistVersionID: checklist.id, results: results, savedAt: self.time.now())
        try await self.drafts.saveDraft(caller.transaction, institutionID: institutionID, draft)
    }

    /// Submits the answers as the self-assessment; the draft goes with it.
    public func submitDraft(_ caller: Caller, checklistVersionID: UUID, results: [ItemResult]) async throws -> SelfAssessment {
        let assessment = try await self.submit(caller, checklistVersionID: checklistVersionID, results: results)
        try await self.drafts.deleteDraft(caller.transaction, institutionID: assessment.institutionID)
        return assessment
    }

    public func list(_ caller: Caller, institutionID: UUID?, after: UUID?, limit: Int) async throws -> Page<SelfAssessment> {
        try caller.decide { SelfAssessmentAccess.decide($0, .list) }.require("resource")
        let scope = caller.principal.map(SelfAssessmentAccess.listScope) ?? .tenant
        guard let institutionID = scope.institutionFilter(asked: institutionID) else { return Page(items: [], nextAfter: nil) }
        return try await self.store.list(caller.finishing(), institutionID: institutionID, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> SelfAssessment {
        try await self.find(caller, id: id) { .read($0) }
    }

    public func compare(_ caller: Caller, id: UUID) async throws -> Comparison {
        let assessment = try await self.find(caller, id: id) { .compare($0) }
        let transaction = caller.transaction
        let inspectionID = try await self.store.latestReviewedInspectionID(
            transaction,
            institutionID: assessment.institutionID,
            templateID: assessment.templateID
        )
        let inspection = try await inspectionID.asyncMap { try await self.inspections.find(transaction, id: $0) } ?? nil
        var disagreements: [Disagreement] = []
        if let inspection, let checklist = try await self.checklistVersions.findVersion(transaction, id: assessment.templateVersionID) {
            let inspected = try await self.inspections.results(transaction, inspectionID: inspection.id)
            disagreements = Disagreement.list(checklist, selfAssessed: assessment.results, inspected: inspected)
        }
        return Comparison(selfAssessment: assessment, inspection: inspection, disagreements: disagreements)
    }

    func find(_ caller: Caller, id: UUID, _ action: (SelfAssessment) -> SelfAssessmentAccess.Action) async throws -> SelfAssessment {
        guard let assessment = try await self.store.find(caller.transaction, id: id) else {
            throw DomainError.notFound("self-assessment")
        }
        try caller.decide { SelfAssessmentAccess.decide($0, action(assessment)) }.require("self-assessment")
        return assessment
    }
}
