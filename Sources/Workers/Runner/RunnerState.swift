import Foundation
import Storage

/// The jobs one worker holds: handlers in flight, claimed jobs waiting for a free slot,
/// and attempts that ended but are not yet written. All keep their leases alive.
actor RunnerState {
    /// Handlers at once.
    let concurrency: Int
    /// Claimed jobs waiting for a handler slot, in claim order: with several claim loops,
    /// the next batch is fetched while the last one runs.
    private var ready: [(job: ClaimedJob, timeout: Duration)] = []
    private var start: (@Sendable (ClaimedJob) -> Task<Void, Never>)?

    /// Free slots at which a claim loop waiting for room is woken.
    let claimWhenFree: Int

    init(concurrency: Int, claimWhenFree: Int = 1) {
        self.concurrency = max(1, concurrency)
        self.claimWhenFree = max(1, min(claimWhenFree, self.concurrency))
    }

    /// Keyed by attempt, not job: a job rescued while its handler still ran here may be
    /// claimed again by this worker, and the two runs must not be confused.
    private var running: [JobAttempt: (task: Task<Void, Never>, deadline: ContinuousClock.Instant)] = [:]
    /// Attempts whose handler overran its kind's timeout and was cancelled for it.
    private var timedOut: Set<JobAttempt> = []
    private var cancelledByServer: Set<JobAttempt> = []
    /// Attempts handed back at shutdown: their handlers' outcomes are dropped.
    private var released: Set<JobAttempt> = []
    private var unwritten: [JobOutcome] = []
    private var writeWaiters: [CheckedContinuation<Void, Never>] = []
    /// Slots promised to claim queries in flight, so that parallel claims never take
    /// more jobs than the concurrency allows.
    private var reserved = 0
    private(set) var isShuttingDown = false

    var runningCount: Int { self.running.count }
    var unwrittenCount: Int { self.unwritten.count }

    /// Reserves up to `batch` slots for one claim query, or none when fewer than
    /// `minimum` are free. Free slots are the concurrency less the running handlers, the
    /// other claims' reservations and the jobs waiting for a slot, plus `ahead` slots of
    /// prefetch, less the outcomes waiting beyond one write batch
    /// (`backlogAllowance`): when writing lags, claiming more would only grow the set of
    /// leases to renew.
    func reserve(batch: Int, minimum: Int, ahead: Int, backlogAllowance: Int) -> Int {
        let backlog = max(0, self.unwritten.count - backlogAllowance)
        let free = self.concurrency + ahead - self.running.count - self.ready.count - self.reserved - backlog
        guard free >= max(1, minimum) else { return 0 }
        let granted = min(free, batch)
        self.reserved += granted
        return granted
    }

    /// Gives back the reserved slots a claim did not fill.
    func unreserve(_ count: Int) {
        self.reserved = max(0, self.reserved - count)
    }

    /// Whether anything runs or is about to: then a slot will free up soon.
    var isBusy: Bool { !self.running.isEmpty || self.reserved > 0 || !self.ready.isEmpty }

    /// Every attempt whose lease must be renewed.
    var held: [JobAttempt] {
        Array(self.running.keys) + self.ready.map { JobAttempt(id: $0.job.id, attempt: $0.job.attempt) }
            + self.unwritten.map { JobAttempt(id: $0.jobID, attempt: $0.attempt) }
    }

    /// Takes a claimed batch in one hop, in place of the slots reserved for it: its jobs
    /// start while fewer than `concurrency` handlers run, and wait their turn otherwise.
    func launch(
        _ batch: [(job: ClaimedJob, timeout: Duration)],
        reserved: Int,
        start: @escaping @Sendable (ClaimedJob) -> Task<Void, Never>
    ) {
        self.start = start
        self.reserved = max(0, self.reserved - reserved)
        self.ready += batch
        self.startReady()
    }

    /// Starts waiting jobs into free slots; none once shutdown began (they are handed back).
    /// A task is recorded as running before anything else can touch the state, so a fast
    /// handler cannot end before it is known to be running.
    private func startReady() {
        guard let start, !self.isShuttingDown else { return }
        let count = min(self.concurrency - self.running.count, self.ready.count)
        guard count > 0 else { return }
        let now = ContinuousClock.now
        for (job, timeout) in self.ready.prefix(count) {
            self.running[JobAttempt(id: job.id, attempt: job.attempt)] = (start(job), now.advanced(by: timeout))
        }
        self.ready.removeFirst(count)
    }

    /// Cancels handlers that overran their timeout (one sweep for all jobs, instead of a
    /// timer per job).
    func cancelOverdue(now: ContinuousClock.Instant) {
        for (attempt, entry) in self.running where entry.deadline < now && !self.timedOut.contains(attempt) {
            self.timedOut.insert(attempt)
            entry.task.cancel()
        }
    }

    /// What `ended` made of a handler's end.
    enum Ending: Equatable {
        case recorded(wakeClaimers: Bool)
        /// The handler overran its timeout: end it again with a timeout failure (unless
        /// it failed permanently, which stands).
        case timedOut
    }

    /// A handler ended; its outcome waits to be written. One hop per job: whether it
    /// timed out is answered here, and claim loops need waking only when free slots
    /// reach `claimWhenFree` (or nothing runs any more), not at every job's end.
    func ended(_ outcome: JobOutcome, checkTimeout: Bool = true) -> Ending {
        let attempt = JobAttempt(id: outcome.jobID, attempt: outcome.attempt)
        if checkTimeout && outcome.result != .discarded && self.timedOut.contains(attempt) { return .timedOut }
        let freeBefore = self.concurrency - self.running.count - self.ready.count
        self.running[attempt] = nil
        self.timedOut.remove(attempt)
        self.startReady()
        let freeAfter = self.concurrency - self.running.count - self.ready.count
        let wake = (freeBefore < self.claimWhenFree && freeAfter >= self.claimWhenFree) || self.running.isEmpty
        if self.released.remove(attempt) != nil { return .recorded(wakeClaimers: wake) }
        let outcome =
            self.cancelledByServer.remove(attempt) != nil
            ? JobOutcome(jobID: outcome.jobID, attempt: outcome.attempt, result: .cancelled, error: "cancelled")
            : outcome
        self.unwritten.append(outcome)
        self.wakeWriters()
        return .recorded(wakeClaimers: wake)
    }

    private func wakeWriters() {
        let waiters = self.writeWaiters
        self.writeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Stops handlers of jobs the worker no longer holds (cancelled, or lease lost).
    func lost(_ attempts: Set<JobAttempt>) {
        // A waiting job the worker no longer holds never starts: nothing ran, nothing to write.
        self.ready.removeAll { attempts.contains(JobAttempt(id: $0.job.id, attempt: $0.job.attempt)) }
        for attempt in attempts {
            guard let entry = self.running[attempt] else { continue }
            self.cancelledByServer.insert(attempt)
            entry.task.cancel()
        }
    }

    /// Waits until there are outcomes to write (or shutdown), then takes up to `limit`.
    func takeUnwritten(limit: Int) async -> [JobOutcome] {
        if self.unwritten.isEmpty && !self.isShuttingDown {
            await withCheckedContinuation { self.writeWaiters.append($0) }
        }
        let batch = Array(self.unwritten.prefix(limit))
        self.unwritten.removeFirst(batch.count)
        return batch
    }

    /// Puts back outcomes whose write failed, to try again.
    func requeue(_ outcomes: [JobOutcome]) {
        self.unwritten.insert(contentsOf: outcomes, at: 0)
    }

    func beginShutdown() {
        self.isShuttingDown = true
        self.wakeWriters()
    }

    /// Cancels every running handler and marks its job released; returns the ids, with
    /// those of the jobs that never started.
    func releaseAll() -> [UUID] {
        for (attempt, entry) in self.running {
            entry.task.cancel()
            self.released.insert(attempt)
        }
        defer {
            self.ready.removeAll()
            self.start = nil  // nothing starts any more; and no cycle back to the runner
        }
        return self.running.keys.map(\.id) + self.ready.map(\.job.id)
    }

    /// Takes every unwritten outcome (final flush).
    func takeAllUnwritten() -> [JobOutcome] {
        defer { self.unwritten.removeAll() }
        return self.unwritten
    }
}
