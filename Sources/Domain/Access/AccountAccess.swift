import Foundation

/// People's accounts: a regulator invites, lists and disables the accounts of its tenant;
/// everyone reads their own (sign-in history) and no one else's.
public enum AccountAccess {
    public enum Action: Sendable, Equatable {
        case invite, list, disable
        /// The person's own page: their sign-in history.
        case readOwn(UUID)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .invite, .list, .disable: AccessDecision.only([.regulator], principal)
        case .readOwn(let id): principal.accountID == id && principal.tenantID != nil ? .allowed : .hidden
        }
    }
}
