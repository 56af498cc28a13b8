import Domain
import Foundation
import Postgres

/// The few figures of the regulator's dashboard that no other store computes, and the
/// daily snapshots of its indicators (`indicator_snapshots`) its sparklines are drawn from.
public struct DashboardStore: Sendable {
    public init() {}

    public typealias Indicators = Domain.DashboardIndicators

    public typealias Snapshot = Domain.IndicatorSnapshot

    /// Records today's indicators, replacing an earlier snapshot of the same day.
    public func snapshot(_ transaction: TenantTransaction, day: String, _ now: Indicators) async throws {
        try await transaction.query(
            """
            INSERT INTO indicator_snapshots (tenant_id, day, star_rated_share, gb38600_compliance, nursing_bed_share, rectification_rate)
            VALUES (\(transaction.tenantID), \(day)::date, \(now.starRatedShare), \(now.compliance), \(now.nursingBedShare),
                \(now.rectificationRate))
            ON CONFLICT (tenant_id, day) DO UPDATE SET star_rated_share = excluded.star_rated_share,
                gb38600_compliance = excluded.gb38600_compliance, nursing_bed_share = excluded.nursing_bed_share,
                rectification_rate = excluded.rectification_rate, taken_at = now()
            """
        )
    }

    /// Snapshots from `since` (a day, inclusive), oldest first.
    public func snapshots(_ transaction: TenantTransaction, since: String) async throws -> [Snapshot] {
        try await transaction.query(
            """
            SELECT day::text, star_rated_share, gb38600_compliance, nursing_bed_share, rectification_rate
            FROM indicator_snapshots WHERE tenant_id = \(transaction.tenantID) AND day >= \(since)::date ORDER BY day
            """
        ).map {
            Snapshot(
                day: try $0.decode(0, as: String.self),
                indicators: Indicators(
                    starRatedShare: try $0.decode(1, as: Double.self),
                    compliance: try $0.decode(2, as: Double.self),
                    nursingBedShare: try $0.decode(3, as: Double.self),
                    rectificationRate: try $0.decode(4, as: Double?.self)
                )
            )
        }
    }

    /// The tenant's name, for the page's heading.
    public func tenantName(_ transaction: TenantTransaction) async throws -> String {
        try await transaction.query("SELECT name FROM tenants WHERE id = \(transaction.tenantID)")[0].decode(0, as: String.self)
    }

    /// 整改率 over every hazard of the tenant: verified ÷ found.
    public func rectification(_ transaction: TenantTransaction) async throws -> (verified: Int, found: Int) {
        let row = try await transaction.query(
            "SELECT count(*) FILTER (WHERE state = 'verified'), count(*) FROM hazards WHERE tenant_id = \(transaction.tenantID)"
        )[0]
        return (try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
    }

    /// Hazards found in each of the last `weeks` weeks (7-day windows ending now), oldest first.
    public func weeklyFound(_ transaction: TenantTransaction, weeks: Int, now: Date) async throws -> [Int] {
        let rows = try await transaction.query(
            """
            SELECT w, count(h.id) FROM generate_series(0, \(weeks - 1)) AS w
            LEFT JOIN hazards h ON h.tenant_id = \(transaction.tenantID)
              AND h.created_at > \(now) - make_interval(days => (7 * (w + 1))::int) AND h.created_at <= \(now) - make_interval(days => (7 * w)::int)
            GROUP BY w ORDER BY w DESC
            """
        )
        return try rows.map { try $0.decode(1, as: Int.self) }
    }

    /// Webhook deliveries of the last day by state.
    public func webhookHealth(_ transaction: TenantTransaction, now: Date) async throws -> [(state: String, count: Int)] {
        try await transaction.query(
            """
            SELECT s.state, count(d.id) FROM unnest(ARRAY['pending', 'delivered', 'failed']) AS s (state)
            LEFT JOIN webhook_deliveries d ON d.tenant_id = \(transaction.tenantID) AND d.state = s.state
              AND d.created_at > \(now) - interval '1 day'
            GROUP BY s.state ORDER BY s.state
            """
        ).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Int.self)) }
    }
}
