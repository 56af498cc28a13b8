import Storage

/// `events.fanout`: turns one outbox event into a delivery per subscription that hears
/// it. Idempotent: a rerun finds the deliveries made and makes none twice.
public struct FanOutEventJob: JobHandler {
    public let kind = WebhookJobs.fanOutKind
    public let timeout: Duration = .seconds(60)
    let store = WebhookDeliveryStore()

    public init() {}

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("an event fan-out needs a tenant") }
        let payload = try job.decodePayload(WebhookJobs.FanOut.self)
        try await context.database.withTenant(tenantID) { try await self.store.fanOut($0, eventID: payload.eventID) }
    }
}
