import Foundation
import Storage

/// The jobs one worker holds: handlers in flight, and attempts that ended but are not
/// yet written. Both keep their leases alive until written.
actor RunnerState {
    private var running: [UUID: (attempt: Int, task: Task<Void, Never>, deadline: ContinuousClock.Instant)] = [:]
    /// Jobs whose handler overran its kind's timeout and was cancelled for it.
    private var timedOut: Set<UUID> = []
    private var cancelledByServer: Set<UUID> = []
    /// Jobs handed back at shutdown: their handlers' outcomes are dropped.
    private var released: Set<UUID> = []
    private var unwritten: [JobOutcome] = []
    private var writeWaiter: CheckedContinuation<Void, Never>?
    private(set) var isShuttingDown = false

    var runningCount: Int { self.running.count }
    var unwrittenCount: Int { self.unwritten.count }

    /// Every job whose lease must be renewed.
    var heldIDs: [UUID] { Array(self.running.keys) + self.unwritten.map(\.jobID) }

    /// Starts a job's task and records it before anything else can touch the state, so
    /// a fast handler cannot end before it is known to be running.
    func launch(_ id: UUID, attempt: Int, timeout: Duration, _ makeTask: () -> Task<Void, Never>) {
        self.running[id] = (attempt, makeTask(), ContinuousClock.now.advanced(by: timeout))
    }

    /// Cancels handlers that overran their timeout (one sweep for all jobs, instead of a
    /// timer per job).
    func cancelOverdue(now: ContinuousClock.Instant) {
        for (id, entry) in self.running where entry.deadline < now && !self.timedOut.contains(id) {
            self.timedOut.insert(id)
            entry.task.cancel()
        }
    }

    /// Whether the job's handler was cancelled for overrunning its timeout.
    func didTimeOut(_ id: UUID) -> Bool {
        self.timedOut.contains(id)
    }

    /// A handler ended; its outcome waits to be written.
    func ended(_ outcome: JobOutcome) {
        self.running[outcome.jobID] = nil
        self.timedOut.remove(outcome.jobID)
        if self.released.remove(outcome.jobID) != nil { return }
        let outcome =
            self.cancelledByServer.remove(outcome.jobID) != nil
            ? JobOutcome(jobID: outcome.jobID, attempt: outcome.attempt, result: .cancelled, error: "cancelled")
            : outcome
        self.unwritten.append(outcome)
        if let writeWaiter {
            self.writeWaiter = nil
            writeWaiter.resume()
        }
    }

    /// Stops handlers of jobs the worker no longer holds (cancelled, or lease lost).
    func lost(_ ids: Set<UUID>) {
        for id in ids {
            guard let entry = self.running[id] else { continue }
            self.cancelledByServer.insert(id)
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
        for (id, entry) in self.running {
            entry.task.cancel()
            self.released.insert(id)
        }
        return Array(self.running.keys)
    }

    /// Takes every unwritten outcome (final flush).
    func takeAllUnwritten() -> [JobOutcome] {
        defer { self.unwritten.removeAll() }
        return self.unwritten
    }
}
