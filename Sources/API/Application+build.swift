import Domain
import Hummingbird
import Logging
import Postgres
import Prometheus
import ServiceLifecycle
import Storage
import UseCases

/// Everything the HTTP API needs, passed in: no globals.
public struct APIDependencies: Sendable {
    public var database: Database
    public var migrator: Migrator?
    public var metrics: PrometheusCollectorRegistry?
    /// The clock and the caches of the use cases.
    public var useCases: UseCaseDependencies
    var drawRecords: DrawRecordCache { self.useCases.drawRecords }

    public init(
        database: Database,
        migrator: Migrator? = nil,
        metrics: PrometheusCollectorRegistry? = nil,
        useCases: UseCaseDependencies = UseCaseDependencies()
    ) {
        self.database = database
        self.migrator = migrator
        self.metrics = metrics
        self.useCases = useCases
    }
}

/// Builds the router with every route. Tests call this directly.
public func buildRouter(_ dependencies: APIDependencies) -> Router<AppRequestContext> {
    let database = dependencies.database
    let tokens = TokenStore()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MetricsMiddleware())
    let system = SystemRoutes(database: database, migrator: dependencies.migrator, metrics: dependencies.metrics)
    system.add(to: router)
    let v1 = router.group("v1").add(middleware: AuthMiddleware(database: database))
    system.addAuthenticated(to: v1)
    let tenant = v1.group(context: TenantRequestContext.self)
    TenantRoutes(tenants: TenantStore(database: database), tokens: tokens).add(to: v1)
    TokenRoutes(tokens: tokens).add(to: v1)
    InstitutionRoutes(institutions: InstitutionUseCases(dependencies.useCases)).add(to: tenant)
    JobRoutes().add(to: v1)
    WebhookRoutes().add(to: v1)
    InspectorRoutes().add(to: v1)
    ChecklistRoutes().add(to: v1)
    InspectionRoutes(inspections: InspectionUseCases(dependencies.useCases)).add(to: tenant)
    SelfAssessmentRoutes(assessments: SelfAssessmentUseCases(dependencies.useCases)).add(to: tenant)
    IndicatorRoutes().add(to: v1)
    DrawRoutes(draws: DrawUseCases(dependencies.useCases)).add(to: tenant)
    RatingRoutes(ratings: RatingUseCases(dependencies.useCases)).add(to: tenant)
    BlacklistRoutes(blacklist: BlacklistUseCases(dependencies.useCases)).add(to: tenant)
    HazardRoutes(hazards: HazardUseCases(dependencies.useCases)).add(to: tenant)
    CampaignRoutes().add(to: v1)
    PublicRoutes(database: database, draws: DrawStore(records: dependencies.drawRecords)).add(to: router)
    PortalRoutes(database: database, draws: DrawStore(records: dependencies.drawRecords)).add(to: router)
    return router
}

/// Builds the application: the router served on `host:port`, with the database client
/// as a service so that it shuts down with the server.
public func buildApplication(
    _ dependencies: APIDependencies,
    host: String,
    port: Int,
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(host, port: port), serverName: "oversight"),
        services: [dependencies.database.client],
        logger: logger
    )
}
