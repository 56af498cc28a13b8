import Foundation
import Storage
import Testing

@testable import Workers

/// The runner's bookkeeping, without a database: slots, prefetch, wake-ups and hand-back.
@Suite("Runner state")
struct RunnerStateTests {
    func job(_ attempt: Int = 1) -> ClaimedJob {
        ClaimedJob(
            id: UUID(),
            tenantID: nil,
            queue: "default",
            kind: "noop",
            payload: "{}",
            attempt: attempt,
            maxAttempts: 3,
            createdAt: Date(),
            runAt: Date()
        )
    }

    /// A handler task that waits until the test lets it finish.
    final class Gate: @unchecked Sendable {
        // @unchecked: `started` is only touched under `lock`.
        let lock = NSLock()
        var started: [UUID] = []
        func start(_ job: ClaimedJob) -> Task<Void, Never> {
            self.lock.withLock { self.started.append(job.id) }
            return Task {}
        }
        var count: Int { self.lock.withLock { self.started.count } }
    }

    func completed(_ job: ClaimedJob) -> JobOutcome { JobOutcome(jobID: job.id, attempt: job.attempt, result: .completed) }

    @Test("parallel claims reserve slots: never more than the concurrency plus one batch ahead")
    func reservations() async {
        let state = RunnerState(concurrency: 4, claimWhenFree: 2)
        #expect(await state.reserve(batch: 4, minimum: 1, ahead: 4, backlogAllowance: 10) == 4)
        #expect(await state.reserve(batch: 4, minimum: 1, ahead: 4, backlogAllowance: 10) == 4)
        #expect(await state.reserve(batch: 4, minimum: 1, ahead: 4, backlogAllowance: 10) == 0)
        await state.unreserve(3)
        #expect(await state.reserve(batch: 4, minimum: 4, ahead: 4, backlogAllowance: 10) == 0, "3 free < minimum 4")
        #expect(await state.reserve(batch: 4, minimum: 2, ahead: 4, backlogAllowance: 10) == 3)
    }

    @Test("claimed jobs beyond the free slots wait, start in claim order as handlers end, and are renewed meanwhile")
    func readyQueue() async {
        let state = RunnerState(concurrency: 2, claimWhenFree: 1)
        let gate = Gate()
        let jobs = (0..<5).map { _ in self.job() }
        _ = await state.reserve(batch: 5, minimum: 1, ahead: 3, backlogAllowance: 10)
        await state.launch(jobs.map { ($0, .seconds(60)) }, reserved: 5) { gate.start($0) }
        #expect(gate.started == jobs.prefix(2).map(\.id))
        #expect(await state.runningCount == 2)
        #expect(Set(await state.held.map(\.id)) == Set(jobs.map(\.id)), "waiting jobs keep their leases")
        _ = await state.ended(self.completed(jobs[0]))
        #expect(gate.started == jobs.prefix(3).map(\.id))
        #expect(await state.runningCount == 2)
        // Shutdown: nothing more starts, and the waiting jobs are handed back with the running ones.
        await state.beginShutdown()
        _ = await state.ended(self.completed(jobs[1]))
        #expect(gate.count == 3)
        let released = await state.releaseAll()
        #expect(Set(released) == Set([jobs[2].id, jobs[3].id, jobs[4].id]))
        // The running one is held until its handler, cancelled, ends; the written ones until written.
        #expect(Set(await state.held.map(\.id)) == Set([jobs[0].id, jobs[1].id, jobs[2].id]))
    }

    @Test("claim loops are woken when free slots reach the low-water mark or nothing runs, not at every end")
    func wakeOnlyWhenWorthIt() async {
        let state = RunnerState(concurrency: 4, claimWhenFree: 2)
        let gate = Gate()
        let jobs = (0..<4).map { _ in self.job() }
        await state.launch(jobs.map { ($0, .seconds(60)) }, reserved: 0) { gate.start($0) }
        #expect(await state.ended(self.completed(jobs[0])) == .recorded(wakeClaimers: false))
        #expect(await state.ended(self.completed(jobs[1])) == .recorded(wakeClaimers: true))
        #expect(await state.ended(self.completed(jobs[2])) == .recorded(wakeClaimers: false))
        #expect(await state.ended(self.completed(jobs[3])) == .recorded(wakeClaimers: true))
        #expect(await state.unwrittenCount == 4)
    }

    @Test("a timed-out handler's success becomes a failure; a permanent failure stands")
    func timeouts() async {
        let state = RunnerState(concurrency: 2)
        let gate = Gate()
        let (slow, permanent) = (self.job(), self.job())
        await state.launch([(slow, .milliseconds(1)), (permanent, .milliseconds(1))], reserved: 0) { gate.start($0) }
        await state.cancelOverdue(now: .now.advanced(by: .seconds(1)))
        #expect(await state.ended(self.completed(slow)) == .timedOut)
        let failure = JobOutcome(jobID: slow.id, attempt: 1, result: .failed, error: "timed out")
        #expect(await state.ended(failure, checkTimeout: false) == .recorded(wakeClaimers: true), "a slot freed")
        let discarded = JobOutcome(jobID: permanent.id, attempt: 1, result: .discarded, error: "permanent")
        #expect(await state.ended(discarded) == .recorded(wakeClaimers: true))
        #expect(await state.takeAllUnwritten().map(\.result) == [.failed, .discarded])
    }
}
