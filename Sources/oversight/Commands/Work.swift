import ArgumentParser
import Logging
import Postgres
import ServiceLifecycle
import Storage
import Workers

/// `oversight work`: job runner and periodic scheduler until SIGTERM or SIGINT, then a
/// graceful drain and exit 0.
struct Work: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the job workers and the periodic scheduler.")

    func run() async throws {
        let configuration = Configuration()
        let logger = Logger(label: "oversight.work")
        _ = MetricsBootstrap.registry()
        let url = try configuration.databaseURL()
        let client = PostgresClient(connectionString: url, maxConnections: configuration.poolSize, logger: logger)
        let (runner, scheduler) = WorkerCatalog.services(
            database: Database(client: client),
            listenConnectionString: configuration["DATABASE_LISTEN_URL"] ?? url,
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: client), .init(service: runner), .init(service: scheduler)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
