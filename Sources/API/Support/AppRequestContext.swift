import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

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

/// The context of every tenant route under `/v1`: its caller is always there, so no
/// handler can forget authentication. Reaching such a route without a tenant (no token
/// got through `AuthMiddleware`, or a platform admin's) is a 404, as before: a tenant's
/// resources do not exist for anyone outside it.
public struct TenantRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user and their request's transaction, for the use cases.
    public let caller: Caller
    public let principal: Principal

    public init(context: AppRequestContext) throws {
        let scope = try context.requireScope()
        guard let transaction = scope.transaction else { throw Problem.notFound("resource") }
        self.coreContext = context.coreContext
        self.principal = scope.principal
        self.caller = Caller(scope.principal, transaction)
    }

    public var maxUploadSize: Int { 256 * 1024 }
}
