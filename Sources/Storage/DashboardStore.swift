import Domain
import Foundation
import Postgres

/// The few figures of the regulator's dashboard that no other store computes.
public struct DashboardStore: Sendable {
    public init() {}

    /// 整改率 over every hazard of the tenant: verified ÷ found.
    public func rectification(_ transaction: TenantTransaction) async throws -> (verified: Int, found: Int) {
        let row = try await transaction.query(
            "SELECT count(*) FILTER (WHERE state = 'verified'), count(*) FROM hazards WHERE tenant_id = \(transaction.tenantID)"
        )[0]
        return (try row.decode(Int.self, 0), try row.decode(Int.self, 1))
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
        return try rows.map { try $0.decode(Int.self, 1) }
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
        ).map { (try $0.decode(String.self, 0), try $0.decode(Int.self, 1)) }
    }
}
