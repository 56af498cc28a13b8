import Domain
import Foundation
import Storage

/// Findings of a reviewed inspection become hazards to rectify, once each, with the
/// tenant's default deadline and the institution's active campaign: fire-related ones
/// always, others when the reviewer names their items (`alsoItems`). A targeted
/// inspection's hazards are linked to its case as caused by it.
struct HazardsFromFindings: Sendable {
    let hazards = HazardStore()
    let inspections = InspectionStore()
    let policies = PolicyStore()
    let cases = CaseStore()

    func create(_ transaction: TenantTransaction, inspection: Inspection, at now: Date, alsoItems: Set<String> = []) async throws {
        let all = try await self.inspections.findings(transaction, inspectionID: inspection.id)
        let unknown = alsoItems.subtracting(all.map(\.itemCode)).sorted()
        guard unknown.isEmpty else {
            throw DomainError.invalid(
                unknown.map { FieldError("hazards_for", "\($0) has no finding in this inspection (only failed items have findings)") }
            )
        }
        let findings = all.filter { ($0.fireRelated || alsoItems.contains($0.itemCode)) && $0.hazardID == nil }
        guard !findings.isEmpty else { return }
        let policy = try await self.policies.hazardPolicy(transaction)
        let today = try await self.policies.today(transaction, at: now)
        let campaign = try await self.hazards.activeCampaign(transaction, institutionID: inspection.institutionID, today: today)
        for finding in findings {
            var hazard = Hazard(
                id: UUIDv7.make(),
                institutionID: inspection.institutionID,
                campaignID: campaign,
                source: .inspection,
                category: finding.hazardCategory.flatMap(HazardCategory.init(rawValue:)) ?? .general,
                major: finding.major,
                fireRelated: finding.fireRelated,
                location: "",
                description: finding.description,
                deadline: policy.defaultDeadline(major: finding.major, from: today),
                responsiblePerson: "",
                reportedAt: now
            )
            hazard.findingID = finding.id
            hazard.inspectionID = inspection.id
            try await HazardUseCases.report(Caller(job: "inspection.review", transaction), hazard, store: self.hazards)
            try await self.inspections.link(transaction, findingID: finding.id, hazardID: hazard.id)
            // A targeted inspection's hazards were caused by its case: the case links them.
            if let caseID = inspection.caseID {
                try await self.cases.link(
                    transaction,
                    caseID: caseID,
                    CaseLink(kind: .hazard, targetID: hazard.id, relation: .caused, createdAt: now)
                )
            }
        }
    }
}
