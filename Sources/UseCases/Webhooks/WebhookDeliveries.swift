import Domain
import Foundation
import Storage

/// The delivery side of webhooks (`spec/webhooks.md`), for the jobs: fanning an event out
/// to the subscriptions that hear it, loading what an attempt needs (its secrets opened),
/// and recording the attempt with what follows. The HTTP request itself, and the
/// batching of these calls across running handlers, are the worker's.
public struct WebhookDeliveries: Sendable {
    let store: WebhookDeliveryStore

    public init(_ dependencies: UseCaseDependencies) {
        self.store = WebhookDeliveryStore(secrets: dependencies.webhookSecrets)
    }

    /// One delivery per subscription that hears each event, made once. Returns how many.
    @discardableResult
    public func fanOut(_ caller: Caller, eventIDs: [UUID]) async throws -> Int {
        try await self.store.fanOut(caller.finishing(), eventIDs: eventIDs)
    }

    /// What the attempts of these deliveries need, by delivery.
    public func load(_ caller: Caller, deliveryIDs: [UUID]) async throws -> [UUID: DeliveryWork] {
        try await self.store.load(caller.finishing(), deliveryIDs: deliveryIDs)
    }

    /// Records successful attempts; returns the deliveries it recorded.
    public func recordDelivered(_ caller: Caller, _ delivered: [(work: DeliveryWork, attempt: WebhookAttempt)]) async throws -> Set<UUID> {
        try await self.store.recordDelivered(caller.finishing(), delivered)
    }

    /// Records a failed attempt under its subscription's row lock; `decide` gives what
    /// follows from the subscription's failure streak (retry, give up, disable).
    public func recordFailure(
        _ caller: Caller,
        work: DeliveryWork,
        attempt: WebhookAttempt,
        decide: (WebhookFailureStreak) -> WebhookDecision
    ) async throws -> WebhookDecision? {
        guard let recorded = try await self.store.recordFailure(caller.transaction, work: work, attempt: attempt, decide: decide) else {
            return nil
        }
        if let retryAt = recorded.retryAt {
            try await caller.enqueue(WebhookJobs.deliverJob(work.deliveryID, attempt: attempt.number + 1, at: retryAt))
        }
        if let disabled = recorded.disabled {
            let id = work.subscriptionID
            try await caller.audit(
                "webhook_subscription.disabled",
                "webhook_subscription",
                id: id,
                before: String?.none,
                after: ["reason": disabled.reason]
            )
            // Only the tenant's regulators hear of it: the event names no institution or inspector.
            try await caller.emit("webhook.disabled", EventSubjects(others: ["subscription_id": id]), disabled)
        }
        return recorded.decision
    }

    /// Ends a pending delivery without an attempt (its subscription was disabled).
    public func abandon(_ caller: Caller, deliveryID: UUID, reason: String) async throws {
        try await self.store.abandon(caller.finishing(), deliveryID: deliveryID, reason: reason)
    }
}
