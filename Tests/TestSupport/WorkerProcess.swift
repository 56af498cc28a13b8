import Foundation

/// A real `oversight work` process against a test database.
public final class WorkerProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only started, signalled and awaited by the test
    // that owns this object, never concurrently.
    let process = Process()
    public let log: URL

    /// The built `oversight` binary: `OVERSIGHT_BINARY`, or the debug build.
    public static var binary: String {
        ProcessInfo.processInfo.environment["OVERSIGHT_BINARY"] ?? FileManager.default.currentDirectoryPath + "/.build/debug/oversight"
    }

    public init(
        databaseURL: String,
        environment: [String: String] = [:],
        arguments: [String] = ["work"],
        executable: String = WorkerProcess.binary
    ) throws {
        self.process.executableURL = URL(fileURLWithPath: executable)
        self.process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATABASE_") }
        env["DATABASE_URL"] = databaseURL
        env["DATABASE_OWNER_URL"] = databaseURL
        env.merge(environment) { _, new in new }
        self.process.environment = env
        self.log = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: self.log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: self.log)
        self.process.standardOutput = handle
        self.process.standardError = handle
        try self.process.run()
    }

    public var pid: Int32 { self.process.processIdentifier }

    public func signal(_ signal: Int32) {
        kill(self.process.processIdentifier, signal)
    }

    /// Waits for the exit and returns the status (or signal number for a killed process).
    public func wait(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while self.process.isRunning {
            guard ContinuousClock.now < deadline else {
                self.signal(SIGKILL)
                throw TestCluster.Missing(description: "worker did not exit in time; log: \(self.logText)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return self.process.terminationStatus
    }

    public var logText: String { (try? String(contentsOf: self.log, encoding: .utf8)) ?? "" }

    deinit {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: self.log)
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
