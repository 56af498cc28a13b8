import Domain
import Foundation

/// How a worker process claims and runs jobs. Every field can be set from the
/// environment (`OVERSIGHT_JOB_*`), so tests can shrink leases and retry delays.
public struct JobRunnerConfiguration: Sendable {
    /// Unique per process: host, pid and a random suffix.
    public var workerID: String
    public var queues: [String] = ["default"]
    /// Handlers running at once. 128 and 128 drain no-op jobs at about 80 % of the SQL's
    /// own limit on a 2-core machine (bench/queue/run); smaller values cost throughput
    /// (32/64: about 55 %), larger ones gain little and hold more leases.
    public var concurrency = 128
    /// Jobs claimed per query.
    public var claimBatch = 128
    /// How long an idle worker waits before polling, when no notification arrives.
    public var pollInterval: Duration = .seconds(1)
    /// Lease length in seconds; renewed every third of it while a handler runs.
    public var lease: Double = 30
    /// Claim queries and outcome writes in flight at once, each on its own connection:
    /// one of each leaves a core of PostgreSQL idle during every round trip.
    public var claimers = 2
    public var writers = 2
    /// Free slots worth a claim while handlers still run: half a batch (or half the
    /// concurrency), so that claims come in full batches, not a job or two at a time.
    public var claimLowWater: Int { max(1, min(self.claimBatch, self.concurrency) / 2) }
    /// Finished attempts written per statement, and how long to wait to fill a batch.
    public var finishBatch = 256
    public var finishLinger: Duration = .milliseconds(2)
    /// How long graceful shutdown waits for running handlers before releasing their jobs.
    public var shutdownDeadline: Duration = .seconds(20)
    public var retry = RetryPolicy()
    /// How often a worker looks for expired leases of dead workers.
    public var rescueInterval: Duration = .seconds(5)

    public init(workerID: String? = nil) {
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt32.random(in: 0...UInt32.max, using: &generator), radix: 36)
        self.workerID = workerID ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(suffix)"
    }

    /// Reads `OVERSIGHT_JOB_QUEUES` (comma-separated), `OVERSIGHT_JOB_CONCURRENCY`,
    /// `OVERSIGHT_JOB_CLAIM_BATCH`, `OVERSIGHT_JOB_POLL_MS`, `OVERSIGHT_JOB_LEASE_SECONDS`,
    /// `OVERSIGHT_JOB_RETRY_BASE_SECONDS`, `OVERSIGHT_JOB_RETRY_CAP_SECONDS`,
    /// `OVERSIGHT_JOB_SHUTDOWN_SECONDS` and `OVERSIGHT_JOB_RESCUE_MS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        var configuration = Self()
        func number(_ name: String) -> Double? { environment[name].flatMap(Double.init) }
        if let queues = environment["OVERSIGHT_JOB_QUEUES"], !queues.isEmpty {
            configuration.queues = queues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let value = number("OVERSIGHT_JOB_CONCURRENCY") { configuration.concurrency = max(1, Int(value)) }
        if let value = number("OVERSIGHT_JOB_CLAIM_BATCH") { configuration.claimBatch = max(1, Int(value)) }
        if let value = number("OVERSIGHT_JOB_CLAIMERS") { configuration.claimers = min(8, max(1, Int(value))) }
        if let value = number("OVERSIGHT_JOB_WRITERS") { configuration.writers = min(8, max(1, Int(value))) }
        if let value = number("OVERSIGHT_JOB_POLL_MS") { configuration.pollInterval = .milliseconds(max(10, Int(value))) }
        if let value = number("OVERSIGHT_JOB_LEASE_SECONDS") { configuration.lease = max(0.5, value) }
        if let value = number("OVERSIGHT_JOB_RETRY_BASE_SECONDS") { configuration.retry.base = max(0, value) }
        if let value = number("OVERSIGHT_JOB_RETRY_CAP_SECONDS") { configuration.retry.cap = max(0, value) }
        if let value = number("OVERSIGHT_JOB_SHUTDOWN_SECONDS") { configuration.shutdownDeadline = .milliseconds(Int(value * 1000)) }
        if let value = number("OVERSIGHT_JOB_RESCUE_MS") { configuration.rescueInterval = .milliseconds(max(50, Int(value))) }
        return configuration
    }
}
