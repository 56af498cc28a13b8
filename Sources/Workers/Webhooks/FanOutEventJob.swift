import Foundation
import Storage
import UseCases

/// `events.fanout`: turns one outbox event into a delivery per subscription that hears
/// it. Idempotent: a rerun finds the deliveries made and makes none twice. Fan-outs
/// running at once go to the database together (`Batcher`): one transaction and three
/// statements per tenant for a whole batch of events.
public struct FanOutEventJob: JobHandler {
    public let kind = WebhookJobs.fanOutKind
    public let timeout: Duration = .seconds(60)
    let batcher: Batcher<Request, Void>

    struct Request: Sendable {
        var database: Database
        var tenantID: UUID
        var eventID: UUID
    }

    public init(_ dependencies: UseCaseDependencies) {
        let deliveries = WebhookDeliveries(dependencies)
        self.batcher = Batcher { requests in
            await perTenant(requests, tenant: \.tenantID) { tenantID, requests in
                _ = try await requests[0].database.withTenant(tenantID) {
                    try await deliveries.fanOut(Caller(job: WebhookJobs.fanOutKind, $0), eventIDs: requests.map(\.eventID))
                }
                return requests.map { _ in () }
            }
        }
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("an event fan-out needs a tenant") }
        let payload = try job.decodePayload(WebhookJobs.FanOut.self)
        try await self.batcher.submit(Request(database: context.database, tenantID: tenantID, eventID: payload.eventID))
    }
}
