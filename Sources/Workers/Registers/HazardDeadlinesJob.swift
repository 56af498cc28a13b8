import Foundation
import Storage

/// `hazards.deadlines`, daily per tenant in its time zone: refreshes the enrolment of
/// running campaigns, then flags overdue hazards (`hazard.overdue`), puts overdue major
/// ones under formal supervision, proposes (never lists) a blacklist entry for a major
/// fire hazard still unrectified, and sends reminders before deadlines.
public struct HazardDeadlinesJob: JobHandler {
    public let kind = "hazards.deadlines"
    public let timeout: Duration = .seconds(300)
    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("hazards.deadlines runs per tenant") }
        let now = self.now()
        let changed = try await context.database.withTenant(tenantID) { transaction in
            let policies = PolicyStore()
            let today = try await policies.today(transaction, at: now)
            let campaigns = CampaignStore()
            for campaign in try await campaigns.running(transaction, today: today) { try await campaigns.enroll(transaction, campaign) }
            return try await HazardStore().runDeadlines(transaction, today: today, policy: try await policies.hazardPolicy(transaction), now: now)
        }
        context.logger.info("hazard deadlines", metadata: ["tenant": "\(tenantID)", "changed": "\(changed)"])
    }
}
