import Domain

/// The Swift type that decodes the JSON body of each operation of `openapi.yaml`, by
/// `"method path"` as the document spells them. `ContractTests` walks the document and
/// compares each request schema with its type, both ways: property names (the type's
/// `allowedKeys`, from its `CodingKeys`), required properties (those the type cannot
/// decode without), enum values and nested objects. A field added on one side only
/// fails it.
enum APIContract {
    static let requestBodies: [String: any StrictBody.Type] = {
        var bodies: [String: any StrictBody.Type] = [
            "post /v1/tenants": TenantRoutes.CreateBody.self,
            "post /v1/tokens": TokenRoutes.CreateBody.self,
            "post /v1/institutions": InstitutionCreateBody.self,
            "patch /v1/institutions/{id}": InstitutionFields.self,
            "post /v1/webhook-subscriptions": WebhookRoutes.CreateBody.self,
            "patch /v1/webhook-subscriptions/{id}": WebhookRoutes.UpdateBody.self,
            "post /v1/inspectors": InspectorCreateBody.self,
            "patch /v1/inspectors/{id}": InspectorFields.self,
            "post /v1/inspectors/{id}/conflicts": InspectorRoutes.ConflictBody.self,
            "post /v1/checklist-templates": ChecklistRoutes.CreateBody.self,
            "put /v1/checklist-templates/{id}/draft": ChecklistRoutes.DraftBody.self,
            "put /v1/checklist-versions/{id}": ChecklistRoutes.DraftBody.self,
            "post /v1/inspections": InspectionRoutes.CreateBody.self,
            "post /v1/inspections/{id}/results": InspectionRoutes.ResultsBody.self,
            "post /v1/self-assessments": SelfAssessmentRoutes.CreateBody.self,
            "post /v1/draws": DrawRoutes.CreateBody.self,
            "post /v1/draws/{id}/execute": DrawRoutes.ExecuteBody.self,
            "put /v1/rating-scheme": RatingScheme.self,
            "post /v1/ratings": RatingRoutes.CreateBody.self,
            "put /v1/blacklist-policy": BlacklistEntry.Policy.self,
            "post /v1/blacklist": BlacklistRoutes.ProposeBody.self,
            "put /v1/hazard-policy": HazardPolicy.self,
            "post /v1/hazard-catalogue": HazardCatalogueEntry.self,
            "post /v1/hazards": HazardRoutes.ReportBody.self,
            "post /v1/hazards/{id}/extensions": HazardRoutes.ExtensionBody.self,
            "post /v1/hazards/{id}/extensions/decision": HazardRoutes.DecisionBody.self,
            "post /v1/complaints": CaseRoutes.ComplaintBody.self,
            "post /v1/cases/{id}/links": CaseRoutes.LinkBody.self,
            "post /v1/cases/{id}/inspections": InspectionRoutes.CreateBody.self,
            "put /v1/case-policy": CasePolicy.self,
            "put /v1/calendar/days/{date}": CaseRoutes.DayBody.self,
            "post /v1/campaigns": CampaignRoutes.CreateBody.self,
            "post /v1/notices": NoticeRoutes.CreateBody.self,
            "put /v1/notices/{id}/draft": NoticeRoutes.DraftBody.self,
            "post /v1/notices/{id}/issue": InspectionRoutes.EmptyBody.self,
            "post /v1/notices/{id}/serve": NoticeRoutes.ServeBody.self,
            "post /v1/notices/{id}/acknowledge": NoticeRoutes.AcknowledgeBody.self,
            "post /v1/notices/{id}/revisit": NoticeRoutes.RevisitBody.self,
            "post /v1/notices/{id}/conclude": NoticeRoutes.ConcludeBody.self,
            "put /v1/document-policy": DocumentPolicy.self,
            "post /v1/penalties": PenaltyRoutes.CreateBody.self,
            "put /v1/penalties/{id}/draft": PenaltyRoutes.DraftBody.self,
            "post /v1/penalties/{id}/notify": InspectionRoutes.EmptyBody.self,
            "post /v1/penalties/{id}/answer": PenaltyRoutes.AnswerBody.self,
            "post /v1/penalties/{id}/hearing": PenaltyRoutes.HearingBody.self,
            "post /v1/penalties/{id}/decide": InspectionRoutes.EmptyBody.self,
            "post /v1/penalties/{id}/publish": InspectionRoutes.EmptyBody.self,
            "post /v1/penalties/{id}/repair": PenaltyRoutes.ReasonBody.self,
            "post /v1/penalties/{id}/repair/decision": PenaltyRoutes.RepairDecisionBody.self,
            "put /v1/penalty-policy": PenaltyPolicy.self,
        ]
        for action in InspectionAction.allCases {
            switch action {
            case .returnToInspector: bodies["post /v1/inspections/{id}/\(action.rawValue)"] = InspectionRoutes.StepBody.self
            case .review: bodies["post /v1/inspections/{id}/\(action.rawValue)"] = InspectionRoutes.ReviewBody.self
            default: bodies["post /v1/inspections/{id}/\(action.rawValue)"] = InspectionRoutes.EmptyBody.self
            }
        }
        for action in BlacklistEntry.Action.allCases { bodies["post /v1/blacklist/{id}/\(action.rawValue)"] = BlacklistRoutes.StepBody.self }
        for action in Hazard.Action.allCases { bodies["post /v1/hazards/{id}/\(action.rawValue)"] = HazardRoutes.StepBody.self }
        for action in Case.Action.allCases { bodies["post /v1/cases/{id}/\(action.rawValue)"] = CaseRoutes.StepBody.self }
        return bodies
    }()
}
