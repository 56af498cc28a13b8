import Foundation
import Storage
import UseCases

/// `hazards.deadlines`, daily per tenant in its time zone: the deadline work of the
/// hazard register (`HazardUseCases.runDeadlines`).
public struct HazardDeadlinesJob: JobHandler {
    public let kind = "hazards.deadlines"
    public let timeout: Duration = .seconds(300)
    let hazards: HazardUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.hazards = HazardUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("hazards.deadlines runs per tenant") }
        let changed = try await context.database.withTenant(tenantID) { transaction in
            try await self.hazards.runDeadlines(Caller(job: self.kind, transaction))
        }
        context.logger.info("hazard deadlines", metadata: ["tenant": "\(tenantID)", "changed": "\(changed)"])
    }
}
