import Foundation

/// A local PostgreSQL cluster under `<data-dir>/postgres`, on a loopback-only port:
/// created with initdb on first use and reused afterwards.
///
/// PostgreSQL refuses to run as root, so when we are root the server's commands run as
/// the `postgres` system user (created by Debian's postgresql package).
public struct EmbeddedPostgres: Sendable {
    public let directory: String
    public private(set) var port: Int

    public var socketDirectory: String { self.directory }
    public var superuserURL: String { "host=\(self.directory) port=\(self.port) user=postgres dbname=postgres" }

    public init(dataDirectory: String) {
        let absolute = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        self.directory = absolute + "/postgres"
        self.port = 0
    }

    public var isInitialized: Bool { FileManager.default.fileExists(atPath: self.directory + "/PG_VERSION") }

    /// initdb (first run) and start; returns once the server accepts connections.
    public mutating func start() throws {
        let fileManager = FileManager.default
        if !self.isInitialized {
            try fileManager.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
            try self.handOver()
            try self.run(
                Self.binary("initdb"),
                [
                    "-D", self.directory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8",
                ],
                quiet: true
            )
            self.port = try Self.freePort()
            let settings = """

                # oversight dev: loopback only, sockets in the data directory
                listen_addresses = '127.0.0.1'
                port = \(self.port)
                unix_socket_directories = '\(self.directory)'
                max_connections = 200

                """
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: self.directory + "/postgresql.conf"))
            handle.seekToEndOfFile()
            handle.write(Data(settings.utf8))
            try handle.close()
        }
        try self.keepDurable()
        self.port = try self.configuredPort()
        if !self.isRunning() {
            try self.run(Self.binary("pg_ctl"), ["-D", self.directory, "-l", self.directory + "/server.log", "-w", "start"], quiet: true)
        }
    }

    /// This cluster may be how a small bureau runs the service, so it keeps PostgreSQL's
    /// durable defaults (`fsync`, `synchronous_commit` and `full_page_writes` on): an
    /// acknowledged write survives a crash. Clusters made before that had `fsync` and
    /// `synchronous_commit` off in the block above; those lines are turned back on.
    private func keepDurable() throws {
        let path = self.directory + "/postgresql.conf"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let fixed = lines.map { line in
            Self.durableSettings.contains { line == "\($0) = off" } ? line.replacingOccurrences(of: " = off", with: " = on") : line
        }
        guard fixed != lines else { return }
        try fixed.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        if self.isRunning() { try self.run(Self.binary("pg_ctl"), ["-D", self.directory, "reload"], quiet: true) }
    }

    /// Settings that trade durability for speed, which only throwaway test clusters turn off.
    public static let durableSettings = ["fsync", "synchronous_commit", "full_page_writes"]

    public func stop() {
        try? self.run(Self.binary("pg_ctl"), ["-D", self.directory, "-m", "fast", "-w", "stop"], quiet: true)
    }

    public func isRunning() -> Bool {
        (try? self.run(Self.binary("pg_ctl"), ["-D", self.directory, "status"], quiet: true)) != nil
    }

    private func configuredPort() throws -> Int {
        let text = try String(contentsOfFile: self.directory + "/postgresql.conf", encoding: .utf8)
        for line in text.split(separator: "\n").reversed() where line.hasPrefix("port = ") {
            if let port = Int(line.dropFirst(7).trimmingCharacters(in: .whitespaces)) { return port }
        }
        throw ClusterError("no port in \(self.directory)/postgresql.conf")
    }

    /// When root, the cluster directory must belong to the postgres user.
    private func handOver() throws {
        guard geteuid() == 0 else { return }
        try self.run("/bin/chown", ["-R", "postgres:postgres", self.directory], asPostgres: false)
        try self.run("/bin/chmod", ["700", self.directory], asPostgres: false)
    }

    /// Runs a command and waits for it. posix_spawn + waitpid rather than Foundation's
    /// `Process`, whose exit monitoring can miss a child that leaves a daemon behind
    /// (pg_ctl start).
    /// Runs `pg_ctl` with these arguments, as the server's user.
    public static func pgCtl(_ arguments: [String]) throws {
        try self.run(self.binary("pg_ctl"), arguments, quiet: true)
    }

    private func run(_ executable: String, _ arguments: [String], quiet: Bool = false, asPostgres: Bool = true) throws {
        try Self.run(executable, arguments, quiet: quiet, asPostgres: asPostgres)
    }

    private static func run(_ executable: String, _ arguments: [String], quiet: Bool = false, asPostgres: Bool = true) throws {
        var argv = [executable] + arguments
        if asPostgres && geteuid() == 0 { argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw ClusterError("could not start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw ClusterError("\(executable) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
    }

    /// Finds initdb/pg_ctl on PATH or in Debian's versioned directories.
    public static func binary(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        var candidates = path.split(separator: ":").map { "\($0)/\(name)" }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now.
    public static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ClusterError("socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socketFD, raw, length) == 0 && getsockname(socketFD, raw, &length) == 0
            }
        }
        guard bound else { throw ClusterError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A cluster command failed.
public struct ClusterError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
