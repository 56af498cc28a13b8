/// The enums whose values people read (in messages, CSV and pages), with the context
/// their words have in the catalogue. Every case needs a Chinese word in
/// `MessageCatalogue.terms`; `MessageCatalogueTests` walks `Labels.all`.
public enum Labels {
    public static var all: [any Labelled.Type] {
        [
            Role.self, Institution.OperatorType.self, Institution.Status.self, InspectionState.self, InspectionAction.self,
            ChecklistEvaluation.Result.self, ServiceRisk.self, HazardCategory.self, Hazard.State.self, Hazard.Action.self,
            Hazard.Source.self, Hazard.Extension.Decision.self, Rating.State.self, BlacklistEntry.State.self,
            BlacklistEntry.Action.self, BlacklistEntry.RemovalKind.self, Draw.State.self, JobState.self,
            ChecklistTemplate.Scope.self, ChecklistVersion.State.self, Campaign.Stage.Kind.self,
            WebhookSubscription.State.self, WebhookDelivery.State.self, Case.Kind.self, Case.State.self, Case.Action.self,
            Case.Result.self, Complaint.Channel.self, CaseLink.Kind.self, CaseLink.Relation.self, WorkingCalendar.Kind.self, Account.State.self,
            RectificationNotice.State.self, RectificationNotice.Outcome.self, RectificationNotice.Service.Channel.self,
            PenaltyDecision.State.self, PenaltyDecision.Category.self,
        ]
    }
}

extension Role: Labelled { public static let labelContext = "role" }
extension Account.State: Labelled { public static let labelContext = "account.state" }
extension Institution.OperatorType: Labelled { public static let labelContext = "institution.operator_type" }
extension Institution.Status: Labelled { public static let labelContext = "institution.status" }
extension InspectionState: Labelled { public static let labelContext = "inspection.state" }
extension InspectionAction: Labelled { public static let labelContext = "inspection.action" }
extension ChecklistEvaluation.Result: Labelled { public static let labelContext = "result" }
extension ServiceRisk: Labelled { public static let labelContext = "service_risk" }
extension HazardCategory: Labelled { public static let labelContext = "hazard_category" }
extension Hazard.State: Labelled { public static let labelContext = "hazard.state" }
extension Hazard.Action: Labelled { public static let labelContext = "hazard.action" }
extension Hazard.Source: Labelled { public static let labelContext = "hazard.source" }
extension Hazard.Extension.Decision: Labelled { public static let labelContext = "extension.decision" }
extension Rating.State: Labelled { public static let labelContext = "rating.state" }
extension BlacklistEntry.State: Labelled { public static let labelContext = "blacklist.state" }
extension BlacklistEntry.Action: Labelled { public static let labelContext = "blacklist.action" }
extension BlacklistEntry.RemovalKind: Labelled { public static let labelContext = "blacklist.removal" }
extension Draw.State: Labelled { public static let labelContext = "draw.state" }
extension JobState: Labelled { public static let labelContext = "job.state" }
extension ChecklistTemplate.Scope: Labelled { public static let labelContext = "checklist.scope" }
extension ChecklistVersion.State: Labelled { public static let labelContext = "checklist.state" }
extension Campaign.Stage.Kind: Labelled { public static let labelContext = "campaign.stage" }
extension WebhookSubscription.State: Labelled { public static let labelContext = "webhook.state" }
extension WebhookDelivery.State: Labelled { public static let labelContext = "delivery.state" }
extension Case.Kind: Labelled { public static let labelContext = "case.kind" }
extension Case.State: Labelled { public static let labelContext = "case.state" }
extension Case.Action: Labelled { public static let labelContext = "case.action" }
extension Case.Result: Labelled { public static let labelContext = "case.result" }
extension Complaint.Channel: Labelled { public static let labelContext = "complaint.channel" }
extension CaseLink.Kind: Labelled { public static let labelContext = "case_link.kind" }
extension CaseLink.Relation: Labelled { public static let labelContext = "case_link.relation" }
extension WorkingCalendar.Kind: Labelled { public static let labelContext = "calendar.kind" }
extension RectificationNotice.State: Labelled { public static let labelContext = "notice.state" }
extension RectificationNotice.Outcome: Labelled { public static let labelContext = "notice.outcome" }
extension RectificationNotice.Service.Channel: Labelled { public static let labelContext = "notice.channel" }
extension PenaltyDecision.State: Labelled { public static let labelContext = "penalty.state" }
extension PenaltyDecision.Category: Labelled { public static let labelContext = "penalty.category" }
