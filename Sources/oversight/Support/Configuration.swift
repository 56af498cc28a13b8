import Domain
import Foundation
import Logging
import Storage

/// Settings from the environment, falling back to `<data-dir>/dev.env` written by
/// `oversight dev`, so that the CLI works in a checkout with no setup.
struct Configuration {
    var environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String = ".data") {
        var merged = Self.readEnvFile(at: "\(dataDirectory)/dev.env")
        merged.merge(environment) { _, new in new }
        self.environment = merged
    }

    subscript(_ name: String) -> String? {
        guard let value = self.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The app role's connection string (row-level security applies).
    func databaseURL() throws -> String {
        guard let url = self["DATABASE_URL"] else {
            throw ConfigurationError("DATABASE_URL is not set and no .data/dev.env exists; run `oversight dev` or set it")
        }
        return url
    }

    /// The owner's connection string, for migrations and administration.
    func ownerURL() throws -> String {
        guard let url = self["DATABASE_OWNER_URL"] ?? self["DATABASE_URL"] else {
            throw ConfigurationError("DATABASE_OWNER_URL is not set and no .data/dev.env exists")
        }
        return url
    }

    /// The seal of webhook secrets under `OVERSIGHT_SECRET_KEY` (from the environment or
    /// `dev.env`), passed to whatever stores or reads them: a bad key stops the process; a
    /// missing one is logged, as webhook secrets then stay in clear.
    func webhookSecrets(logger: Logger) throws -> WebhookSecrets {
        guard let key = self[WebhookSecrets.keyVariable] else {
            logger.warning("\(WebhookSecrets.keyVariable) is not set: webhook secrets are stored in clear")
            return .clear
        }
        guard let secrets = WebhookSecrets(key: key) else {
            throw ConfigurationError(
                "\(WebhookSecrets.keyVariable) must be 32 bytes in base64url; `oversight secrets key` prints a new one"
            )
        }
        return secrets
    }

    var migrationsDirectory: String { self["OVERSIGHT_MIGRATIONS_DIR"] ?? "sql" }
    var poolSize: Int { self["OVERSIGHT_DB_POOL_SIZE"].flatMap(Int.init) ?? 10 }
    /// Complaints the portal's form takes from one address in ten minutes (5; a bench raises it).
    var complaintsPerAddress: Int { self["OVERSIGHT_COMPLAINTS_PER_ADDRESS"].flatMap(Int.init).map { max(1, $0) } ?? 5 }
    /// Reverse proxies in front whose X-Forwarded-For names the client (0).
    var trustedProxies: Int { self["OVERSIGHT_TRUSTED_PROXIES"].flatMap(Int.init).map { max(0, $0) } ?? 0 }

    /// Parses `KEY='value'` lines as written by `DevEnvironment`.
    static func readEnvFile(at path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            values[String(line[..<equals]).replacingOccurrences(of: "export ", with: "")] = value
        }
        return values
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
