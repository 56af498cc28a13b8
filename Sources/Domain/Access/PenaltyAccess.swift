import Foundation

/// Penalty decisions: the tenant's regulators draft, notify, record hearings and decide;
/// the institution concerned reads its own from the prior notice on (never a draft),
/// states its case or waives it, asks for a hearing and applies for credit repair;
/// inspectors and other institutions see none.
public enum PenaltyAccess {
    public enum Action: Sendable, Equatable {
        case create, list
        case read(PenaltyDecision)
        /// Edit, notify, record a hearing, decide, publish, decide a repair.
        case manage(PenaltyDecision)
        /// The party's own statement (陈述申辩) or hearing request, and its repair application.
        case answer(PenaltyDecision)
        case readPolicy, setPolicy
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .create, .setPolicy, .readPolicy: return AccessDecision.only([.regulator], principal)
        case .list: return AccessDecision.only([.regulator, .institution], principal)
        case .read(let decision): return self.sees(principal, decision) ? .allowed : .hidden
        case .manage(let decision):
            guard self.sees(principal, decision) else { return .hidden }
            return principal.role == .regulator ? .allowed : .forbidden("only the regulator decides a penalty")
        case .answer(let decision):
            guard self.sees(principal, decision) else { return .hidden }
            return principal.role == .institution || principal.role == .regulator
                ? .allowed : .forbidden("only the party, or the regulator recording what it said, answers")
        }
    }

    static func sees(_ principal: Principal, _ decision: PenaltyDecision) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .institution: return principal.subjectID == decision.institutionID && decision.state != .draft
        case .inspector, .platformAdmin: return false
        }
    }
}
