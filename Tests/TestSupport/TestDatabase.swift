import Domain
import Foundation
import Postgres
import Storage
import UseCases

/// A database of its own for one test, cloned from the migrated template that
/// `scripts/test` prepares. Tests that need PostgreSQL fail (never skip) without it.
public struct TestCluster: Sendable {
    public var adminURL: String
    public var host: String
    public var port: String
    public var ownerPassword: String
    public var appPassword: String
    public var template: String
    public var dataDirectory: String?

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The main shared cluster, or the one reserved for restart tests (`prefix: "OVERSIGHT_TEST_RESTART"`).
    public static func fromEnvironment(prefix: String = "OVERSIGHT_TEST") throws -> TestCluster {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            guard let value = environment["\(prefix)_\(name)"], !value.isEmpty else {
                throw Missing(
                    description: "\(prefix)_\(name) is not set: these tests need the PostgreSQL cluster that scripts/test starts"
                )
            }
            return value
        }
        return TestCluster(
            adminURL: try value("ADMIN_URL"),
            host: try value("HOST"),
            port: try value("PORT"),
            ownerPassword: try value("OWNER_PASSWORD"),
            appPassword: try value("APP_PASSWORD"),
            template: try value("TEMPLATE"),
            dataDirectory: environment["\(prefix)_PGDATA"]
        )
    }

    public func url(user: String, password: String, database: String) -> String {
        "host=\(self.host) port=\(self.port) user=\(user) password=\(password) dbname=\(database)"
    }
}

/// A throwaway database with clients for the app and owner roles.
public struct TestDatabase: Sendable {
    public let cluster: TestCluster
    public let name: String
    public let app: LibpqPool
    public let owner: LibpqPool

    public var database: Database { Database(client: self.app) }
    public var appURL: String { self.cluster.url(user: "oversight_app", password: self.cluster.appPassword, database: self.name) }
    public var ownerURL: String {
        self.cluster.url(user: "oversight_owner", password: self.cluster.ownerPassword, database: self.name)
    }

    /// Creates a database from the template, runs `body`, then drops it.
    public static func with<T>(
        cluster: TestCluster? = nil,
        poolSize: Int = 4,
        _ body: (TestDatabase) async throws -> T
    ) async throws -> T {
        let cluster = try cluster ?? TestCluster.fromEnvironment()
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let admin = LibpqPool(connectionString: cluster.adminURL, maxConnections: 1)
        defer { Task { try? await admin.shutdown() } }
        try await admin.withConnection { connection in
            let statement = try await connection.query(
                "SELECT format('CREATE DATABASE %I TEMPLATE %I OWNER oversight_owner', \(name)::text, \(cluster.template)::text)"
            )
            try await connection.execute(unsafeSQL: try statement[0].decode(0, as: String.self))
        }
        let database = TestDatabase(
            cluster: cluster,
            name: name,
            app: LibpqPool(
                connectionString: cluster.url(user: "oversight_app", password: cluster.appPassword, database: name),
                maxConnections: poolSize,
                checkoutTimeout: .seconds(5)
            ),
            owner: LibpqPool(
                connectionString: cluster.url(user: "oversight_owner", password: cluster.ownerPassword, database: name),
                maxConnections: 2
            )
        )
        do {
            let value = try await body(database)
            try await database.close(admin: admin)
            return value
        } catch {
            try? await database.close(admin: admin)
            throw error
        }
    }

    private func close(admin: LibpqPool) async throws {
        try? await self.app.shutdown()
        try? await self.owner.shutdown()
        try await admin.withConnection { connection in
            let statement = try await connection.query("SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', \(self.name)::text)")
            try await connection.execute(unsafeSQL: try statement[0].decode(0, as: String.self))
        }
    }

    /// A tenant with a regulator token, created through the store and the use case.
    public func makeTenant(slug: String? = nil) async throws -> (tenant: Tenant, regulatorToken: String) {
        let slug = slug ?? "t-" + UUID().uuidString.prefix(8).lowercased()
        let tenant = try await TenantStore(database: self.database).create(slug: slug, name: "Tenant \(slug)")
        let token = try await self.issueToken(tenant: tenant.id, role: .regulator, subject: nil)
        return (tenant, token)
    }

    public func issueToken(tenant: UUID, role: Role, subject: UUID?, expiresAt: Date? = nil) async throws -> String {
        try await self.database.withTenant(tenant) { transaction in
            try await TokenUseCases(self.useCases()).mint(
                Caller(job: "test", transaction),
                role: role,
                subjectID: subject,
                expiresAt: expiresAt
            ).token
        }
    }
}

extension TestCluster {
    /// A new cluster under `directory`, configured by `EmbeddedPostgres` exactly as
    /// `oversight dev` configures its own, with the roles and a migrated template.
    public static func embedded(in directory: String) async throws -> (TestCluster, EmbeddedPostgres) {
        var cluster = EmbeddedPostgres(dataDirectory: directory)
        try cluster.start()
        let (ownerPassword, appPassword) = ("owner-" + UUID().uuidString, "app-" + UUID().uuidString)
        let admin = LibpqPool(connectionString: cluster.superuserURL, maxConnections: 1)
        try await DatabaseBootstrap.initialize(admin, database: "oversight_template", ownerPassword: ownerPassword, appPassword: appPassword)
        try await admin.shutdown()
        let result = TestCluster(
            adminURL: cluster.superuserURL,
            host: "127.0.0.1",
            port: String(cluster.port),
            ownerPassword: ownerPassword,
            appPassword: appPassword,
            template: "oversight_template",
            dataDirectory: cluster.directory
        )
        let owner = LibpqPool(
            connectionString: result.url(user: "oversight_owner", password: ownerPassword, database: "oversight_template"),
            maxConnections: 1
        )
        _ = try await Migrator(directory: "sql").migrate(owner)
        try await owner.shutdown()
        return (result, cluster)
    }
}

extension TestDatabase {
    /// The use cases' dependencies on this database: webhook secrets sealed under the
    /// test run's `OVERSIGHT_SECRET_KEY` (as in production), readiness checked by `migrator`.
    public func useCases(migrator: Migrator? = nil, time: TimeSource = .system) -> UseCaseDependencies {
        let client = self.app
        let key = ProcessInfo.processInfo.environment[WebhookSecrets.keyVariable]
        var dependencies = UseCaseDependencies(
            database: self.database,
            webhookSecrets: key.flatMap(WebhookSecrets.init(key:)) ?? .clear,
            time: time
        )
        dependencies.passwordCost = .testing
        if let migrator { dependencies.schemaIsCurrent = { try await migrator.isCurrent(client) } }
        return dependencies
    }
}
