import Domain
import Foundation
import Postgres

/// Options of a job to enqueue.
public struct JobOptions: Sendable, Equatable {
    public var queue: String
    public var priority: Int
    public var runAt: Date?
    public var maxAttempts: Int
    /// A second enqueue with the key of a live job (available, running, retryable) does
    /// nothing and returns that job.
    public var uniqueKey: String?

    public init(queue: String = "default", priority: Int = 0, runAt: Date? = nil, maxAttempts: Int = 20, uniqueKey: String? = nil) {
        self.queue = queue
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
    }
}

/// A job to enqueue: its kind, JSON payload and options.
public struct NewJob: Sendable {
    public var kind: String
    public var payload: String
    public var options: JobOptions

    public init(kind: String, payload: some Encodable, options: JobOptions = JobOptions()) throws {
        self.kind = kind
        self.payload = String(decoding: try JSONCoding.encoder.encode(payload), as: UTF8.self)
        self.options = options
    }
}

/// A job a worker holds under a lease.
public struct ClaimedJob: Sendable, Equatable {
    public var id: UUID
    public var tenantID: UUID?
    public var queue: String
    public var kind: String
    /// The payload as JSON text.
    public var payload: String
    /// This run's attempt number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    public var createdAt: Date
    public var runAt: Date

    public init(
        id: UUID,
        tenantID: UUID?,
        queue: String,
        kind: String,
        payload: String,
        attempt: Int,
        maxAttempts: Int,
        createdAt: Date,
        runAt: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.queue = queue
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.createdAt = createdAt
        self.runAt = runAt
    }

    /// Decodes the payload.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: Data(self.payload.utf8))
    }
}

/// How one attempt ended.
public struct JobOutcome: Sendable, Equatable {
    public enum Result: String, Sendable {
        /// `failed` retries until attempts run out; `discarded` gives up now.
        case completed, failed, discarded, cancelled
    }

    public var jobID: UUID
    public var attempt: Int
    public var result: Result
    public var error: String?
    /// For failures: when to run again (ignored once attempts are exhausted).
    public var retryAt: Date?

    public init(jobID: UUID, attempt: Int, result: Result, error: String? = nil, retryAt: Date? = nil) {
        self.jobID = jobID
        self.attempt = attempt
        self.result = result
        self.error = error
        self.retryAt = retryAt
    }
}

/// The PostgreSQL job queue. Enqueueing joins the caller's transaction, so a job commits
/// or rolls back with the change that caused it. Workers claim, heartbeat and finish
/// through the queue's SECURITY DEFINER functions (sql/0006_jobs.sql).
public struct JobQueue: Sendable {
    public let client: LibpqPool

    public init(client: LibpqPool) {
        self.client = client
    }

    /// Enqueues one job in an open transaction; returns its id, or the id of the live job
    /// with the same unique key.
    @discardableResult
    public static func enqueue(_ connection: LibpqConnectionHandle, tenantID: UUID?, _ job: NewJob) async throws -> UUID {
        let options = job.options
        let rows = try await connection.query(
            """
            SELECT enqueue_job(\(UUIDv7.make()), \(tenantID), \(options.queue), \(job.kind), \(job.payload)::jsonb,
                \(Int32(options.priority))::smallint, \(options.runAt), \(Int32(options.maxAttempts)), \(options.uniqueKey))
            """
        )
        return try rows[0].decode(0, as: UUID.self)
    }

    /// Enqueues many jobs in one statement; returns how many were inserted (jobs whose
    /// unique key is live are skipped).
    @discardableResult
    public static func enqueue(_ connection: LibpqConnectionHandle, tenantID: UUID?, batch: [NewJob]) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        let ids = batch.map { _ in UUIDv7.make() }
        let rows = try await connection.query(
            """
            SELECT enqueue_jobs(\(ids), \(tenantID), \(batch.map(\.options.queue)), \(batch.map(\.kind)),
                \(batch.map(\.payload))::jsonb[], \(batch.map { Int32($0.options.priority) }),
                \(batch.map(\.options.runAt)),
                \(batch.map { Int32($0.options.maxAttempts) }), \(batch.map(\.options.uniqueKey)))
            """
        )
        return try rows[0].decode(0, as: Int.self)
    }

    /// Claims up to `limit` due jobs of `queues`, leased to `worker` for `lease` seconds.
    public func claim(worker: String, queues: [String], limit: Int, lease: Double) async throws -> [ClaimedJob] {
        let rows = try await self.client.query(
            """
            SELECT id, tenant_id, queue, kind, payload::text, attempts, max_attempts, created_at, run_at
            FROM claim_jobs(\(worker), \(queues), \(Int32(limit)), \(lease))
            """
        )
        return try rows.map { row in
            ClaimedJob(
                id: try row.decode(0),
                tenantID: try row.decode(1),
                queue: try row.decode(2),
                kind: try row.decode(3),
                payload: try row.decode(4),
                attempt: try row.decode(5),
                maxAttempts: try row.decode(6),
                createdAt: try row.decode(7),
                runAt: try row.decode(8)
            )
        }
    }

    /// Renews the leases of attempts; returns those the worker still holds.
    public func heartbeat(worker: String, attempts: [JobAttempt], lease: Double) async throws -> Set<JobAttempt> {
        guard !attempts.isEmpty else { return [] }
        let rows = try await self.client.query(
            """
            SELECT id, attempt FROM heartbeat_jobs(\(worker), \(attempts.map(\.id)), \(attempts.map { Int32($0.attempt) }), \(lease))
            """
        )
        return Set(try rows.map { JobAttempt(id: try $0.decode(0), attempt: try $0.decode(1)) })
    }

    /// Ends attempts in one statement; returns how many jobs the worker still held.
    @discardableResult
    public func finish(worker: String, _ outcomes: [JobOutcome]) async throws -> Int {
        guard !outcomes.isEmpty else { return 0 }
        let rows = try await self.client.query(
            """
            SELECT finish_jobs(\(worker), \(outcomes.map(\.jobID)), \(outcomes.map { Int32($0.attempt) }),
                \(outcomes.map(\.result.rawValue)), \(outcomes.map(\.error)),
                \(outcomes.map(\.retryAt)))
            """
        )
        return try rows[0].decode(0, as: Int.self)
    }

    /// Hands back unfinished jobs at shutdown without counting the attempt.
    @discardableResult
    public func release(worker: String, ids: [UUID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await self.client.query("SELECT release_jobs(\(worker), \(ids))")[0].decode(0, as: Int.self)
    }

    /// Makes jobs of dead workers claimable again; returns how many.
    @discardableResult
    public func rescueExpired() async throws -> Int {
        try await self.client.query("SELECT rescue_expired_jobs()")[0].decode(0, as: Int.self)
    }

    /// Deletes jobs that finished more than `age` seconds ago; returns how many.
    @discardableResult
    public func prune(olderThan age: Double) async throws -> Int {
        try await self.client.query("SELECT prune_jobs(make_interval(secs => \(age)))")[0].decode(0, as: Int.self)
    }

    /// Enqueues the tick of a periodic job unless some scheduler already did.
    @discardableResult
    public func enqueuePeriodic(
        name: String,
        tick: String,
        tenantID: UUID?,
        kind: String,
        payload: String = "{}"
    )
        async throws -> Bool
    {
        try await self.client.query(
            "SELECT enqueue_periodic(\(UUIDv7.make()), \(name), \(tick), \(tenantID), \(kind), \(payload)::jsonb)"
        )[0].decode(0, as: Bool.self)
    }

    /// Job counts by state, over all queues and tenants; every state is present.
    public func countsByState() async throws -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, 0) })
        for row in try await self.client.query("SELECT state, sum(count)::int8 FROM job_counts() GROUP BY state") {
            counts[try row.decode(0, as: String.self)] = try row.decode(1, as: Int.self)
        }
        return counts
    }

    /// Job counts by queue and state (for metrics).
    public func countsByQueue() async throws -> [(queue: String, state: String, count: Int)] {
        try await self.client.query("SELECT queue, state, count FROM job_counts()").map {
            (try $0.decode(0), try $0.decode(1), try $0.decode(2))
        }
    }
}

/// One attempt of a job: what a worker holds a lease on.
public struct JobAttempt: Sendable, Hashable {
    public var id: UUID
    public var attempt: Int

    public init(id: UUID, attempt: Int) {
        self.id = id
        self.attempt = attempt
    }
}
