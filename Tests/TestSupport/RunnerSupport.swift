import Logging
import Workers

/// Runs an in-process job runner until `done` holds (or `timeout` passes), then shuts
/// it down gracefully. Returns whether `done` held.
public func runWorkers(
    _ db: TestDatabase,
    handlers: [any JobHandler],
    timeout: Duration = .seconds(30),
    configure: (inout JobRunnerConfiguration) -> Void = { _ in },
    until done: @escaping @Sendable () async throws -> Bool
) async throws -> Bool {
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
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await runner.runUntilShutdownForTests() }
        let held = try await eventually(timeout: timeout, done)
        await runner.shutdown()
        try await group.waitForAll()
        return held
    }
}
