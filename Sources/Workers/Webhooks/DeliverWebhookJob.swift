import Domain
import Foundation
import Storage
import UseCases
import WebhookClient

/// `webhook.deliver`: one attempt of one delivery (`spec/webhooks.md`).
///
/// Reads the delivery, POSTs the signed event outside any transaction, then records the
/// attempt and what follows in one transaction: the next attempt's job at the scheduled
/// time, or the delivery's end, and disabling the subscription when the rules say so.
/// The payload names the attempt, so a rerun of a job whose attempt was recorded does
/// nothing; one that died between POST and record POSTs again with the same
/// `webhook-id` (at least once: receivers deduplicate on it).
///
/// Loading and recording a success go to the database together with those of the
/// handlers running at the same time (`Batcher`): one statement per tenant for a whole
/// batch. A failure is recorded on its own, under its subscription's row lock.
public struct DeliverWebhookJob: JobHandler {
    public let kind = WebhookJobs.deliverKind
    /// Longer than libcurl's own 15 s limit, so that the request always ends first.
    public let timeout: Duration = .seconds(60)
    let client: CurlClient
    let policy: WebhookDeliveryPolicy
    let deliveries: WebhookDeliveries
    let loads: Batcher<Load, DeliveryWork?>
    let successes: Batcher<Success, Bool>

    struct Load: Sendable {
        var database: Database
        var tenantID: UUID
        var deliveryID: UUID
    }

    struct Success: Sendable {
        var database: Database
        var tenantID: UUID
        var work: DeliveryWork
        var attempt: WebhookAttempt
    }

    public init(_ dependencies: UseCaseDependencies, client: CurlClient, policy: WebhookDeliveryPolicy) {
        self.client = client
        self.policy = policy
        let deliveries = WebhookDeliveries(dependencies)
        self.deliveries = deliveries
        self.loads = Batcher { loads in
            await perTenant(loads, tenant: \.tenantID) { tenantID, loads in
                let works = try await loads[0].database.withTenant(tenantID) {
                    try await deliveries.load(Caller(job: WebhookJobs.deliverKind, $0), deliveryIDs: loads.map(\.deliveryID))
                }
                return loads.map { works[$0.deliveryID] }
            }
        }
        self.successes = Batcher { successes in
            await perTenant(successes, tenant: \.tenantID) { tenantID, successes in
                let recorded = try await successes[0].database.withTenant(tenantID) {
                    try await deliveries.recordDelivered(Caller(job: WebhookJobs.deliverKind, $0), successes.map { ($0.work, $0.attempt) })
                }
                return successes.map { recorded.contains($0.work.deliveryID) }
            }
        }
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("a webhook delivery needs a tenant") }
        let payload = try job.decodePayload(WebhookJobs.Deliver.self)
        let loaded = try await self.loads.submit(Load(database: context.database, tenantID: tenantID, deliveryID: payload.deliveryID))
        guard let work = loaded, work.state == .pending, work.attempts == payload.attempt - 1 else { return }
        guard work.subscriptionState == .active else {
            try await context.database.withTenant(tenantID) {
                try await self.deliveries.abandon(Caller(job: self.kind, $0), deliveryID: work.deliveryID, reason: "the subscription is disabled")
            }
            return
        }
        let attemptedAt = Date()
        if let reason = work.secretError {
            context.logger.error("webhook secret unreadable", metadata: ["subscription": "\(work.subscriptionID)", "reason": "\(reason)"])
            let attempt = WebhookAttempt(
                number: payload.attempt,
                attemptedAt: attemptedAt,
                statusCode: nil,
                durationMS: 0,
                error: reason,
                responseExcerpt: nil
            )
            try await self.recordFailure(.failed(retryAfter: nil), work: work, attempt: attempt, tenantID: tenantID, context: context)
            return
        }
        let timestamp = Int(attemptedAt.timeIntervalSince1970)
        let webhookID = work.eventID.lowercasedString
        let headers = [
            ("content-type", "application/json"),
            ("webhook-id", webhookID),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", WebhookSignature.header(id: webhookID, timestamp: timestamp, body: work.body, secrets: work.secrets)),
        ]
        let response = try await self.client.post(url: work.url, headers: headers, body: work.body)
        let result = WebhookAttemptResult.classify(status: response.status, retryAfter: response.retryAfter)
        var record = WebhookAttempt(
            number: payload.attempt,
            attemptedAt: attemptedAt,
            statusCode: response.status,
            durationMS: response.durationMS,
            error: response.error,
            responseExcerpt: response.excerpt.isEmpty ? nil : response.excerpt
        )
        if record.error == nil, let status = response.status, result != .delivered {
            record.error = "the receiver answered \(status)"
        }
        if result == .delivered {
            _ = try await self.successes.submit(Success(database: context.database, tenantID: tenantID, work: work, attempt: record))
            return
        }
        try await self.recordFailure(result, work: work, attempt: record, tenantID: tenantID, context: context)
    }

    /// Records a failed attempt under the subscription's row lock, with what follows.
    func recordFailure(
        _ result: WebhookAttemptResult,
        work: DeliveryWork,
        attempt: WebhookAttempt,
        tenantID: UUID,
        context: JobContext
    ) async throws {
        try await context.database.withTenant(tenantID) { transaction in
            let decision = try await self.deliveries.recordFailure(Caller(job: self.kind, transaction), work: work, attempt: attempt) { streak in
                self.policy.decide(result, attempt: attempt.number, streak: streak, now: Date(), unit: Double.random(in: 0...1))
            }
            if let reason = decision?.disableReason {
                context.logger.warning(
                    "webhook subscription disabled",
                    metadata: ["subscription": "\(work.subscriptionID)", "reason": "\(reason)"]
                )
            }
        }
    }
}
