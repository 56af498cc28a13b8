import Domain
import Foundation
import Logging
import Metrics
import Postgres
import ServiceLifecycle
import Storage

/// Claims jobs in batches, runs their handlers with bounded concurrency, renews leases
/// while they run, and writes outcomes in batches.
///
/// A NOTIFY on `oversight_jobs` only wakes an idle worker, which then claims by query;
/// polling every `pollInterval` is the fallback. On graceful shutdown (SIGTERM/SIGINT
/// through the service group) it stops claiming, lets running handlers finish until
/// `shutdownDeadline`, hands back the rest without counting the attempt, writes every
/// outcome, and returns.
public final class JobRunner: Service {
    let configuration: JobRunnerConfiguration
    let queue: JobQueue
    let context: JobContext
    let handlers: [String: any JobHandler]
    let listener: LibpqPool
    let logger: Logger
    let state: RunnerState
    let wakeup = Wakeup()
    let metrics = JobMetrics()

    /// `listenConnectionString`: where the dedicated LISTEN connection goes (a direct
    /// connection, not through a transaction-mode pooler).
    public init(
        configuration: JobRunnerConfiguration,
        database: Database,
        handlers: [any JobHandler],
        listenConnectionString: String,
        logger: Logger
    ) {
        self.configuration = configuration
        self.state = RunnerState(concurrency: configuration.concurrency, claimWhenFree: configuration.claimLowWater)
        self.queue = JobQueue(client: database.client)
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.listener = LibpqPool(connectionString: listenConnectionString, maxConnections: 1, logger: logger)
        var logger = logger
        logger[metadataKey: "worker"] = .string(configuration.workerID)
        self.logger = logger
        self.context = JobContext(database: database, queue: self.queue, workerID: configuration.workerID, logger: logger)
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.runUntilShutdown()
        } onGracefulShutdown: {
            Task {
                await self.state.beginShutdown()
                await self.wakeup.close()
            }
        }
        try? await self.listener.shutdown()
    }

    /// Stops claiming and drains, as on SIGTERM (for embedding without a service group).
    public func shutdown() async {
        await self.state.beginShutdown()
        await self.wakeup.close()
    }

    func runUntilShutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, self.configuration.writers) { group.addTask { await self.writeLoop() } }
            group.addTask { await self.every(.milliseconds(Int(self.configuration.lease * 1000 / 3))) { try await self.heartbeat() } }
            group.addTask { await self.every(self.configuration.rescueInterval) { try await self.rescue() } }
            group.addTask { await self.listenLoop() }
            group.addTask { await self.every(.milliseconds(100)) { await self.state.cancelOverdue(now: .now) } }
            group.addTask { await self.every(.seconds(10)) { try await self.metrics.recordCounts(self.queue) } }
            // Every claim loop stops at the shutdown flag (the shutdown signal wakes them);
            // only when all have stopped can nothing be launched behind finishRunning.
            await withTaskGroup(of: Void.self) { claimers in
                for _ in 0..<max(1, self.configuration.claimers) { claimers.addTask { await self.claimLoop() } }
            }
            await self.finishRunning()
            // Wakes the writer if it waits, so that it sees the shutdown and returns.
            await self.state.beginShutdown()
            group.cancelAll()
        }
        // Only now, with the writers stopped, the last outcomes are written: one writer.
        await self.flushRemaining()
    }

    // MARK: Claiming and running

    /// One of `configuration.claimers` loops that claim at the same time. A claim is a
    /// round trip during which a lone loop would leave PostgreSQL's other core idle, so
    /// each loop beyond the first may fetch one batch ahead of the free handler slots;
    /// those jobs wait in the runner (their leases renewed) and start as slots free up.
    /// Slots are reserved before each query, so the loops never take more than that.
    func claimLoop() async {
        let queues = self.configuration.queues
        let batch = max(1, self.configuration.claimBatch)
        let ahead = batch * (max(1, self.configuration.claimers) - 1)
        // Claim in full batches: while handlers run, wait briefly (5 ms) for half a batch
        // to free up rather than claiming a job or two per finished handler.
        let lowWater = self.configuration.claimLowWater
        var deferredSince: ContinuousClock.Instant? = nil
        var seen = 0  // the last wake-up signal this loop has seen
        while await !self.state.isShuttingDown, !Task.isCancelled {
            let busy = await self.state.isBusy
            let deferring = busy && (deferredSince.map { ContinuousClock.now - $0 < .milliseconds(5) } ?? true)
            let granted = await self.state.reserve(
                batch: batch,
                minimum: deferring ? lowWater : 1,
                ahead: ahead,
                backlogAllowance: self.configuration.finishBatch
            )
            guard granted > 0 else {
                if deferring {
                    deferredSince = deferredSince ?? .now
                    seen = await self.wakeup.wait(after: seen, timeout: .milliseconds(5))
                } else {
                    // Nothing free: a handler's end, a write or a notification wakes us.
                    deferredSince = nil
                    seen = await self.wakeup.wait(after: seen, timeout: self.configuration.pollInterval)
                }
                continue
            }
            deferredSince = nil
            let jobs: [ClaimedJob]
            do {
                jobs = try await self.queue.claim(
                    worker: self.configuration.workerID,
                    queues: queues,
                    limit: granted,
                    lease: self.configuration.lease
                )
            } catch {
                await self.state.unreserve(granted)
                self.logger.warning("claim failed", metadata: ["error": "\(error)"])
                seen = await self.wakeup.wait(after: seen, timeout: self.configuration.pollInterval)
                continue
            }
            guard !jobs.isEmpty else {
                await self.state.unreserve(granted)
                seen = await self.wakeup.wait(after: seen, timeout: self.configuration.pollInterval)
                continue
            }
            self.metrics.claimed(jobs, at: Date())
            let entries = jobs.map { (job: $0, timeout: self.handlers[$0.kind]?.timeout ?? .seconds(60)) }
            await self.state.launch(entries, reserved: granted) { job in Task { await self.execute(job) } }
        }
    }

    func execute(_ job: ClaimedJob) async {
        var outcome = await self.outcome(of: job)
        var ending = await self.state.ended(outcome)
        if ending == .timedOut {
            outcome = self.failure(job, "timed out after \(self.handlers[job.kind]?.timeout ?? .seconds(60))")
            ending = await self.state.ended(outcome, checkTimeout: false)
        }
        if outcome.result != .completed { self.metrics.failed(kind: job.kind) }
        if ending == .recorded(wakeClaimers: true) { await self.wakeup.signal() }
    }

    func outcome(of job: ClaimedJob) async -> JobOutcome {
        guard let handler = self.handlers[job.kind] else {
            return self.failure(job, "no handler for job kind \(job.kind) in this worker")
        }
        do {
            try await handler.run(job, context: self.context)
            return JobOutcome(jobID: job.id, attempt: job.attempt, result: .completed)
        } catch let error as PermanentJobError {
            return JobOutcome(jobID: job.id, attempt: job.attempt, result: .discarded, error: error.description)
        } catch {
            return self.failure(job, Task.isCancelled ? "cancelled" : String(describing: error))
        }
    }

    func failure(_ job: ClaimedJob, _ message: String) -> JobOutcome {
        let delay = self.configuration.retry.delay(afterAttempt: job.attempt)
        return JobOutcome(
            jobID: job.id,
            attempt: job.attempt,
            result: .failed,
            error: String(message.prefix(2000)),
            retryAt: Date().addingTimeInterval(delay)
        )
    }

    // MARK: Writing outcomes

    func writeLoop() async {
        while !Task.isCancelled {
            let batch = await self.state.takeUnwritten(limit: self.configuration.finishBatch)
            if batch.isEmpty {
                if await self.state.isShuttingDown { return }
                continue
            }
            await self.write(batch)
            // Written outcomes free their share of the backlog: a claim loop held back by
            // it must hear so now, not at its next poll (a second of idling per stall).
            await self.wakeup.signal()
            if batch.count < self.configuration.finishBatch {
                try? await Task.sleep(for: self.configuration.finishLinger)
            }
        }
    }

    /// Writes outcomes; on failure (database down) puts them back to try again.
    func write(_ batch: [JobOutcome]) async {
        do {
            try await self.queue.finish(worker: self.configuration.workerID, batch)
        } catch {
            self.logger.warning("writing job outcomes failed; will retry", metadata: ["error": "\(error)"])
            await self.state.requeue(batch)
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    // MARK: Leases

    func heartbeat() async throws {
        let attempts = await self.state.held
        guard !attempts.isEmpty else { return }
        let held = try await self.queue.heartbeat(
            worker: self.configuration.workerID,
            attempts: attempts,
            lease: self.configuration.lease
        )
        await self.state.lost(Set(attempts).subtracting(held))
    }

    func rescue() async throws {
        let rescued = try await self.queue.rescueExpired()
        if rescued > 0 {
            self.logger.info("rescued jobs of dead workers", metadata: ["count": "\(rescued)"])
            await self.wakeup.signal()
        }
    }

    /// Runs `body` every `interval` until cancelled, logging failures.
    func every(_ interval: Duration, _ body: @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            do { try await body() } catch { self.logger.warning("periodic worker task failed", metadata: ["error": "\(error)"]) }
        }
    }

    // MARK: Wake-ups

    /// Holds one dedicated connection that LISTENs; any notification wakes the claim loop.
    func listenLoop() async {
        while !Task.isCancelled {
            do {
                try await self.listener.withConnection { connection in
                    try await connection.listen("oversight_jobs")
                    while !Task.isCancelled {
                        let notifications = try await connection.waitForNotifications(timeout: 0.25)
                        if !notifications.isEmpty { await self.wakeup.signal() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                self.logger.warning("LISTEN connection failed; polling until it is back", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    // MARK: Shutdown

    /// Lets running handlers finish until the deadline, then hands back the rest.
    func finishRunning() async {
        let deadline = ContinuousClock.now.advanced(by: self.configuration.shutdownDeadline)
        while await self.state.runningCount > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let unfinished = await self.state.releaseAll()
        if !unfinished.isEmpty {
            self.logger.info("handing back unfinished jobs", metadata: ["count": "\(unfinished.count)"])
            for _ in 0..<5 {
                if (try? await self.queue.release(worker: self.configuration.workerID, ids: unfinished)) != nil { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Writes every outcome still unwritten; what cannot be written is logged (its jobs'
    /// leases expire and they run again).
    func flushRemaining() async {
        for _ in 0..<20 {
            let remaining = await self.state.takeAllUnwritten()
            if remaining.isEmpty { return }
            do {
                try await self.queue.finish(worker: self.configuration.workerID, remaining)
            } catch {
                await self.state.requeue(remaining)
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        let lost = await self.state.takeAllUnwritten()
        if !lost.isEmpty {
            self.logger.error("could not record job outcomes at exit; they will run again", metadata: ["count": "\(lost.count)"])
        }
    }
}

extension JobRunner {
    /// Runs without a service group until `shutdown()` (tests embed a runner this way).
    public func runUntilShutdownForTests() async {
        await self.runUntilShutdown()
        try? await self.listener.shutdown()
    }
}
