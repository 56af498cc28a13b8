import Foundation

/// The inspector pool and declared conflicts are the regulator's; an inspector reads
/// its own record.
public enum InspectorAccess {
    public enum Action: Sendable, Equatable {
        case register, list, update, declareConflict, listConflicts, removeConflict
        case read(UUID)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .read(let id) where principal.role == .inspector:
            return principal.tenantID != nil && principal.subjectID == id ? .allowed : .hidden
        default: return AccessDecision.only([.regulator], principal)
        }
    }
}
