import Foundation

/// Fire-safety campaigns are the regulator's to run and follow.
public enum CampaignAccess {
    public enum Action: Sendable, Equatable {
        case launch, list, read, progress, exportHazards
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        AccessDecision.only([.regulator], principal)
    }
}
