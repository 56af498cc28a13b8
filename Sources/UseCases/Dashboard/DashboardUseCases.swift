import Domain
import Foundation
import Storage

/// The regulator's dashboard: the figures of one page, for a regulator signed in with
/// their account (`AccountUseCases`).
public struct DashboardUseCases: Sendable {
    let database: Database
    let accounts: AccountUseCases
    let dashboard = DashboardStore()
    let policies = PolicyStore()
    let campaigns = CampaignStore()
    let hazards = HazardStore()
    let draws: DrawStore
    let indicators: IndicatorUseCases
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.draws = DrawStore(records: dependencies.drawRecords)
        self.indicators = IndicatorUseCases(dependencies)
        self.time = dependencies.time
        self.accounts = AccountUseCases(dependencies)
    }

    /// Everything the page shows.
    public struct Figures: Sendable {
        public var tenantName: String
        /// The signed-in person's name, for the page's header.
        public var displayName = ""
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

    /// Runs `body` as the regulator of a live session, in its tenant's transaction; `nil`
    /// when the cookie names no live session of a regulator.
    public func asRegulator<T>(secret: String, _ body: (Caller) async throws -> T) async throws -> T? {
        let result: T?? = try await self.accounts.withSession(secret: secret) { caller, session in
            guard RegulatorAccess.decide(session.principal, .openDashboard).isAllowed else { return nil }
            return try await body(caller)
        }
        return result ?? nil
    }

    /// The page's figures for a live regulator session, or `nil`. `historyDays` of
    /// snapshots back from today.
    public func figures(secret: String, historyDays: Int) async throws -> Figures? {
        let now = self.time.now()
        let result: Figures?? = try await self.accounts.withSession(secret: secret) { caller, session in
            guard RegulatorAccess.decide(session.principal, .openDashboard).isAllowed else { return nil }
            var figures = try await self.figures(caller.transaction, now: now, historyDays: historyDays)
            figures.displayName = session.displayName
            return figures
        }
        return result ?? nil
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
