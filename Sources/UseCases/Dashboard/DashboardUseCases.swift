import Domain
import Foundation
import Storage

/// The regulator's dashboard: sessions opened with a regulator token (the cookie holds a
/// secret of its own), and the figures of one page.
public struct DashboardUseCases: Sendable {
    let database: Database
    let sessions = DashboardSessionStore()
    let dashboard = DashboardStore()
    let policies = PolicyStore()
    let campaigns = CampaignStore()
    let hazards = HazardStore()
    let draws: DrawStore
    let indicators: IndicatorUseCases
    let time: TimeSource
    /// How long a session lasts without signing in again.
    public static let sessionLifetime: Duration = .seconds(8 * 3600)

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.draws = DrawStore(records: dependencies.drawRecords)
        self.indicators = IndicatorUseCases(dependencies)
        self.time = dependencies.time
    }

    /// Everything the page shows.
    public struct Figures: Sendable {
        public var tenantName: String
        public var today: String
        public var current: DashboardIndicators
        /// The daily snapshots by day, today's live value included.
        public var history: [String: DashboardIndicators]
        public var weeklyFound: [Int]
        /// Up to three running campaigns with their progress today.
        public var campaigns: [(name: String, progress: CampaignProgress)]
        public var overdue: [Hazard]
        public var committedDraws: [Draw]
        public var webhookHealth: [(state: String, count: Int)]
    }

    /// Opens a session for a regulator token; `nil` for any other token.
    public func signIn(token: String) async throws -> String? {
        try await self.database.withRequest(token: token) { scope -> String? in
            guard let scope, let transaction = scope.transaction,
                RegulatorAccess.decide(scope.principal, .openDashboard).isAllowed
            else { return nil }
            let opened = try await self.sessions.open(transaction, principal: scope.principal, lifetime: Self.sessionLifetime)
            try await Caller(scope.principal, transaction).audit(
                "dashboard.signed_in",
                "dashboard_session",
                id: opened.id,
                before: String?.none,
                after: String?.none
            )
            return opened.secret
        }
    }

    /// Ends the session a cookie names, if it is still live.
    public func signOut(secret: String) async throws {
        try await self.database.withSession(secret: secret) { session in
            guard let session else { return }
            try await self.sessions.end(session)
            let caller = Caller(session.principal, session.transaction)
            try await caller.audit("dashboard.signed_out", "dashboard_session", id: session.id, before: String?.none, after: String?.none)
        }
    }

    /// Runs `body` as the regulator of a live session, in its tenant's transaction; `nil`
    /// when the cookie names no live regulator session.
    public func asRegulator<T>(secret: String, _ body: (Caller) async throws -> T) async throws -> T? {
        try await self.database.withSession(secret: secret) { session in
            guard let session, RegulatorAccess.decide(session.principal, .openDashboard).isAllowed else { return nil }
            return try await body(Caller(session.principal, session.transaction))
        }
    }

    /// The page's figures for a live regulator session, or `nil`. `historyDays` of
    /// snapshots back from today.
    public func figures(secret: String, historyDays: Int) async throws -> Figures? {
        let now = self.time.now()
        return try await self.database.withSession(secret: secret) { session in
            guard let session, RegulatorAccess.decide(session.principal, .openDashboard).isAllowed else { return nil }
            return try await self.figures(session.transaction, now: now, historyDays: historyDays)
        }
    }

    func figures(_ transaction: TenantTransaction, now: Date, historyDays: Int) async throws -> Figures {
        let current = try await self.indicators.current(transaction)
        let today = try await self.policies.today(transaction, at: now)
        let since = CalendarDate.adding(days: 1 - historyDays, to: today) ?? today
        var history: [String: DashboardIndicators] = [:]
        for snapshot in try await self.dashboard.snapshots(transaction, since: since) { history[snapshot.day] = snapshot.indicators }
        history[today] = current
        var progress: [(name: String, progress: CampaignProgress)] = []
        for campaign in try await self.campaigns.running(transaction, today: today).prefix(3) {
            let figures = CampaignProgress.compute(
                enrolled: try await self.campaigns.enrolled(transaction, campaign),
                hazards: try await self.campaigns.hazards(transaction, campaign).map { (district: $0.district, hazard: $0.hazard) },
                weeksFrom: today,
                to: today
            )
            progress.append((campaign.name, figures))
        }
        return Figures(
            tenantName: try await self.dashboard.tenantName(transaction),
            today: today,
            current: current,
            history: history,
            weeklyFound: try await self.dashboard.weeklyFound(transaction, weeks: 12, now: now),
            campaigns: progress,
            overdue: try await self.hazards.list(transaction, filter: HazardFilter(overdue: true), after: nil, limit: 20).items,
            committedDraws: try await self.draws.list(transaction, publishedOnly: true, after: nil, limit: 200).items.filter {
                $0.state == .committed
            },
            webhookHealth: try await self.dashboard.webhookHealth(transaction, now: now)
        )
    }
}
