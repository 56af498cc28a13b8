import Logging
import Storage

/// Runs jobs of one kind.
///
/// Delivery is at least once: a job whose worker dies, or whose lease runs out, runs
/// again, and a run may be cut short by a timeout or a cancellation. So a handler must
/// be idempotent — running it twice for the same job must have the effect of running it
/// once (check-then-write in one transaction, unique keys, upserts) — and must check for
/// cancellation in long loops.
public protocol JobHandler: Sendable {
    /// The job kind this handler runs, e.g. `"noop"`, `"webhook.deliver"`.
    var kind: String { get }
    /// How long one run may take before it is cancelled and counted as failed.
    var timeout: Duration { get }
    func run(_ job: ClaimedJob, context: JobContext) async throws
}

/// What a handler may use while it runs.
public struct JobContext: Sendable {
    public let database: Database
    public let queue: JobQueue
    public let workerID: String
    public let logger: Logger

    public init(database: Database, queue: JobQueue, workerID: String, logger: Logger) {
        self.database = database
        self.queue = queue
        self.workerID = workerID
        self.logger = logger
    }
}

/// A handler failure that should not be retried (bad payload, impossible request).
public struct PermanentJobError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
