import Domain
import Foundation
import Postgres

/// The service's access to PostgreSQL: every unit of work is one transaction, scoped to
/// one tenant with a transaction-local `app.tenant_id`, so row-level security applies
/// even to a query that forgets its `WHERE tenant_id`.
public struct Database: Sendable {
    public let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Runs `body` in one transaction scoped to `tenantID`.
    public func withTenant<T>(
        _ tenantID: UUID,
        _ body: (TenantTransaction) async throws -> T
    ) async throws -> T {
        try await self.client.withTransaction { connection in
            try await connection.query("SELECT set_config('app.tenant_id', \(tenantID.uuidString.lowercased()), true)")
            return try await body(TenantTransaction(connection: connection, tenantID: tenantID))
        }
    }

    /// Runs `body` in one transaction with no tenant: only tenant-free tables and the
    /// narrow SECURITY DEFINER functions are visible.
    public func withoutTenant<T>(_ body: (PostgresConnectionHandle) async throws -> T) async throws -> T {
        try await self.client.withTransaction(body)
    }
}

/// A transaction bound to one tenant.
public struct TenantTransaction: Sendable {
    public let connection: PostgresConnectionHandle
    public let tenantID: UUID

    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await self.connection.query(query)
    }
}

extension PostgresError {
    /// Maps constraint violations to domain errors a client can act on.
    func domainError(conflict: String) -> any Error {
        switch self.kind {
        case .uniqueViolation: DomainError.conflict(conflict)
        case .checkViolation, .notNullViolation:
            DomainError.invalid([FieldError(self.constraint ?? "body", "violates a rule of the register")])
        default: self
        }
    }
}
