import Domain
import Foundation
import Postgres

/// The tenant's policies (rating scheme, blacklist and hazard policies), each a JSON
/// document in its own column of `tenant_policies`; the defaults apply until a
/// regulator sets one.
public struct PolicyStore: Sendable {
    public init() {}

    /// The columns, with their statements written out (column names are never interpolated).
    enum Column: String {
        case ratingScheme = "rating_scheme"
        case blacklistPolicy = "blacklist_policy"
        case hazardPolicy = "hazard_policy"
        case casePolicy = "case_policy"
        case documentPolicy = "document_policy"
        case penaltyPolicy = "penalty_policy"

        var select: SQLQuery {
            switch self {
            case .ratingScheme: "SELECT rating_scheme::text FROM tenant_policies WHERE rating_scheme IS NOT NULL"
            case .blacklistPolicy: "SELECT blacklist_policy::text FROM tenant_policies WHERE blacklist_policy IS NOT NULL"
            case .hazardPolicy: "SELECT hazard_policy::text FROM tenant_policies WHERE hazard_policy IS NOT NULL"
            case .casePolicy: "SELECT case_policy::text FROM tenant_policies WHERE case_policy IS NOT NULL"
            case .documentPolicy: "SELECT document_policy::text FROM tenant_policies WHERE document_policy IS NOT NULL"
            case .penaltyPolicy: "SELECT penalty_policy::text FROM tenant_policies WHERE penalty_policy IS NOT NULL"
            }
        }

        func upsert(_ tenantID: UUID, _ document: JSONText) -> SQLQuery {
            switch self {
            case .ratingScheme:
                """
                INSERT INTO tenant_policies (tenant_id, rating_scheme) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET rating_scheme = EXCLUDED.rating_scheme,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            case .blacklistPolicy:
                """
                INSERT INTO tenant_policies (tenant_id, blacklist_policy) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET blacklist_policy = EXCLUDED.blacklist_policy,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            case .hazardPolicy:
                """
                INSERT INTO tenant_policies (tenant_id, hazard_policy) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET hazard_policy = EXCLUDED.hazard_policy,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            case .casePolicy:
                """
                INSERT INTO tenant_policies (tenant_id, case_policy) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET case_policy = EXCLUDED.case_policy,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            case .documentPolicy:
                """
                INSERT INTO tenant_policies (tenant_id, document_policy) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET document_policy = EXCLUDED.document_policy,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            case .penaltyPolicy:
                """
                INSERT INTO tenant_policies (tenant_id, penalty_policy) VALUES (\(tenantID), \(document))
                ON CONFLICT (tenant_id) DO UPDATE SET penalty_policy = EXCLUDED.penalty_policy,
                    version = tenant_policies.version + 1, updated_at = now()
                """
            }
        }
    }

    func read<T: Decodable>(_ column: Column, _ transaction: TenantTransaction, default value: T) async throws -> T {
        var query = column.select
        query.append(" AND tenant_id = \(transaction.tenantID)")
        guard let text = try await transaction.query(query).first?.decode(0, as: String.self) else { return value }
        return try JSONCoding.decoder.decode(T.self, from: Data(text.utf8))
    }

    func write<T: Encodable & Sendable>(_ column: Column, _ transaction: TenantTransaction, _ value: T) async throws {
        try await transaction.query(column.upsert(transaction.tenantID, try JSONText(value)))
    }

    public func ratingScheme(_ transaction: TenantTransaction) async throws -> RatingScheme {
        try await self.read(.ratingScheme, transaction, default: .standard)
    }

    public func blacklistPolicy(_ transaction: TenantTransaction) async throws -> BlacklistEntry.Policy {
        try await self.read(.blacklistPolicy, transaction, default: BlacklistEntry.Policy())
    }

    public func hazardPolicy(_ transaction: TenantTransaction) async throws -> HazardPolicy {
        try await self.read(.hazardPolicy, transaction, default: HazardPolicy())
    }

    public func casePolicy(_ transaction: TenantTransaction) async throws -> CasePolicy {
        try await self.read(.casePolicy, transaction, default: CasePolicy())
    }

    public func setCasePolicy(_ transaction: TenantTransaction, _ policy: CasePolicy) async throws {
        try await self.write(.casePolicy, transaction, policy)
    }

    public func documentPolicy(_ transaction: TenantTransaction) async throws -> DocumentPolicy {
        try await self.read(.documentPolicy, transaction, default: DocumentPolicy())
    }

    public func setDocumentPolicy(_ transaction: TenantTransaction, _ policy: DocumentPolicy) async throws {
        try await self.write(.documentPolicy, transaction, policy)
    }

    public func penaltyPolicy(_ transaction: TenantTransaction) async throws -> PenaltyPolicy {
        try await self.read(.penaltyPolicy, transaction, default: PenaltyPolicy())
    }

    public func setPenaltyPolicy(_ transaction: TenantTransaction, _ policy: PenaltyPolicy) async throws {
        try await self.write(.penaltyPolicy, transaction, policy)
    }

    public func setRatingScheme(_ transaction: TenantTransaction, _ scheme: RatingScheme) async throws {
        try await self.write(.ratingScheme, transaction, scheme)
    }

    public func setBlacklistPolicy(_ transaction: TenantTransaction, _ policy: BlacklistEntry.Policy) async throws {
        try await self.write(.blacklistPolicy, transaction, policy)
    }

    public func setHazardPolicy(_ transaction: TenantTransaction, _ policy: HazardPolicy) async throws {
        try await self.write(.hazardPolicy, transaction, policy)
    }

    /// Today's date in the tenant's time zone (default Asia/Shanghai).
    public func today(_ transaction: TenantTransaction, at now: Date) async throws -> String {
        CalendarDate.string(from: now, in: try await self.timeZone(transaction))
    }

    /// The tenant's time zone, if it set one.
    public func timeZone(_ transaction: TenantTransaction) async throws -> TimeZone? {
        let zone = try await transaction.query("SELECT settings->>'time_zone' FROM tenants WHERE id = \(transaction.tenantID)")
            .first?.decode(0, as: String?.self)
        return zone.flatMap(TimeZone.init(identifier:))
    }
}

extension SQLRow {
    /// A column holding a domain document (`jsonb`, read as text), decoded with the
    /// service's JSON conventions.
    func document<T: Decodable>(_ type: T.Type, _ column: Int) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: Data(try self.decode(column, as: String.self).utf8))
    }
}
