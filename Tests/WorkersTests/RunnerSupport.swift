import TestSupport
import Testing
import Workers

/// Runs an in-process runner until `done` holds, then shuts it down gracefully;
/// records an issue when `done` never held.
func withRunner(
    _ db: TestDatabase,
    handlers: [any JobHandler] = [NoopJob()],
    timeout: Duration = .seconds(30),
    configure: (inout JobRunnerConfiguration) -> Void = { _ in },
    until done: @escaping @Sendable () async throws -> Bool
) async throws {
    #expect(try await runWorkers(db, handlers: handlers, timeout: timeout, configure: configure, until: done))
}
