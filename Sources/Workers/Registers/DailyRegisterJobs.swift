import Foundation
import Storage
import UseCases

/// `ratings.expire`, daily per tenant: published ratings whose validity ended become
/// expired (`rating.expired`). The clock is injectable for tests.
public struct ExpireRatingsJob: JobHandler {
    public let kind = "ratings.expire"
    public let timeout: Duration = .seconds(300)
    let ratings: RatingUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.ratings = RatingUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("ratings.expire runs per tenant") }
        let expired = try await context.database.withTenant(tenantID) { try await self.ratings.expire(Caller(job: self.kind, $0)) }
        context.logger.info("expired ratings", metadata: ["tenant": "\(tenantID)", "count": "\(expired)"])
    }
}

/// `blacklist.advance`, daily per tenant: lists notified entries whose objection window
/// closed without objection, and removes listings that reached their end.
public struct AdvanceBlacklistJob: JobHandler {
    public let kind = "blacklist.advance"
    public let timeout: Duration = .seconds(300)
    let blacklist: BlacklistUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.blacklist = BlacklistUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("blacklist.advance runs per tenant") }
        let (listed, expired) = try await context.database.withTenant(tenantID) { transaction in
            try await self.blacklist.advance(Caller(job: self.kind, transaction))
        }
        context.logger.info("advanced the blacklist", metadata: ["tenant": "\(tenantID)", "listed": "\(listed)", "expired": "\(expired)"])
    }
}

/// `indicators.snapshot`, daily per tenant after the other daily jobs: records the
/// dashboard's indicators for the tenant's day, so each can be drawn as a sparkline.
public struct SnapshotIndicatorsJob: JobHandler {
    public let kind = "indicators.snapshot"
    public let timeout: Duration = .seconds(300)
    let indicators: IndicatorUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.indicators = IndicatorUseCases(dependencies)
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let tenantID = job.tenantID else { throw PermanentJobError("indicators.snapshot runs per tenant") }
        let day = try await context.database.withTenant(tenantID) { try await self.indicators.snapshot(Caller(job: self.kind, $0)) }
        context.logger.info("indicator snapshot", metadata: ["tenant": "\(tenantID)", "day": "\(day)"])
    }
}
