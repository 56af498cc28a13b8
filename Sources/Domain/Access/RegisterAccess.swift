import Foundation

/// The regulator's own tools outside the aggregates: its indicators, the dashboard,
/// and the tokens it issues to its inspectors and institutions.
public enum RegulatorAccess {
    public enum Action: Sendable, Equatable {
        case readIndicators, openDashboard, issueToken, revokeToken
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        AccessDecision.only([.regulator], principal)
    }
}

/// The platform: tenants are the platform administrators'; the job queue is theirs
/// across tenants and each regulator's within its own. To anyone else these routes do
/// not exist.
public enum PlatformAccess {
    public enum Action: Sendable, Equatable {
        case createTenant, listTenants, listJobs, steerJob
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch (action, principal.role) {
        case (_, .platformAdmin): .allowed
        case (.listJobs, .regulator), (.steerJob, .regulator): principal.tenantID != nil ? .allowed : .hidden
        default: .hidden
        }
    }

    /// Whether the caller's view of the queue spans every tenant.
    public static func seesEveryTenant(_ principal: Principal) -> Bool { principal.role == .platformAdmin }
}
