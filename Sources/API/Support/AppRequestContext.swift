import Domain
import Foundation
import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the caller.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` on authenticated routes.
    public var principal: Principal?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The largest request body any route accepts (413 beyond it).
    public var maxUploadSize: Int { 256 * 1024 }

    /// The caller, or 401 when the route was reached without one.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthorized }
        return principal
    }

    /// The caller's tenant, for roles that belong to one; 404 for a platform admin on a
    /// tenant route, since no tenant's resources are visible without one.
    public func requireTenantPrincipal(_ roles: Set<Role>) throws -> (Principal, tenantID: UUID) {
        let principal = try self.requirePrincipal()
        guard roles.contains(principal.role), let tenantID = principal.tenantID else {
            throw Problem.notFound("resource")
        }
        return (principal, tenantID)
    }
}
