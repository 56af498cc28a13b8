import Foundation

/// The Python receiver of `Tests/Support/webhook_receiver.py`, run as a real process on
/// a loopback port. `OVERSIGHT_TEST_PYTHON` names a Python with `standardwebhooks`
/// (scripts/test installs it); without it the test fails, never skips.
public final class WebhookReceiver: @unchecked Sendable {
    // @unchecked Sendable: the process and files are used only by the owning test.
    public let port: Int
    let directory: URL
    var process: Process?

    /// One request as the receiver logged it.
    public struct Received: Decodable, Sendable {
        public var path: String
        public var webhookID: String?
        public var timestamp: String?
        public var signature: String?
        public var contentType: String?
        public var body: String
        /// One entry per configured secret: whether the signature verified with it.
        public var verified: [Bool]

        enum CodingKeys: String, CodingKey {
            case path, timestamp, signature, body, verified
            case webhookID = "webhook_id"
            case contentType = "content_type"
        }

        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(self.body.utf8))) as? [String: Any] ?? [:]
        }
        public var type: String? { self.json["type"] as? String }
    }

    public init(port: Int? = nil) throws {
        self.port = try port ?? Self.freePort()
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: self.logPath, contents: nil)
        try self.configure()
    }

    var logPath: String { self.directory.appendingPathComponent("log.jsonl").path }
    var configPath: String { self.directory.appendingPathComponent("config.json").path }

    /// The URL of `path` on this receiver.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(self.port)\(path)" }

    /// Statuses, `Retry-After` values and secrets by path.
    public func configure(status: [String: Int] = [:], retryAfter: [String: String] = [:], secrets: [String: [String]] = [:]) throws {
        let object: [String: Any] = ["status": status, "retry_after": retryAfter, "secrets": secrets]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: self.configPath), options: .atomic)
    }

    /// Starts listening; returns once the port accepts connections.
    public func start() async throws {
        guard let python = ProcessInfo.processInfo.environment["OVERSIGHT_TEST_PYTHON"] else {
            throw TestCluster.Missing(description: "OVERSIGHT_TEST_PYTHON is not set: run the tests through scripts/test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        let script = FileManager.default.currentDirectoryPath + "/Tests/Support/webhook_receiver.py"
        process.arguments = [script, String(self.port), self.configPath, self.logPath]
        try process.run()
        self.process = process
        let ready = try await eventually(timeout: .seconds(20)) { Self.accepts(port: self.port) }
        guard ready else { throw TestCluster.Missing(description: "the webhook receiver did not start on port \(self.port)") }
    }

    public func stop() {
        guard let process = self.process else { return }
        // Not Process.terminate/waitUntilExit: they can hang here (see EmbeddedPostgres).
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
        self.process = nil
    }

    /// Every request so far, in arrival order.
    public func received() throws -> [Received] {
        let text = try String(contentsOfFile: self.logPath, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
    }

    public func received(path: String) throws -> [Received] { try self.received().filter { $0.path == path } }

    deinit {
        self.stop()
        try? FileManager.default.removeItem(at: self.directory)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestCluster.Missing(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
