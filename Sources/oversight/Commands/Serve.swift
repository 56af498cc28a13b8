import API
import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Postgres
import Prometheus
import Storage
import UseCases

/// `oversight serve`: the HTTP API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API.")

    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080

    func run() async throws {
        let configuration = Configuration()
        let logger = Logger(label: "oversight.api")
        let secrets = try configuration.webhookSecrets(logger: logger)
        let metrics = MetricsBootstrap.registry()
        let client = LibpqPool(
            connectionString: try configuration.databaseURL(),
            maxConnections: configuration.poolSize,
            logger: logger
        )
        // Every pooled connection opened before the first request (see `warm`).
        let opened = await client.warm()
        logger.info("database connections opened", metadata: ["count": "\(opened)"])
        let migrator = try? Migrator(directory: configuration.migrationsDirectory)
        var useCases = UseCaseDependencies(database: Database(client: client), webhookSecrets: secrets)
        if let migrator { useCases.schemaIsCurrent = { try await migrator.isCurrent(client) } }
        let dependencies = APIDependencies(
            useCases: useCases,
            metrics: metrics,
            complaintsPerAddress: configuration.complaintsPerAddress,
            trustedProxies: configuration.trustedProxies
        )
        let app = buildApplication(dependencies, services: [client], host: self.host, port: self.port, logger: logger)
        try await app.runService()
    }
}

/// Installs the Prometheus registry as the process's metrics backend, once.
enum MetricsBootstrap {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func registry() -> PrometheusCollectorRegistry { self.shared }
}
