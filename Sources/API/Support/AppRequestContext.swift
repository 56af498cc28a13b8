import Domain
import Foundation
import Hummingbird
import Storage

/// The request context of every route: Hummingbird's core storage plus the caller and
/// the request's one database transaction.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` on authenticated routes.
    public var scope: RequestScope?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.scope = nil
    }

    /// The largest request body any route accepts (413 beyond it).
    public var maxUploadSize: Int { 256 * 1024 }

    /// The caller and the request's transaction, or 401 when the route was reached without one.
    public func requireScope() throws -> RequestScope {
        guard let scope else { throw Problem.unauthorized }
        return scope
    }

    /// The caller and its tenant's transaction, for the given roles. Anyone else, a
    /// platform admin included, sees nothing here: 404.
    public func requireTenant(_ roles: Set<Role>) throws -> (Principal, TenantTransaction) {
        let scope = try self.requireScope()
        guard roles.contains(scope.principal.role), let transaction = scope.transaction else {
            throw Problem.notFound("resource")
        }
        return (scope.principal, transaction)
    }
}
