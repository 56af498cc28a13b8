import Domain
import Foundation
import Logging
import Postgres
import Storage
import TestSupport
import Testing
import Workers

@Suite("Job queue in one process")
struct QueueTests {
    func noop(_ payload: NoopJob.Payload = .init(), options: JobOptions = JobOptions()) throws -> NewJob {
        try NewJob(kind: "noop", payload: payload, options: options)
    }

    @Test("a job enqueued in a rolled-back transaction never runs")
    func rolledBack() async throws {
        struct Abort: Error {}
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            await #expect(throws: Abort.self) {
                try await db.database.withTenant(tenant.id) { transaction in
                    try await JobQueue.enqueue(transaction.connection, tenantID: tenant.id, try self.noop())
                    throw Abort()
                }
            }
            let committed = try await db.database.withTenant(tenant.id) { transaction in
                try await JobQueue.enqueue(transaction.connection, tenantID: tenant.id, try self.noop())
            }
            try await withRunner(db) {
                try await db.owner.query("SELECT count(*) FROM job_runs")[0].decode(0, as: Int.self) >= 1
            }
            let runs = try await db.owner.query("SELECT job_id FROM job_runs")
            #expect(try runs.map { try $0.decode(0, as: UUID.self) } == [committed])
            #expect(try await db.owner.query("SELECT count(*) FROM jobs")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test("a failing job retries on the documented schedule, then is discarded with its history")
    func retries() async throws {
        try await TestDatabase.with { db in
            let id = try await db.owner.withConnection { connection in
                try await JobQueue.enqueue(
                    connection,
                    tenantID: nil,
                    try self.noop(.init(failAttempts: 10), options: JobOptions(maxAttempts: 4))
                )
            }
            let policy = RetryPolicy(base: 0.3, cap: 0.6)
            try await withRunner(db, configure: { $0.retry = policy }) {
                try await db.owner.query("SELECT state FROM jobs WHERE id = \(id)")[0].decode(0, as: String.self) == "discarded"
            }
            let runs = try await db.owner.query(
                "SELECT attempt, outcome, extract(epoch FROM finished_at)::float8 FROM job_runs WHERE job_id = \(id) ORDER BY attempt"
            )
            #expect(try runs.map { try $0.decode(0, as: Int.self) } == [1, 2, 3, 4])
            #expect(try runs.allSatisfy { try $0.decode(1, as: String.self) == "failed" })
            let times = try runs.map { try $0.decode(2, as: Double.self) }
            for attempt in 1..<4 {
                // The next attempt waits at least half the nominal delay (equal jitter). The
                // times are when outcomes were written, which the runner batches: an attempt's
                // row can land up to a write batch (~0.1 s under load) after its retry was set.
                #expect(times[attempt] - times[attempt - 1] >= policy.nominalDelay(afterAttempt: attempt) / 2 - 0.1)
            }
            let job = try await db.owner.query("SELECT jsonb_array_length(errors), last_error, attempts FROM jobs WHERE id = \(id)")
            #expect(try job[0].decode(0, as: Int.self) == 4)
            #expect(try job[0].decode(1, as: String.self).contains("noop failure"))
            #expect(try job[0].decode(2, as: Int.self) == 4)
        }
    }

    @Test("a handler that overruns its kind's timeout is cancelled and the attempt fails")
    func timeout() async throws {
        try await TestDatabase.with { db in
            let id = try await db.owner.withConnection { connection in
                try await JobQueue.enqueue(
                    connection,
                    tenantID: nil,
                    try self.noop(.init(sleepMS: 30_000), options: JobOptions(maxAttempts: 1))
                )
            }
            try await withRunner(db, handlers: [NoopJob(timeout: .milliseconds(300))]) {
                try await db.owner.query("SELECT state FROM jobs WHERE id = \(id)")[0].decode(0, as: String.self) == "discarded"
            }
            let error = try await db.owner.query("SELECT last_error FROM jobs WHERE id = \(id)")[0].decode(0, as: String.self)
            #expect(error.hasPrefix("timed out after"))
        }
    }

    @Test("a unique key deduplicates concurrent enqueues of a live job")
    func uniqueKey() async throws {
        try await TestDatabase.with(poolSize: 8) { db in
            let job = try self.noop(options: JobOptions(uniqueKey: "report:2026-11"))
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        try await db.app.withTransaction { try await JobQueue.enqueue($0, tenantID: nil, job) }
                    }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await db.owner.query("SELECT count(*) FROM jobs")[0].decode(0, as: Int.self) == 1)
            let batch = try await db.owner.withConnection { connection in
                try await JobQueue.enqueue(connection, tenantID: nil, batch: [job, job, try self.noop()])
            }
            #expect(batch == 1)
        }
    }

    @Test("a tenant's transaction cannot enqueue for another tenant, and sees only its own jobs")
    func tenancy() async throws {
        try await TestDatabase.with { db in
            let (a, _) = try await db.makeTenant()
            let (b, _) = try await db.makeTenant()
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(a.id) { transaction in
                    try await JobQueue.enqueue(transaction.connection, tenantID: b.id, try self.noop())
                }
            }
            _ = try await db.database.withTenant(b.id) { transaction in
                try await JobQueue.enqueue(transaction.connection, tenantID: b.id, try self.noop())
            }
            let seen = try await db.database.withTenant(a.id) { transaction in
                try await transaction.query("SELECT count(*) FROM jobs")[0].decode(0, as: Int.self)
            }
            #expect(seen == 0)
            await #expect(throws: LibpqError.self) {
                try await db.database.withTenant(b.id) { transaction in
                    try await transaction.query("UPDATE jobs SET state = 'completed'")
                }
            }
        }
    }

    @Test("a cancelled running job stops at the next heartbeat and is not retried")
    func cancelRunning() async throws {
        try await TestDatabase.with { db in
            let id = try await db.owner.withConnection { connection in
                try await JobQueue.enqueue(connection, tenantID: nil, try self.noop(.init(sleepMS: 20_000)))
            }
            try await withRunner(db, configure: { $0.lease = 0.6 }) {
                let state = try await db.owner.query("SELECT state FROM jobs WHERE id = \(id)")[0].decode(0, as: String.self)
                if state == "running" {
                    _ = try await db.owner.query("SELECT cancel_job(\(id), true)")
                }
                return try await db.owner.query("SELECT count(*) FROM job_runs WHERE job_id = \(id)")[0].decode(0, as: Int.self) == 1
            }
            let run = try await db.owner.query("SELECT outcome FROM job_runs WHERE job_id = \(id)")
            #expect(try run[0].decode(0, as: String.self) == "cancelled")
            #expect(try await db.owner.query("SELECT state FROM jobs WHERE id = \(id)")[0].decode(0, as: String.self) == "cancelled")
        }
    }
}
