import Domain
import Foundation
import Postgres

/// The service's access to PostgreSQL: every unit of work is one transaction, scoped to
/// one tenant with a transaction-local `app.tenant_id`, so row-level security applies
/// even to a query that forgets its `WHERE tenant_id`.
public struct Database: Sendable {
    public let client: LibpqPool

    public init(client: LibpqPool) {
        self.client = client
    }

    /// Runs `body` in one transaction scoped to `tenantID`.
    public func withTenant<T>(
        _ tenantID: UUID,
        _ body: (TenantTransaction) async throws -> T
    ) async throws -> T {
        // The tenant is set in the same round trip as BEGIN.
        let prologue: SQLQuery = "SELECT set_config('app.tenant_id', \(tenantID.lowercasedString), true)"
        return try await self.client.withTransaction(prologue: prologue) { connection, _ in
            try await body(TenantTransaction(connection: connection, tenantID: tenantID))
        }
    }

    /// Authenticates a request and opens its one transaction in a single round trip
    /// (`BEGIN` pipelined with `begin_request`, which also sets `app.tenant_id`).
    /// `body` gets `nil` for an unknown, expired or revoked token.
    public func withRequest<T>(token: String, _ body: (RequestScope?) async throws -> T) async throws -> T {
        guard BearerToken.looksValid(token) else { return try await body(nil) }
        let prologue: SQLQuery =
            "SELECT token_id, tenant_id, role, subject_id FROM begin_request(\(BearerToken.hash(token)))"
        return try await self.client.withTransaction(prologue: prologue) { connection, rows in
            guard let row = rows?.first, let role = Role(rawValue: try row.decode(2, as: String.self)) else {
                return try await body(nil)
            }
            let principal = Principal(
                tokenID: try row.decode(0),
                tenantID: try row.decode(1, as: UUID?.self),
                role: role,
                subjectID: try row.decode(3, as: UUID?.self)
            )
            let transaction = principal.tenantID.map { TenantTransaction(connection: connection, tenantID: $0) }
            return try await body(RequestScope(principal: principal, connection: connection, transaction: transaction))
        }
    }

    /// As `withRequest`, for a person's session cookie (`begin_account_session`): `body`
    /// gets the account's principal, or `nil` for an unknown, ended, idle or expired
    /// session or a disabled account. `idleTimeout`: how long unused a session stays live.
    public func withAccountSession<T>(secret: String, idleTimeout: TimeInterval, _ body: (AccountSession?) async throws -> T) async throws -> T {
        guard BearerToken.looksValid(secret, prefix: BearerToken.sessionPrefix) else { return try await body(nil) }
        let prologue: SQLQuery =
            "SELECT session_id, account_id, tenant_id, role, subject_id, display_name FROM begin_account_session(\(BearerToken.hash(secret)), \(idleTimeout))"
        return try await self.client.withTransaction(prologue: prologue) { connection, rows in
            guard let row = rows?.first, let role = Role(rawValue: try row.decode(3, as: String.self)) else {
                return try await body(nil)
            }
            let tenantID = try row.decode(2, as: UUID.self)
            let principal = Principal(
                tokenID: try row.decode(0),
                tenantID: tenantID,
                role: role,
                subjectID: try row.decode(4, as: UUID?.self),
                accountID: try row.decode(1, as: UUID.self)
            )
            return try await body(
                AccountSession(
                    id: principal.tokenID,
                    principal: principal,
                    displayName: try row.decode(5),
                    transaction: TenantTransaction(connection: connection, tenantID: tenantID)
                )
            )
        }
    }

    /// Runs `body` in one transaction with no tenant: only tenant-free tables and the
    /// narrow SECURITY DEFINER functions are visible.
    public func withoutTenant<T>(_ body: (LibpqConnectionHandle) async throws -> T) async throws -> T {
        try await self.client.withTransaction(body)
    }
}

/// The caller of a request and its transaction.
public struct RequestScope: Sendable {
    public let principal: Principal
    /// The request's transaction, whatever the caller's tenant.
    public let connection: LibpqConnectionHandle
    /// The same transaction, scoped to the caller's tenant; `nil` for a platform admin.
    public let transaction: TenantTransaction?
}

/// A transaction bound to one tenant.
public struct TenantTransaction: Sendable {
    public let connection: LibpqConnectionHandle
    public let tenantID: UUID
    /// When set, the next statement also commits the transaction (one round trip less).
    var commitsWithNextStatement = false

    public init(connection: LibpqConnectionHandle, tenantID: UUID) {
        self.connection = connection
        self.tenantID = tenantID
    }

    /// Scopes an open transaction to `tenantID` (platform work that creates a tenant).
    public static func scope(_ connection: LibpqConnectionHandle, to tenantID: UUID) async throws -> TenantTransaction {
        try await connection.query("SELECT set_config('app.tenant_id', \(tenantID.lowercasedString), true)")
        return TenantTransaction(connection: connection, tenantID: tenantID)
    }

    @discardableResult
    public func query(_ query: SQLQuery) async throws -> SQLRows {
        self.commitsWithNextStatement
            ? try await self.connection.queryAndCommit(query) : try await self.connection.query(query)
    }

    /// This transaction, set to commit together with its next statement. For read
    /// routes whose last step is one store call: `store.find(transaction.finishing(), …)`.
    public func finishing() -> TenantTransaction {
        var copy = self
        copy.commitsWithNextStatement = true
        return copy
    }
}

extension LibpqError {
    /// Maps constraint violations to domain errors a client can act on.
    func domainError(conflict: Message) -> any Error {
        switch self.kind {
        case .uniqueViolation: DomainError.conflict(conflict)
        case .checkViolation, .notNullViolation:
            DomainError.invalid([FieldError(self.constraint ?? "body", "violates a rule of the register")])
        default: self
        }
    }
}

extension Database {
    /// Whether the database answers a trivial query now.
    public func answers() async -> Bool {
        (try? await self.client.query("SELECT 1")) != nil
    }

    /// Whether `error` means the database cannot be reached right now (retry later),
    /// as opposed to a failure of the request itself.
    /// The full text of an error for the log (the database's own message included);
    /// never for a client.
    public static func logDescription(_ error: any Error) -> String {
        (error as? LibpqError)?.logDescription ?? "\(error)"
    }

    public static func isUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? LibpqError else { return false }
        return error.kind == .connectionUnavailable || error.kind == .poolTimeout
    }
}
