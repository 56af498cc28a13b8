import Foundation

/// Webhook subscriptions: a regulator manages every subscription of its tenant and may
/// make one for an institution or an inspector; inspectors and institutions manage
/// their own. Anyone else's is invisible.
public enum WebhookAccess {
    public enum Action: Sendable, Equatable {
        case subscribe, list
        /// Reading, changing, rotating, pinging or replaying a subscription of this owner.
        case manage(WebhookOwner)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .subscribe, .list: return AccessDecision.only([.regulator, .inspector, .institution], principal)
        case .manage(let owner): return principal.tenantID != nil && owner.isManageable(by: principal) ? .allowed : .hidden
        }
    }

    /// Whose subscriptions a list shows: all of the tenant's (`nil`) or the caller's own.
    public static func listedOwner(_ principal: Principal) -> WebhookOwner? {
        principal.role == .regulator ? nil : WebhookOwner(principal: principal)
    }

    /// The owner of a new subscription: a regulator may name one institution or
    /// inspector (or none: its own); anyone else subscribes for itself only.
    public static func owner(
        _ principal: Principal,
        institutionID: UUID?,
        inspectorID: UUID?,
        into validator: inout Validator
    ) -> WebhookOwner? {
        if principal.role == .regulator {
            validator.check(institutionID == nil || inspectorID == nil, "inspector_id", "give institution_id or inspector_id, not both")
            if let id = institutionID { return WebhookOwner(role: .institution, id: id) }
            if let id = inspectorID { return WebhookOwner(role: .inspector, id: id) }
            return WebhookOwner(role: .regulator, id: nil)
        }
        validator.check(institutionID == nil, "institution_id", "only a regulator may subscribe for someone else")
        validator.check(inspectorID == nil, "inspector_id", "only a regulator may subscribe for someone else")
        return WebhookOwner(principal: principal)
    }
}
