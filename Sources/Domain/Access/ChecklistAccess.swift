import Foundation

/// Checklists: everyone in the tenant reads templates and published versions; the
/// regulator writes the tenant's own templates and reads their drafts.
public enum ChecklistAccess {
    public enum Action: Sendable, Equatable {
        case listTemplates, readTemplate, create, saveDraft, publish
        case readVersion(ChecklistVersion.State)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .listTemplates, .readTemplate: return AccessDecision.only([.regulator, .inspector, .institution], principal)
        case .create, .saveDraft, .publish: return AccessDecision.only([.regulator], principal)
        case .readVersion(let state):
            return state == .published
                ? AccessDecision.only([.regulator, .inspector, .institution], principal) : AccessDecision.only([.regulator], principal)
        }
    }
}
