import Domain
import Foundation
import Storage
import WebhookClient

/// `webhook.deliver`: one attempt of one delivery (`spec/webhooks.md`).
///
/// Reads the delivery, POSTs the signed event outside any transaction, then records the
/// attempt and what follows in one transaction: the next attempt's job at the scheduled
/// time, or the delivery's end, and disabling the subscription when the rules say so.
/// The payload names the attempt, so a rerun of a job whose attempt was recorded does
/// nothing; one that died between POST and record POSTs again with the same
/// `webhook-id` (at least once: receivers deduplicate on it).
public struct DeliverWebhookJob: JobHandler {
    public let kind = WebhookJobs.deliverKind
    /// Longer than libcurl's own 15 s limit, so that the request always ends first.
    public let timeout: Duration = .seconds(60)
    let client: CurlClient
    let policy: WebhookDeliveryPolicy
    let store = WebhookDeliveryStore()

    public init(client: CurlClient, policy: WebhookDeliveryPolicy) {
        self.client = client
        self.policy = policy
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("a webhook delivery needs a tenant") }
        let payload = try job.decodePayload(WebhookJobs.Deliver.self)
        let loaded = try await context.database.withTenant(tenantID) {
            try await self.store.load($0.finishing(), deliveryID: payload.deliveryID)
        }
        guard let work = loaded, work.state == .pending, work.attempts == payload.attempt - 1 else { return }
        guard work.subscriptionState == .active else {
            try await context.database.withTenant(tenantID) {
                try await self.store.abandon($0.finishing(), deliveryID: work.deliveryID, reason: "the subscription is disabled")
            }
            return
        }
        let attemptedAt = Date()
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
        try await context.database.withTenant(tenantID) { transaction in
            if result == .delivered {
                _ = try await self.store.recordDelivered(transaction.finishing(), work: work, attempt: record)
                return
            }
            let decision = try await self.store.recordFailure(transaction, work: work, attempt: record) { streak in
                self.policy.decide(result, attempt: payload.attempt, streak: streak, now: Date(), unit: Double.random(in: 0...1))
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
