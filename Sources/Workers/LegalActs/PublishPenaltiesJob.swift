import Foundation
import Storage
import UseCases

/// `penalties.publish`, daily per tenant: a decided penalty the regulator has not yet
/// published goes on the public list (双公示) on the last day of the tenant's limit
/// (`PenaltyUseCases.runPublication`).
public struct PublishPenaltiesJob: JobHandler {
    public let kind = "penalties.publish"
    public let timeout: Duration = .seconds(300)
    let penalties: PenaltyUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.penalties = PenaltyUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("penalties.publish runs per tenant") }
        let published = try await context.database.withTenant(tenantID) { transaction in
            try await self.penalties.runPublication(Caller(job: self.kind, transaction))
        }
        context.logger.info("penalties published", metadata: ["tenant": "\(tenantID)", "published": "\(published)"])
    }
}
