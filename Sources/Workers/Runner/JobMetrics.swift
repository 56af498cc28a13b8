import Foundation
import Metrics
import Storage

/// The runner's metrics, with handles created once rather than looked up per job.
final class JobMetrics: Sendable {
    let claims = Counter(label: "oversight_jobs_claimed_total")
    let claimBatches = Counter(label: "oversight_job_claim_queries_total")
    let startLatency = Timer(label: "oversight_job_start_latency_seconds")

    func claimed(_ jobs: [ClaimedJob], at now: Date) {
        self.claimBatches.increment()
        self.claims.increment(by: jobs.count)
        for job in jobs { self.startLatency.recordSeconds(max(0, now.timeIntervalSince(max(job.createdAt, job.runAt)))) }
    }

    /// Jobs by queue and state, as gauges (one query over the whole table).
    func recordCounts(_ queue: JobQueue) async throws {
        for (name, state, count) in try await queue.countsByQueue() {
            Gauge(label: "oversight_jobs", dimensions: [("queue", name), ("state", state)]).record(count)
        }
    }

    func failed(kind: String) {
        Counter(label: "oversight_jobs_failed_total", dimensions: [("kind", kind)]).increment()
    }
}
