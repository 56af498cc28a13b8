import Domain
import Foundation
import Storage

/// A signed-in request: its principal and its one transaction, whichever the tenant
/// (none for a platform administrator).
public struct Session: Sendable {
    public let principal: Principal
    let scope: RequestScope

    init(_ scope: RequestScope) {
        self.principal = scope.principal
        self.scope = scope
    }

    /// The caller in its tenant's transaction; `nil` for a platform administrator.
    public var caller: Caller? { self.scope.transaction.map { Caller(self.principal, $0) } }
}

/// Signing in: a bearer token authenticates a request and opens its transaction.
public struct Authentication: Sendable {
    let database: Database

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
    }

    /// Runs `body` in the request's one transaction; it gets `nil` for an unknown,
    /// expired or revoked token.
    public func withRequest<T>(token: String, _ body: (Session?) async throws -> T) async throws -> T {
        try await self.database.withRequest(token: token) { scope in try await body(scope.map(Session.init)) }
    }
}
