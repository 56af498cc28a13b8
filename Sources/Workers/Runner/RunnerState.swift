import Foundation
import Storage

/// The jobs one worker holds: handlers in flight, and attempts that ended but are not
/// yet written. Both keep their leases alive until written.
actor RunnerState {
    /// Keyed by attempt, not job: a job rescued while its handler still ran here may be
    /// claimed again by this worker, and the two runs must not be confused.
    private var running: [JobAttempt: (task: Task<Void, Never>, deadline: ContinuousClock.Instant)] = [:]
    /// Attempts whose handler overran its kind's timeout and was cancelled for it.
    private var timedOut: Set<JobAttempt> = []
    private var cancelledByServer: Set<JobAttempt> = []
    /// Attempts handed back at shutdown: their handlers' outcomes are dropped.
    private var released: Set<JobAttempt> = []
    private var unwritten: [JobOutcome] = []
    private var writeWaiter: CheckedContinuation<Void, Never>?
    private(set) var isShuttingDown = false

    var runningCount: Int { self.running.count }
    var unwrittenCount: Int { self.unwritten.count }

    /// Every attempt whose lease must be renewed.
    var held: [JobAttempt] {
        Array(self.running.keys) + self.unwritten.map { JobAttempt(id: $0.jobID, attempt: $0.attempt) }
    }

    /// Starts a job's task and records it before anything else can touch the state, so
    /// a fast handler cannot end before it is known to be running.
    func launch(_ attempt: JobAttempt, timeout: Duration, _ makeTask: () -> Task<Void, Never>) {
        self.running[attempt] = (makeTask(), ContinuousClock.now.advanced(by: timeout))
    }

    /// Cancels handlers that overran their timeout (one sweep for all jobs, instead of a
    /// timer per job).
    func cancelOverdue(now: ContinuousClock.Instant) {
        for (attempt, entry) in self.running where entry.deadline < now && !self.timedOut.contains(attempt) {
            self.timedOut.insert(attempt)
            entry.task.cancel()
        }
    }

    /// Whether the job's handler was cancelled for overrunning its timeout.
    func didTimeOut(_ attempt: JobAttempt) -> Bool {
        self.timedOut.contains(attempt)
    }

    /// A handler ended; its outcome waits to be written.
    func ended(_ outcome: JobOutcome) {
        let attempt = JobAttempt(id: outcome.jobID, attempt: outcome.attempt)
        self.running[attempt] = nil
        self.timedOut.remove(attempt)
        if self.released.remove(attempt) != nil { return }
        let outcome =
            self.cancelledByServer.remove(attempt) != nil
            ? JobOutcome(jobID: outcome.jobID, attempt: outcome.attempt, result: .cancelled, error: "cancelled")
            : outcome
        self.unwritten.append(outcome)
        if let writeWaiter {
            self.writeWaiter = nil
            writeWaiter.resume()
        }
    }

    /// Stops handlers of jobs the worker no longer holds (cancelled, or lease lost).
    func lost(_ attempts: Set<JobAttempt>) {
        for attempt in attempts {
            guard let entry = self.running[attempt] else { continue }
            self.cancelledByServer.insert(attempt)
            entry.task.cancel()
        }
    }

    /// Waits until there are outcomes to write (or shutdown), then takes up to `limit`.
    func takeUnwritten(limit: Int) async -> [JobOutcome] {
        if self.unwritten.isEmpty && !self.isShuttingDown {
            await withCheckedContinuation { self.writeWaiter = $0 }
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
        if let writeWaiter {
            self.writeWaiter = nil
            writeWaiter.resume()
        }
    }

    /// Cancels every running handler and marks its job released; returns the ids.
    func releaseAll() -> [UUID] {
        for (attempt, entry) in self.running {
            entry.task.cancel()
            self.released.insert(attempt)
        }
        return self.running.keys.map(\.id)
    }

    /// Takes every unwritten outcome (final flush).
    func takeAllUnwritten() -> [JobOutcome] {
        defer { self.unwritten.removeAll() }
        return self.unwritten
    }
}
