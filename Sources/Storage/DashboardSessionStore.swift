import Domain
import Foundation
import Postgres

/// A signed-in dashboard session and its transaction, scoped to the session's tenant.
public struct DashboardSession: Sendable {
    public let id: UUID
    public let principal: Principal
    public let transaction: TenantTransaction
}

/// Dashboard sessions (`dashboard_sessions`): opened by signing in with a regulator
/// token, ended by signing out; the cookie holds a secret of its own, stored hashed.
public struct DashboardSessionStore: Sendable {
    public init() {}

    /// Opens a session for the token of this request; returns its id and the cookie's
    /// secret. The token's ended and expired sessions are cleared first, so the table
    /// stays small.
    public func open(_ transaction: TenantTransaction, principal: Principal, lifetime: Duration) async throws -> (id: UUID, secret: String) {
        let (secret, hash) = BearerToken.generate(prefix: BearerToken.sessionPrefix)
        let id = UUIDv7.make()
        try await transaction.query(
            """
            DELETE FROM dashboard_sessions WHERE tenant_id = \(transaction.tenantID) AND token_id = \(principal.tokenID)
              AND (ended_at IS NOT NULL OR expires_at <= now())
            """
        )
        try await transaction.query(
            """
            INSERT INTO dashboard_sessions (tenant_id, id, session_hash, token_id, expires_at)
            VALUES (\(transaction.tenantID), \(id), \(hash), \(principal.tokenID),
                now() + make_interval(secs => \(Double(lifetime.components.seconds))))
            """
        )
        return (id, secret)
    }

    /// Ends the session on the server: its cookie no longer opens anything.
    public func end(_ session: DashboardSession) async throws {
        let transaction = session.transaction
        try await transaction.query(
            """
            UPDATE dashboard_sessions SET ended_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(session.id) AND ended_at IS NULL
            """
        )
    }
}
