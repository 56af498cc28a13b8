import Storage

/// The built-in `noop` job for tests and benchmarks: optionally sleeps `sleep_ms`.
/// Each run is recorded, like every run, in `job_runs`, so executions can be counted.
public struct NoopJob: JobHandler {
    public struct Payload: Codable, Sendable {
        public var sleepMS: Int?
        /// Fail this many first attempts (tests of the retry schedule).
        public var failAttempts: Int?

        enum CodingKeys: String, CodingKey {
            case sleepMS = "sleep_ms"
            case failAttempts = "fail_attempts"
        }

        /// Absent fields stay absent, so a plain noop's payload is `{}`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let sleepMS { try container.encode(sleepMS, forKey: .sleepMS) }
            if let failAttempts { try container.encode(failAttempts, forKey: .failAttempts) }
        }

        public init(sleepMS: Int? = nil, failAttempts: Int? = nil) {
            self.sleepMS = sleepMS
            self.failAttempts = failAttempts
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "noop failure requested by its payload" }
    }

    public let kind = "noop"
    public let timeout: Duration

    public init(timeout: Duration = .seconds(60)) {
        self.timeout = timeout
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = job.payload == "{}" ? Payload() : try job.decodePayload(Payload.self)
        if let sleep = payload.sleepMS, sleep > 0 { try await Task.sleep(for: .milliseconds(sleep)) }
        if let failures = payload.failAttempts, job.attempt <= failures { throw Failure() }
    }
}
