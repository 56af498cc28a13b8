import Foundation

/// Self-assessments (自查自评): an institution submits and reads its own; the regulator
/// reads them all and compares each with the latest reviewed inspection.
public enum SelfAssessmentAccess {
    public enum Action: Sendable, Equatable {
        case submit
        case list
        case read(SelfAssessment)
        case compare(SelfAssessment)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .submit: return principal.role == .institution && principal.subjectID != nil ? .allowed : .hidden
        case .list: return AccessDecision.only([.regulator, .institution], principal)
        case .read(let assessment): return AccessDecision.ownedBy(assessment.institutionID, principal)
        case .compare: return AccessDecision.only([.regulator], principal)
        }
    }

    /// An institution sees only its own, whatever it asks for.
    public static func listScope(_ principal: Principal) -> ListScope { .ofInstitutionRecords(principal) }
}
