import Foundation

/// Draws (双随机) are the regulator's alone until drawn; the public sees a drawn one on
/// the portal, which does not go through this policy.
public enum DrawAccess {
    public enum Action: Sendable, Equatable {
        case plan, list, read, commit, execute, discard
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        AccessDecision.only([.regulator], principal)
    }
}
