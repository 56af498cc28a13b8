import ArgumentParser
import Hummingbird
import Logging
import Postgres
import Prometheus
import ServiceLifecycle
import Storage
import UseCases
import Workers

/// `oversight work`: job runner and periodic scheduler until SIGTERM or SIGINT, then a
/// graceful drain and exit 0.
struct Work: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the job workers and the periodic scheduler.")

    @Option(help: "Serve /metrics and /health on this loopback port (0: off).") var metricsPort: Int = 0
    @Option(help: "Address for the metrics endpoint.") var metricsHost: String = "127.0.0.1"

    func run() async throws {
        let configuration = Configuration()
        let logger = Logger(label: "oversight.work")
        let secrets = try configuration.webhookSecrets(logger: logger)
        let registry = MetricsBootstrap.registry()
        let url = try configuration.databaseURL()
        let client = LibpqPool(connectionString: url, maxConnections: configuration.poolSize, logger: logger)
        let (runner, scheduler) = WorkerCatalog.services(
            UseCaseDependencies(database: Database(client: client), webhookSecrets: secrets),
            listenConnectionString: configuration["DATABASE_LISTEN_URL"] ?? url,
            logger: logger,
            webhooks: try WebhookConfiguration.fromEnvironment()
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: client), .init(service: runner), .init(service: scheduler),
        ]
        if self.metricsPort > 0 {
            services.append(.init(service: MetricsEndpoint.application(registry: registry, host: self.metricsHost, port: self.metricsPort)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// A worker's own small HTTP endpoint: Prometheus metrics and liveness.
enum MetricsEndpoint {
    static func application(registry: PrometheusCollectorRegistry, host: String, port: Int) -> some Service {
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)))
    }
}
