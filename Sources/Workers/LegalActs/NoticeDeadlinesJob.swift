import Foundation
import Storage
import UseCases

/// `notices.deadlines`, daily per tenant in its time zone: warns once before a served
/// notice's deadline and flags it once when passed (`NoticeUseCases.runDeadlines`).
public struct NoticeDeadlinesJob: JobHandler {
    public let kind = "notices.deadlines"
    public let timeout: Duration = .seconds(300)
    let notices: NoticeUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.notices = NoticeUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("notices.deadlines runs per tenant") }
        let changed = try await context.database.withTenant(tenantID) { transaction in
            try await self.notices.runDeadlines(Caller(job: self.kind, transaction))
        }
        context.logger.info("notice deadlines", metadata: ["tenant": "\(tenantID)", "changed": "\(changed)"])
    }
}
