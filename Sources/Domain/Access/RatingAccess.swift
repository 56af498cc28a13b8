import Foundation

/// Star ratings (GB/T 37276): the regulator keeps the scheme, computes drafts and
/// publishes them; an institution reads its own once they are no longer drafts.
public enum RatingAccess {
    public enum Action: Sendable, Equatable {
        case readScheme, setScheme, assess, list, publish, discard
        case read(Rating)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .readScheme, .setScheme, .assess, .publish, .discard: return AccessDecision.only([.regulator], principal)
        case .list: return AccessDecision.only([.regulator, .institution], principal)
        case .read(let rating):
            guard principal.role != .institution || rating.state != .draft else { return .hidden }
            return AccessDecision.ownedBy(rating.institutionID, principal)
        }
    }

    /// An institution's list is its own ratings; a regulator's the tenant's.
    public static func listScope(_ principal: Principal) -> ListScope { .ofInstitutionRecords(principal) }
}
