import Domain
import Foundation
import Postgres

/// The tenant's rating scheme and blacklist policy; defaults until a regulator sets them.
public struct PolicyStore: Sendable {
    public init() {}

    public func ratingScheme(_ transaction: TenantTransaction) async throws -> RatingScheme {
        let rows = try await transaction.query(
            "SELECT rating_scheme::text FROM tenant_policies WHERE tenant_id = \(transaction.tenantID) AND rating_scheme IS NOT NULL"
        )
        guard let text = try rows.first?.decode(String.self, 0) else { return .standard }
        return try JSONCoding.decoder.decode(RatingScheme.self, from: Data(text.utf8))
    }

    public func blacklistPolicy(_ transaction: TenantTransaction) async throws -> BlacklistEntry.Policy {
        let rows = try await transaction.query(
            "SELECT blacklist_policy::text FROM tenant_policies WHERE tenant_id = \(transaction.tenantID) AND blacklist_policy IS NOT NULL"
        )
        guard let text = try rows.first?.decode(String.self, 0) else { return BlacklistEntry.Policy() }
        return try JSONCoding.decoder.decode(BlacklistEntry.Policy.self, from: Data(text.utf8))
    }

    public func hazardPolicy(_ transaction: TenantTransaction) async throws -> HazardPolicy {
        let rows = try await transaction.query(
            "SELECT hazard_policy::text FROM tenant_policies WHERE tenant_id = \(transaction.tenantID) AND hazard_policy IS NOT NULL"
        )
        guard let text = try rows.first?.decode(String.self, 0) else { return HazardPolicy() }
        return try JSONCoding.decoder.decode(HazardPolicy.self, from: Data(text.utf8))
    }

    public func setHazardPolicy(_ transaction: TenantTransaction, _ policy: HazardPolicy, actor: Actor) async throws {
        let before = try await self.hazardPolicy(transaction)
        try await transaction.query(
            """
            INSERT INTO tenant_policies (tenant_id, hazard_policy) VALUES (\(transaction.tenantID), \(try JSONText(policy)))
            ON CONFLICT (tenant_id) DO UPDATE SET hazard_policy = EXCLUDED.hazard_policy,
                version = tenant_policies.version + 1, updated_at = now()
            """
        )
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "hazard_policy.updated",
            entityType: "tenant_policy",
            entityID: transaction.tenantID,
            before: before,
            after: policy
        )
    }

    /// The tenant's time zone (default Asia/Shanghai) and today's date in it.
    public func today(_ transaction: TenantTransaction, at now: Date) async throws -> String {
        let zone = try await transaction.query("SELECT settings->>'time_zone' FROM tenants WHERE id = \(transaction.tenantID)")
            .first?.decode(String?.self, 0)
        return CalendarDate.string(from: now, in: zone.flatMap(TimeZone.init(identifier:)))
    }

    public func setRatingScheme(_ transaction: TenantTransaction, _ scheme: RatingScheme, actor: Actor) async throws {
        let before = try await self.ratingScheme(transaction)
        try await transaction.query(
            """
            INSERT INTO tenant_policies (tenant_id, rating_scheme) VALUES (\(transaction.tenantID), \(try JSONText(scheme)))
            ON CONFLICT (tenant_id) DO UPDATE SET rating_scheme = EXCLUDED.rating_scheme,
                version = tenant_policies.version + 1, updated_at = now()
            """
        )
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "rating_scheme.updated",
            entityType: "tenant_policy",
            entityID: transaction.tenantID,
            before: before,
            after: scheme
        )
    }

    public func setBlacklistPolicy(_ transaction: TenantTransaction, _ policy: BlacklistEntry.Policy, actor: Actor) async throws {
        let before = try await self.blacklistPolicy(transaction)
        try await transaction.query(
            """
            INSERT INTO tenant_policies (tenant_id, blacklist_policy) VALUES (\(transaction.tenantID), \(try JSONText(policy)))
            ON CONFLICT (tenant_id) DO UPDATE SET blacklist_policy = EXCLUDED.blacklist_policy,
                version = tenant_policies.version + 1, updated_at = now()
            """
        )
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "blacklist_policy.updated",
            entityType: "tenant_policy",
            entityID: transaction.tenantID,
            before: before,
            after: policy
        )
    }
}

extension PostgresRow {
    /// A column holding a domain document (`jsonb`, read as text), decoded with the
    /// service's JSON conventions.
    func document<T: Decodable>(_ type: T.Type, _ column: Int) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: Data(try self.decode(String.self, column).utf8))
    }
}
