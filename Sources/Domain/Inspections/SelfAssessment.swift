import Foundation

/// An institution's own assessment (自查自评) against a checklist version.
public struct SelfAssessment: Sendable, Equatable, Codable {
    public var id: UUID
    public var institutionID: UUID
    public var templateID: UUID
    public var templateVersionID: UUID
    public var results: [ItemResult]
    public var evaluation: Inspection.Evaluation
    public var submittedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, results, evaluation
        case institutionID = "institution_id"
        case templateID = "template_id"
        case templateVersionID = "template_version_id"
        case submittedAt = "submitted_at"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        templateID: UUID,
        templateVersionID: UUID,
        results: [ItemResult],
        evaluation: Inspection.Evaluation,
        submittedAt: Date
    ) {
        self.id = id
        self.institutionID = institutionID
        self.templateID = templateID
        self.templateVersionID = templateVersionID
        self.results = results
        self.evaluation = evaluation
        self.submittedAt = submittedAt
    }
}

/// One item on which a self-assessment and an inspection disagree.
public struct Disagreement: Sendable, Equatable, Codable {
    public var itemCode: String
    public var selfAssessed: ChecklistEvaluation.Result?
    public var inspected: ChecklistEvaluation.Result?

    enum CodingKeys: String, CodingKey {
        case itemCode = "item_code"
        case selfAssessed = "self_assessed"
        case inspected
    }

    public init(itemCode: String, selfAssessed: ChecklistEvaluation.Result?, inspected: ChecklistEvaluation.Result?) {
        self.itemCode = itemCode
        self.selfAssessed = selfAssessed
        self.inspected = inspected
    }

    /// The disagreements over `checklist`'s items, in checklist order.
    public static func list(
        _ checklist: ChecklistVersion,
        selfAssessed: [ItemResult],
        inspected: [ItemResult]
    ) -> [Disagreement] {
        let own = ItemResult.byCode(selfAssessed)
        let theirs = ItemResult.byCode(inspected)
        return ChecklistEvaluation.disagreements(checklist.evaluationItems, own, theirs).map {
            Disagreement(itemCode: $0, selfAssessed: own[$0], inspected: theirs[$0])
        }
    }
}
