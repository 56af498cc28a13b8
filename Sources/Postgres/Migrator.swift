import Crypto
import Foundation
import Logging

/// Applies numbered SQL files (`NNNN_name.sql`) in order, each in its own transaction,
/// recording each file's SHA-256. An applied file that was edited later is refused.
/// A session-level advisory lock keeps two migrators from applying at once.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public var version: String
        public var name: String
        public var sql: String

        public init(version: String, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }

        public var checksum: String { SHA256.hash(data: Data(self.sql.utf8)).map { String(format: "%02x", $0) }.joined() }
        public var fileName: String { "\(self.version)_\(self.name).sql" }
    }

    public enum MigrationError: Error, CustomStringConvertible, Equatable {
        case edited(file: String)
        case badFileName(String)
        case missingDirectory(String)

        public var description: String {
            switch self {
            case .edited(let file): "migration \(file) was applied and has since been edited; refusing to continue"
            case .badFileName(let name): "migration file name \(name) is not NNNN_name.sql"
            case .missingDirectory(let path): "no migrations directory at \(path)"
            }
        }
    }

    /// Key for `pg_advisory_lock`: "ovs-migr" as a 64-bit integer.
    static let lockKey = 0x6f76_732d_6d69_6772

    public let migrations: [Migration]
    let logger: Logger

    public init(migrations: [Migration], logger: Logger = Logger(label: "migrate")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Reads `NNNN_name.sql` files from a directory.
    public init(directory: String, logger: Logger = Logger(label: "migrate")) throws {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw MigrationError.missingDirectory(directory)
        }
        var migrations: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            let stem = name.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), stem[..<underscore].allSatisfy(\.isNumber),
                stem.distance(from: stem.startIndex, to: underscore) == 4
            else { throw MigrationError.badFileName(name) }
            let sql = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
            migrations.append(
                Migration(version: String(stem[..<underscore]), name: String(stem[stem.index(after: underscore)...]), sql: sql)
            )
        }
        self.init(migrations: migrations, logger: logger)
    }

    /// Applies what is pending; returns the file names applied now.
    @discardableResult
    public func migrate(_ client: LibpqPool) async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await self.apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    /// Whether every known migration is applied with an unchanged checksum.
    public func isCurrent(_ client: LibpqPool) async throws -> Bool {
        let exists = try await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard try exists[0].decode(0, as: Bool.self) else { return self.migrations.isEmpty }
        let recorded = try await self.recorded(client.query("SELECT version, checksum FROM schema_migrations"))
        return self.migrations.allSatisfy { recorded[$0.version] == $0.checksum }
    }

    private func recorded(_ rows: SQLRows) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in rows { result[try row.decode(0, as: String.self)] = try row.decode(1, as: String.self) }
        return result
    }

    private func apply(on connection: LibpqConnectionHandle) async throws -> [String] {
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version text PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        let recorded = try self.recorded(try await connection.query("SELECT version, checksum FROM schema_migrations"))
        var applied: [String] = []
        for migration in self.migrations {
            if let checksum = recorded[migration.version] {
                guard checksum == migration.checksum else { throw MigrationError.edited(file: migration.fileName) }
                continue
            }
            try await connection.execute("BEGIN")
            do {
                try await connection.execute(unsafeSQL: migration.sql)
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """
                )
                try await connection.execute("COMMIT")
            } catch {
                try? await connection.execute("ROLLBACK")
                throw error
            }
            self.logger.info("applied migration", metadata: ["file": "\(migration.fileName)"])
            applied.append(migration.fileName)
        }
        return applied
    }
}
