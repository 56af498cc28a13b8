import Foundation

/// The credit blacklist: regulators propose, notify, list, withdraw and remove; a
/// notified institution sees its entry and may object or waive its objection. An
/// institution never sees a bare proposal.
public enum BlacklistAccess {
    public enum Action: Sendable, Equatable {
        case readPolicy, setPolicy, propose, list
        case read(BlacklistEntry)
        case step(BlacklistEntry.Action, BlacklistEntry)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .readPolicy, .setPolicy, .propose: return AccessDecision.only([.regulator], principal)
        case .list: return AccessDecision.only([.regulator, .institution], principal)
        case .read(let entry): return self.sees(principal, entry) ? .allowed : .hidden
        case .step(let step, let entry):
            guard self.sees(principal, entry) else { return .hidden }
            // Objecting and waiving are the institution's; everything else the regulator's.
            let institutions = step == .object || step == .waive
            return (principal.role == .institution) == institutions
                ? .allowed
                : .forbidden(institutions ? "only the institution may \(step.label) an entry" : "only a regulator may \(step.label) an entry")
        }
    }

    /// Which entries a list shows the caller: the tenant's, or an institution's own in
    /// the states it may see.
    public static func listScope(_ principal: Principal, states: [BlacklistEntry.State]?) -> (scope: ListScope, states: [BlacklistEntry.State]?) {
        switch principal.role {
        case .regulator: return (.tenant, states)
        case .institution:
            let visible = (states ?? BlacklistEntry.State.allCases).filter { $0 != .proposed }
            return (principal.subjectID.map(ListScope.institution) ?? .nothing, visible)
        case .inspector, .platformAdmin: return (.nothing, states)
        }
    }

    static func sees(_ principal: Principal, _ entry: BlacklistEntry) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .institution: return principal.subjectID == entry.institutionID && entry.isVisibleToInstitution
        case .inspector, .platformAdmin: return false
        }
    }
}
