import Foundation

/// Who may do what with inspections: regulators schedule, review, return and publish;
/// the assigned inspectors record results and submit; an institution sees (and lists)
/// its own only once published (inspections are unannounced).
public enum InspectionAccess {
    public enum Action: Sendable, Equatable {
        case schedule
        /// Every inspection of the tenant, filtered.
        case list
        /// The caller's own assignments (`/v1/me/inspections`).
        case listAssigned
        case read(Inspection)
        case recordResults(Inspection)
        case step(InspectionAction, Inspection)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .schedule: return AccessDecision.only([.regulator], principal)
        case .list: return AccessDecision.only([.regulator, .institution], principal)
        case .listAssigned: return principal.role == .inspector && principal.subjectID != nil ? .allowed : .hidden
        case .read(let inspection): return self.sees(principal, inspection) ? .allowed : .hidden
        case .recordResults(let inspection):
            guard self.sees(principal, inspection) else { return .hidden }
            return principal.role == .inspector ? .allowed : .forbidden("only an assigned inspector records results")
        case .step(let step, let inspection):
            guard self.sees(principal, inspection) else { return .hidden }
            return principal.role == step.actor
                ? .allowed : .forbidden("only a \(step.actor.label) may \(step.label) an inspection")
        }
    }

    /// The inspections a list shows the caller: the tenant's, or an institution's own
    /// published ones (`publishedOnly`).
    public static func listScope(_ principal: Principal) -> (scope: ListScope, publishedOnly: Bool) {
        switch principal.role {
        case .regulator: (.tenant, false)
        case .institution: (principal.subjectID.map(ListScope.institution) ?? .nothing, true)
        case .inspector, .platformAdmin: (.nothing, true)
        }
    }

    /// Whether the inspection exists for the caller at all.
    static func sees(_ principal: Principal, _ inspection: Inspection) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .inspector: return principal.subjectID.map(inspection.inspectorIDs.contains) ?? false
        case .institution: return principal.subjectID == inspection.institutionID && inspection.state == .published
        case .platformAdmin: return false
        }
    }
}
