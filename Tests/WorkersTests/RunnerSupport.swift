import Logging
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
    var configuration = JobRunnerConfiguration()
    configuration.pollInterval = .milliseconds(50)
    configure(&configuration)
    let runner = JobRunner(
        configuration: configuration,
        database: db.database,
        handlers: handlers,
        listenConnectionString: db.appURL,
        logger: Logger(label: "test")
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await runner.runUntilShutdownForTests() }
        let held = try await eventually(timeout: timeout, done)
        await runner.shutdown()
        try await group.waitForAll()
        #expect(held)
    }
}
