import Domain
import Foundation
import Postgres

/// The tenant's own calendar days (the national ones are the code's).
public struct CalendarStore: Sendable {
    public init() {}

    public func days(_ transaction: TenantTransaction) async throws -> [WorkingCalendar.Day] {
        try await transaction.query(
            "SELECT day::text, kind, name FROM calendar_days WHERE tenant_id = \(transaction.tenantID) ORDER BY day"
        ).map { row in
            WorkingCalendar.Day(
                date: try row.decode(0),
                kind: WorkingCalendar.Kind(rawValue: try row.decode(1)) ?? .holiday,
                name: try row.decode(2)
            )
        }
    }

    public func calendar(_ transaction: TenantTransaction) async throws -> WorkingCalendar {
        WorkingCalendar.tenant(try await self.days(transaction))
    }

    /// Sets the tenant's own day (replacing any for that date).
    public func set(_ transaction: TenantTransaction, _ day: WorkingCalendar.Day) async throws {
        try await transaction.query(
            """
            INSERT INTO calendar_days (tenant_id, day, kind, name) VALUES (\(transaction.tenantID), \(day.date)::date,
                \(day.kind.rawValue), \(day.name))
            ON CONFLICT (tenant_id, day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()
            """
        )
    }

    /// Removes the tenant's own day for a date (the national one, if any, applies again); false when there was none.
    public func remove(_ transaction: TenantTransaction, date: String) async throws -> Bool {
        !(try await transaction.query(
            "DELETE FROM calendar_days WHERE tenant_id = \(transaction.tenantID) AND day = \(date)::date RETURNING 1"
        ).isEmpty)
    }
}
