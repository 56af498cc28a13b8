import Foundation

/// Rectification notices: the tenant's regulators draft, issue, serve and conclude them;
/// the institution named reads its own once issued (never a draft) and confirms
/// receipt itself (electronic service); inspectors and other institutions see none.
public enum NoticeAccess {
    public enum Action: Sendable, Equatable {
        case create, list
        case read(RectificationNotice)
        /// Edit, issue, serve in person or by post, link a revisit, conclude.
        case manage(RectificationNotice)
        /// The institution's own confirmation of receipt.
        case acknowledge(RectificationNotice)
        case readPolicy, setPolicy
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .create, .setPolicy: return AccessDecision.only([.regulator], principal)
        case .list, .readPolicy: return AccessDecision.only([.regulator, .institution], principal)
        case .read(let notice): return self.sees(principal, notice) ? .allowed : .hidden
        case .manage(let notice):
            guard self.sees(principal, notice) else { return .hidden }
            return principal.role == .regulator ? .allowed : .forbidden("only the regulator issues and serves a notice")
        case .acknowledge(let notice):
            guard self.sees(principal, notice) else { return .hidden }
            return principal.role == .institution ? .allowed : .forbidden("only the institution named confirms receipt itself")
        }
    }

    /// A regulator's list is the tenant's notices; an institution's its own issued ones.
    public static func listScope(_ principal: Principal) -> ListScope {
        ListScope.ofInstitutionRecords(principal)
    }

    static func sees(_ principal: Principal, _ notice: RectificationNotice) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .institution: return principal.subjectID == notice.institutionID && notice.state != .draft
        case .inspector, .platformAdmin: return false
        }
    }
}
