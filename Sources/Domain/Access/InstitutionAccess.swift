import Foundation

/// Who may do what with the institution register: the regulator keeps it; an
/// institution reads its own record and reports its own operating figures; an inspector
/// reads the institutions it is assigned to inspect (to find them), and no others.
public enum InstitutionAccess {
    public enum Action: Sendable, Equatable {
        case create
        case list
        /// Reading this institution; `inspectorAssigned` says whether the calling
        /// inspector has an inspection of it (false for anyone else).
        case read(UUID, inspectorAssigned: Bool = false)
        /// Changing these JSON fields of this institution's record.
        case update(UUID, fields: Set<String>)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch (principal.role, action) {
        case (.regulator, _): return AccessDecision.only([.regulator], principal)
        case (.institution, .list): return .allowed
        case (.institution, .read(let id, _)): return principal.subjectID == id ? .allowed : .hidden
        case (.inspector, .read(_, let assigned)): return assigned && principal.tenantID != nil ? .allowed : .hidden
        case (.institution, .update(let id, let fields)):
            guard principal.subjectID == id else { return .hidden }
            let identity = fields.subtracting(Institution.operatingFigureFields).sorted()
            guard identity.isEmpty else {
                return .forbidden(
                    "An institution may report only beds, nursing_beds, residents and staff.",
                    errors: identity.map { FieldError($0, "may be changed only by the regulator") }
                )
            }
            return .allowed
        default: return .hidden
        }
    }

    /// Whether deciding `.read` for this caller needs to know its assignments.
    public static func needsAssignments(_ principal: Principal) -> Bool { principal.role == .inspector }

    /// The part of the register a caller's list shows.
    public static func listScope(_ principal: Principal) -> ListScope {
        switch principal.role {
        case .institution: principal.subjectID.map(ListScope.institution) ?? .nothing
        default: .tenant
        }
    }
}
