import Domain
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import UseCases

/// Everything the HTTP API needs, passed in: no globals.
public struct APIDependencies: Sendable {
    /// The database, the clock, randomness and the caches, for the use cases.
    public var useCases: UseCaseDependencies
    public var metrics: PrometheusCollectorRegistry?
    /// Complaints the portal's form takes from one address in ten minutes.
    public var complaintsPerAddress: Int
    /// Reverse proxies in front whose `X-Forwarded-For` names the client (0: none, the
    /// connection's address is the client's).
    public var trustedProxies: Int

    public init(
        useCases: UseCaseDependencies,
        metrics: PrometheusCollectorRegistry? = nil,
        complaintsPerAddress: Int = 5,
        trustedProxies: Int = 0
    ) {
        self.useCases = useCases
        self.metrics = metrics
        self.complaintsPerAddress = complaintsPerAddress
        self.trustedProxies = trustedProxies
    }
}

/// Builds the router with every route. Tests call this directly.
public func buildRouter(_ dependencies: APIDependencies) -> Router<AppRequestContext> {
    let useCases = dependencies.useCases
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MetricsMiddleware())
    let portal = PortalRoutes(
        useCases,
        complaintsPerAddress: dependencies.complaintsPerAddress,
        trustedProxies: dependencies.trustedProxies
    )
    // Before every route: middleware wraps only the routes added after it.
    router.add(middleware: PortalErrorPages(portal: portal))
    let system = SystemRoutes(status: ServiceStatus(useCases), metrics: dependencies.metrics)
    system.add(to: router)
    let v1 = router.group("v1").add(middleware: AuthMiddleware(Authentication(useCases)))
    system.addAuthenticated(to: v1)
    let platform = PlatformUseCases(useCases)
    TenantRoutes(platform: platform).add(to: v1)
    JobRoutes(platform: platform).add(to: v1)
    // Every tenant route gets its caller from `TenantRequestContext`.
    let tenant = v1.group(context: TenantRequestContext.self)
    TokenRoutes(tokens: TokenUseCases(useCases)).add(to: tenant)
    InstitutionRoutes(institutions: InstitutionUseCases(useCases)).add(to: tenant)
    WebhookRoutes(webhooks: WebhookUseCases(useCases)).add(to: tenant)
    InspectorRoutes(inspectors: InspectorUseCases(useCases)).add(to: tenant)
    ChecklistRoutes(checklists: ChecklistUseCases(useCases)).add(to: tenant)
    InspectionRoutes(inspections: InspectionUseCases(useCases)).add(to: tenant)
    SelfAssessmentRoutes(assessments: SelfAssessmentUseCases(useCases)).add(to: tenant)
    IndicatorRoutes(indicators: IndicatorUseCases(useCases)).add(to: tenant)
    DrawRoutes(draws: DrawUseCases(useCases)).add(to: tenant)
    RatingRoutes(ratings: RatingUseCases(useCases)).add(to: tenant)
    BlacklistRoutes(blacklist: BlacklistUseCases(useCases)).add(to: tenant)
    HazardRoutes(hazards: HazardUseCases(useCases)).add(to: tenant)
    CampaignRoutes(campaigns: CampaignUseCases(useCases)).add(to: tenant)
    CaseRoutes(cases: CaseUseCases(useCases), complaints: ComplaintUseCases(useCases), calendar: CalendarUseCases(useCases))
        .add(to: tenant)
    NoticeRoutes(notices: NoticeUseCases(useCases)).add(to: tenant)
    PenaltyRoutes(penalties: PenaltyUseCases(useCases)).add(to: tenant)
    EvidenceRoutes(evidence: EvidenceUseCases(useCases)).add(to: tenant)
    PublicRoutes(disclosure: PublicDisclosure(useCases)).add(to: router)
    portal.add(to: router)
    return router
}

/// Builds the application: the router served on `host:port`, with `services` (the
/// database client) run beside it so that they shut down with the server.
public func buildApplication(
    _ dependencies: APIDependencies,
    services: [any Service],
    host: String,
    port: Int,
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        server: apiServer,
        configuration: .init(address: .hostname(host, port: port), serverName: "oversight"),
        services: services,
        logger: logger
    )
}
