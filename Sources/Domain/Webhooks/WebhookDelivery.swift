import Foundation

/// One event on its way to one subscription, with every attempt so far.
public struct WebhookDelivery: Encodable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable { case pending, delivered, failed }

    public var id: UUID
    public var subscriptionID: UUID
    public var eventID: UUID
    public var eventType: String
    /// The delivery this one replays, if it is a replay.
    public var replayOf: UUID?
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?
    public var attemptLog: [WebhookAttempt]

    public init(
        id: UUID,
        subscriptionID: UUID,
        eventID: UUID,
        eventType: String,
        replayOf: UUID?,
        state: State,
        attempts: Int,
        nextAttemptAt: Date?,
        lastStatus: Int?,
        lastError: String?,
        createdAt: Date,
        finishedAt: Date?,
        attemptLog: [WebhookAttempt] = []
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.eventType = eventType
        self.replayOf = replayOf
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.attemptLog = attemptLog
    }

    enum CodingKeys: String, CodingKey {
        case id, state, attempts
        case subscriptionID = "subscription_id"
        case eventID = "event_id"
        case eventType = "event_type"
        case replayOf = "replay_of"
        case nextAttemptAt = "next_attempt_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case attemptLog = "attempt_log"
    }
}

/// One recorded attempt: when, the answer's status (none on a connection error or
/// timeout), how long it took, the error, and the first bytes of the answer.
public struct WebhookAttempt: Encodable, Sendable, Equatable {
    public var number: Int
    public var attemptedAt: Date
    public var statusCode: Int?
    public var durationMS: Int
    public var error: String?
    public var responseExcerpt: String?

    public init(number: Int, attemptedAt: Date, statusCode: Int?, durationMS: Int, error: String?, responseExcerpt: String?) {
        self.number = number
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.durationMS = durationMS
        self.error = error
        self.responseExcerpt = responseExcerpt
    }

    enum CodingKeys: String, CodingKey {
        case number, error
        case attemptedAt = "attempted_at"
        case statusCode = "status_code"
        case durationMS = "duration_ms"
        case responseExcerpt = "response_excerpt"
    }
}

/// The body of every webhook: the event, exactly the bytes that are signed.
public struct WebhookEnvelope: Encodable, Sendable {
    public var id: UUID
    public var type: String
    public var tenant: String
    public var occurredAt: Date
    public var data: RawJSON

    public init(id: UUID, type: String, tenant: String, occurredAt: Date, data: RawJSON) {
        self.id = id
        self.type = type
        self.tenant = tenant
        self.occurredAt = occurredAt
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id, type, tenant, data
        case occurredAt = "occurred_at"
    }
}
