import Foundation
import Storage
import UseCases

/// `cases.deadlines`, daily per tenant in its time zone: warns once before each case
/// deadline and flags it once when passed (`CaseUseCases.runDeadlines`).
public struct CaseDeadlinesJob: JobHandler {
    public let kind = "cases.deadlines"
    public let timeout: Duration = .seconds(300)
    let cases: CaseUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.cases = CaseUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("cases.deadlines runs per tenant") }
        let changed = try await context.database.withTenant(tenantID) { transaction in
            try await self.cases.runDeadlines(Caller(job: self.kind, transaction))
        }
        context.logger.info("case deadlines", metadata: ["tenant": "\(tenantID)", "changed": "\(changed)"])
    }
}
