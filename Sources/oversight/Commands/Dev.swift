import API
import ArgumentParser
import Domain
import Foundation
import Hummingbird
import Logging
import Postgres
import ServiceLifecycle
import Storage
import UseCases
import Workers

/// `oversight dev`: the embedded default. A local PostgreSQL under `<data-dir>/postgres`,
/// migrated and seeded with a demo tenant, and the API on one port, until Ctrl-C.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run everything locally with an embedded PostgreSQL and demo data."
    )

    @Option var dataDir: String = ".data"
    @Option var host: String = "127.0.0.1"
    @Option var port: Int = 8080

    func run() async throws {
        let logger = Logger(label: "oversight.dev")
        // One sealing key for this data directory's webhook secrets, kept in dev.env: a new
        // key on every start would leave the stored secrets unreadable.
        let given = [
            ProcessInfo.processInfo.environment[WebhookSecrets.keyVariable],
            Configuration.readEnvFile(at: "\(self.dataDir)/dev.env")[WebhookSecrets.keyVariable],
        ].compactMap { $0 }.first { !$0.isEmpty }
        let key = given ?? SecretSeal.generateKey()
        guard let secrets = WebhookSecrets(key: key) else {
            throw ConfigurationError("\(WebhookSecrets.keyVariable) must be 32 bytes in base64url; `oversight secrets key` prints a new one")
        }
        var cluster = EmbeddedPostgres(dataDirectory: self.dataDir)
        try cluster.start()
        do {
            let environment = try await self.prepare(cluster: cluster, secrets: secrets, secretKey: key)
            try self.writeEnvironment(environment)
            // Tokens to try the API with; the connection strings (with their passwords) and
            // the sealing key stay in dev.env.
            for (key, value) in environment.sorted(by: { $0.key < $1.key }) where key.hasSuffix("_TOKEN") || key == "DEMO_TENANT" {
                print("export \(key)='\(value)'")
            }
            let base = "http://\(self.host):\(self.port)"
            print("# the database, its passwords and the rest: \(self.dataDir)/dev.env")
            print("# API:       \(base)/v1 (OpenAPI: \(base)/openapi.yaml)")
            print("# portal:    \(base)/p/\(DemoSeed.slug)")
            print("# pages:     \(base)/w/sign-in as demo.regulator, demo.inspector or demo.institution,")
            print("#            password \(environment["OVERSIGHT_DEMO_PASSWORD"] ?? "in dev.env"); the regulator's code:")
            print("#            oversight account code --secret \(environment["OVERSIGHT_DEMO_TOTP_SECRET"] ?? "(in dev.env)")")
            print("#            (or add that secret to an authenticator app)")
            print("# dashboard: \(base)/dashboard (signed in as demo.regulator)")
            fflush(nil)
            setenv("OVERSIGHT_WEBHOOKS_ALLOW_PRIVATE", "1", 1)
            let client = LibpqPool(connectionString: environment["DATABASE_URL"]!, maxConnections: 10, logger: logger)
            let migrator = try Migrator(directory: Configuration().migrationsDirectory)
            let database = Database(client: client)
            let dependencies = APIDependencies(
                useCases: UseCaseDependencies(
                    database: database,
                    webhookSecrets: secrets,
                    schemaIsCurrent: { try await migrator.isCurrent(client) }
                ),
                metrics: MetricsBootstrap.registry()
            )
            // The API and the workers in one process, stopped together by Ctrl-C.
            let app = Application(
                router: buildRouter(dependencies),
                server: apiServer,
                configuration: .init(address: .hostname(self.host, port: self.port), serverName: "oversight"),
                logger: logger
            )
            let (runner, scheduler) = WorkerCatalog.services(
                dependencies.useCases,
                listenConnectionString: environment["DATABASE_URL"]!,
                logger: logger,
                webhooks: try WebhookConfiguration.fromEnvironment()
            )
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: client), .init(service: runner), .init(service: scheduler), .init(service: app)],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        } catch {
            cluster.stop()
            throw error
        }
        cluster.stop()
    }

    /// Roles, database, migrations, demo data and fresh demo tokens.
    func prepare(cluster: EmbeddedPostgres, secrets: WebhookSecrets, secretKey: String) async throws -> [String: String] {
        let previous = Configuration.readEnvFile(at: "\(self.dataDir)/dev.env")
        let ownerPassword = previous["OVERSIGHT_DEV_OWNER_PASSWORD"] ?? Self.password()
        let appPassword = previous["OVERSIGHT_DEV_APP_PASSWORD"] ?? Self.password()
        let admin = LibpqPool(connectionString: cluster.superuserURL, maxConnections: 1)
        try await DatabaseBootstrap.initialize(
            admin,
            database: "oversight",
            ownerPassword: ownerPassword,
            appPassword: appPassword
        )
        try await admin.shutdown()

        let base = "127.0.0.1:\(cluster.port)/oversight"
        let ownerURL = "postgresql://oversight_owner:\(ownerPassword)@\(base)"
        let appURL = "postgresql://oversight_app:\(appPassword)@\(base)"
        let owner = LibpqPool(connectionString: ownerURL, maxConnections: 2)
        do {
            try await Migrator(directory: Configuration().migrationsDirectory).migrate(owner)
            let seeded = try await DemoSeed.seed(owner)
            let demoPassword = previous["OVERSIGHT_DEMO_PASSWORD"] ?? "Demo-" + Self.password().prefix(10)
            let totpSecret = try await DemoSeed.seedAccounts(
                Database(client: owner),
                secrets: secrets,
                password: demoPassword,
                institution: seeded.institution,
                inspector: seeded.inspector
            )
            var environment: [String: String] = [
                "DATABASE_URL": appURL,
                "DATABASE_OWNER_URL": ownerURL,
                "OVERSIGHT_DEV_OWNER_PASSWORD": ownerPassword,
                "OVERSIGHT_DEV_APP_PASSWORD": appPassword,
                "DEMO_TENANT": DemoSeed.slug,
                WebhookSecrets.keyVariable: secretKey,
                "OVERSIGHT_ADMIN_TOKEN": try await issueToken(
                    client: owner,
                    tenantSlug: nil,
                    role: .platformAdmin,
                    subject: nil,
                    expiresAt: nil,
                    description: "dev admin"
                ),
                "OVERSIGHT_REGULATOR_TOKEN": try await issueToken(
                    client: owner,
                    tenantSlug: DemoSeed.slug,
                    role: .regulator,
                    subject: nil,
                    expiresAt: nil,
                    description: "dev regulator"
                ),
                "OVERSIGHT_INSTITUTION_TOKEN": try await issueToken(
                    client: owner,
                    tenantSlug: DemoSeed.slug,
                    role: .institution,
                    subject: seeded.institution,
                    expiresAt: nil,
                    description: "dev institution"
                ),
                "OVERSIGHT_INSPECTOR_TOKEN": try await issueToken(
                    client: owner,
                    tenantSlug: DemoSeed.slug,
                    role: .inspector,
                    subject: seeded.inspector,
                    expiresAt: nil,
                    description: "dev inspector"
                ),
            ]
            environment["OVERSIGHT_DEMO_PASSWORD"] = demoPassword
            environment["OVERSIGHT_DEMO_TOTP_SECRET"] = totpSecret ?? previous["OVERSIGHT_DEMO_TOTP_SECRET"]
            try await owner.shutdown()
            return environment
        } catch {
            try? await owner.shutdown()
            throw error
        }
    }

    func writeEnvironment(_ environment: [String: String]) throws {
        let lines = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
        let path = "\(self.dataDir)/dev.env"
        try (["# written by oversight dev; shell assignments"] + lines).joined(separator: "\n").appending("\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
    }

    static func password() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
