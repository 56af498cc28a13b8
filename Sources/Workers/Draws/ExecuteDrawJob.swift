import Domain
import Foundation
import Logging
import Storage
import UseCases

/// `draw.execute`: draws the lots of a committed draw (`DrawUseCases.drawLots`). A draw
/// that cannot be completed records why in its own transaction and stays committed; the
/// job is discarded with the same reason.
public struct ExecuteDrawJob: JobHandler {
    public var kind: String { DrawStore.executeKind }
    public var timeout: Duration { .seconds(300) }
    let draws: DrawUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.draws = DrawUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try job.decodePayload(DrawStore.ExecutePayload.self)
        guard let tenantID = job.tenantID else { throw PermanentJobError("a draw job needs a tenant") }
        do {
            let created = try await context.database.withTenant(tenantID) { transaction in
                try await self.draws.drawLots(Caller(job: "draw", transaction), id: payload.drawID)
            }
            context.logger.info("draw executed", metadata: ["draw": "\(payload.drawID)", "inspections": "\(created)"])
        } catch let impossible as DrawUseCases.Impossible {
            try await context.database.withTenant(tenantID) { transaction in
                try await self.draws.recordImpossible(Caller(job: "draw", transaction), id: payload.drawID, reason: impossible.reason)
            }
            throw PermanentJobError(impossible.reason)
        } catch let error as DomainError {
            // A missing or uncommitted draw: nothing a retry could change.
            throw PermanentJobError(error.description)
        }
    }
}
