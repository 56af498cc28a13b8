import Storage

/// Periodic retention: deletes finished jobs (and their run history) older than the
/// configured age, so the queue table stays small.
public struct PruneJobs: JobHandler {
    public let kind = "jobs.prune"
    public let timeout: Duration = .seconds(300)
    let retention: Double

    /// `retention`: seconds a finished job is kept.
    public init(retention: Double) {
        self.retention = retention
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let pruned = try await context.queue.prune(olderThan: self.retention)
        context.logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"])
    }
}
