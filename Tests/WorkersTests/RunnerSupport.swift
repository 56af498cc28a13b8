import TestSupport
import Testing
import Workers

/// Runs an in-process runner until `done` holds, then shuts it down gracefully;
/// records an issue when `done` never held, with what `explain` says about the state
/// left behind (so a failure on a loaded CI machine can be read from its log).
func withRunner(
    _ db: TestDatabase,
    handlers: [any JobHandler] = [NoopJob()],
    timeout: Duration = .seconds(30),
    configure: (inout JobRunnerConfiguration) -> Void = { _ in },
    explain: @Sendable () async throws -> String = { "" },
    until done: @escaping @Sendable () async throws -> Bool
) async throws {
    let held = try await runWorkers(db, handlers: handlers, timeout: timeout, configure: configure, until: done)
    if !held {
        Issue.record("the runner stopped before the condition held; \(try await explain())")
    }
}
