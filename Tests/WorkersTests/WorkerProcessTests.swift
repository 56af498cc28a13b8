import Domain
import Foundation
import Postgres
import Storage
import TestSupport
import Testing
import Workers

/// Real `oversight work` processes: several at once, killed, and stopped with SIGTERM.
@Suite("Worker processes")
struct WorkerProcessTests {
    func enqueueNoops(_ db: TestDatabase, count: Int, sleepMS: Int? = nil) async throws {
        let job = try NewJob(kind: "noop", payload: NoopJob.Payload(sleepMS: sleepMS))
        try await db.owner.withConnection { connection in
            var remaining = count
            while remaining > 0 {
                let size = min(remaining, 2000)
                try await JobQueue.enqueue(connection, tenantID: nil, batch: Array(repeating: job, count: size))
                remaining -= size
            }
        }
    }

    func count(_ db: TestDatabase, _ query: SQLQuery) async throws -> Int {
        try await db.owner.query(query)[0].decode(0, as: Int.self)
    }

    let fast = ["OVERSIGHT_JOB_CONCURRENCY": "8", "OVERSIGHT_JOB_POLL_MS": "100"]

    @Test("two workers with concurrency above 1 run each of 5,000 jobs exactly once")
    func exactlyOnce() async throws {
        try await TestDatabase.with { db in
            try await self.enqueueNoops(db, count: 5000)
            let workers = try (0..<2).map { _ in try WorkerProcess(databaseURL: db.appURL, environment: self.fast) }
            let done = try await eventually(timeout: .seconds(120)) {
                try await self.count(db, "SELECT count(*) FROM jobs WHERE kind = 'noop' AND state = 'completed'") == 5000
            }
            for worker in workers { worker.signal(SIGTERM) }
            for worker in workers { #expect(try await worker.wait() == 0) }
            #expect(done)
            #expect(try await self.count(db, "SELECT count(*) FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'noop'") == 5000)
            #expect(try await self.count(db, "SELECT count(*) FROM (SELECT job_id FROM job_runs GROUP BY job_id HAVING count(*) > 1) d") == 0)
            // Both workers took part.
            #expect(try await self.count(db, "SELECT count(DISTINCT worker) FROM job_runs") == 2)
        }
    }

    @Test("kill -9 of one of two workers: its jobs run again after the lease expires, and all complete")
    func killed() async throws {
        try await TestDatabase.with { db in
            try await self.enqueueNoops(db, count: 5000, sleepMS: 5)
            var environment = self.fast
            environment["OVERSIGHT_JOB_LEASE_SECONDS"] = "2"
            environment["OVERSIGHT_JOB_RESCUE_MS"] = "300"
            // The victim runs alone until it holds leases, so the kill strands some of them.
            let victim = try WorkerProcess(databaseURL: db.appURL, environment: environment)
            let started = try await eventually(timeout: .seconds(60)) {
                let running = try await self.count(db, "SELECT count(*) FROM jobs WHERE state = 'running'")
                let finished = try await self.count(db, "SELECT count(*) FROM job_runs")
                return running > 0 && finished > 100
            }
            #expect(started)
            victim.signal(SIGKILL)
            #expect(try await victim.wait() != 0)
            #expect(try await self.count(db, "SELECT count(*) FROM jobs WHERE state = 'running'") > 0)
            let survivor = try WorkerProcess(databaseURL: db.appURL, environment: environment)
            let done = try await eventually(timeout: .seconds(180)) {
                try await self.count(db, "SELECT count(*) FROM jobs WHERE kind = 'noop' AND state = 'completed'") == 5000
            }
            survivor.signal(SIGTERM)
            #expect(try await survivor.wait() == 0)
            #expect(done)
            // The victim's leased jobs were rescued: their second attempt completed.
            #expect(try await self.count(db, "SELECT count(*) FROM jobs WHERE attempts > 1") > 0)
            #expect(try await self.count(db, "SELECT count(*) FROM jobs WHERE last_error LIKE 'lease expired%'") > 0)
        }
    }

    @Test("with 3 workers a periodic job is enqueued once per tick")
    func periodic() async throws {
        try await TestDatabase.with { db in
            var environment = self.fast
            environment["OVERSIGHT_PERIODIC_NOOP_SECONDS"] = "1"
            let workers = try (0..<3).map { _ in try WorkerProcess(databaseURL: db.appURL, environment: environment) }
            let ticked = try await eventually(timeout: .seconds(60)) {
                try await self.count(db, "SELECT count(*) FROM periodic_ticks WHERE name = 'noop.tick'") >= 4
            }
            for worker in workers { worker.signal(SIGTERM) }
            for worker in workers { #expect(try await worker.wait() == 0) }
            #expect(ticked)
            let ticks = try await self.count(db, "SELECT count(*) FROM periodic_ticks WHERE name = 'noop.tick'")
            let jobs = try await self.count(db, "SELECT count(*) FROM jobs WHERE unique_key LIKE 'periodic:noop.tick:%'")
            let distinct = try await self.count(db, "SELECT count(DISTINCT unique_key) FROM jobs WHERE unique_key LIKE 'periodic:noop.tick:%'")
            #expect(jobs == ticks)
            #expect(distinct == jobs)
            // Consecutive ticks: no tick was skipped or doubled while the workers ran.
            let span = try await self.count(
                db,
                "SELECT (max(tick::int8) - min(tick::int8) + 1)::int8 FROM periodic_ticks WHERE name = 'noop.tick'"
            )
            #expect(span == ticks)
        }
    }

    @Test("SIGTERM drains: running jobs finish or are handed back, and none is lost")
    func sigterm() async throws {
        try await TestDatabase.with { db in
            try await self.enqueueNoops(db, count: 300, sleepMS: 100)
            var environment = self.fast
            environment["OVERSIGHT_JOB_SHUTDOWN_SECONDS"] = "0.05"
            let first = try WorkerProcess(databaseURL: db.appURL, environment: environment)
            let running = try await eventually(timeout: .seconds(60)) {
                try await self.count(db, "SELECT count(*) FROM job_runs") >= 16
            }
            #expect(running)
            first.signal(SIGTERM)
            #expect(try await first.wait() == 0)
            #expect(try await self.count(db, "SELECT count(*) FROM jobs WHERE state = 'running'") == 0)
            #expect(try await self.count(db, "SELECT count(*) FROM jobs WHERE state IN ('discarded', 'retryable', 'cancelled')") == 0)
            let second = try WorkerProcess(databaseURL: db.appURL, environment: self.fast)
            let done = try await eventually(timeout: .seconds(120)) {
                try await self.count(db, "SELECT count(*) FROM jobs WHERE kind = 'noop' AND state = 'completed'") == 300
            }
            second.signal(SIGTERM)
            #expect(try await second.wait() == 0)
            #expect(done)
            #expect(
                try await self.count(
                    db,
                    "SELECT count(*) FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'noop' AND r.outcome = 'completed'"
                ) == 300
            )
        }
    }
}
