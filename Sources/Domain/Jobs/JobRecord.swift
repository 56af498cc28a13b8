import Foundation

/// A job as the API shows it.
public struct JobRecord: Sendable, Encodable {
    public var id: UUID
    public var tenantID: UUID?
    public var queue: String
    public var kind: String
    public var payload: RawJSON
    public var priority: Int
    public var state: String
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Date
    public var uniqueKey: String?
    public var lastError: String?
    public var errors: RawJSON
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: UUID,
        tenantID: UUID?,
        queue: String,
        kind: String,
        payload: RawJSON,
        priority: Int,
        state: String,
        attempts: Int,
        maxAttempts: Int,
        runAt: Date,
        uniqueKey: String?,
        lastError: String?,
        errors: RawJSON,
        createdAt: Date,
        startedAt: Date?,
        finishedAt: Date?
    ) {
        self.id = id
        self.tenantID = tenantID
        self.queue = queue
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.uniqueKey = uniqueKey
        self.lastError = lastError
        self.errors = errors
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, queue, kind, payload, priority, state, attempts, errors
        case tenantID = "tenant_id"
        case maxAttempts = "max_attempts"
        case runAt = "run_at"
        case uniqueKey = "unique_key"
        case lastError = "last_error"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}

/// The states of a job.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case available, running, completed, retryable, discarded, cancelled
}
