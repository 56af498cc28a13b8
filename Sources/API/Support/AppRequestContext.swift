import Domain
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// The request context of every route: Hummingbird's core storage plus, behind
/// `AuthMiddleware`, the signed-in session.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` on authenticated routes.
    public var session: Session?
    /// The connected client (the public complaint form limits by it).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.session = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The largest request body any route accepts (413 beyond it).
    public var maxUploadSize: Int { 256 * 1024 }

    /// The signed-in session, or 401 when the route was reached without one.
    public func requireSession() throws -> Session {
        guard let session else { throw Problem.unauthorized }
        return session
    }
}

/// The context of every tenant route under `/v1`: its caller is always there, so no
/// handler can forget authentication. Reaching such a route without a tenant (a platform
/// admin's token) is a 404, as before: a tenant's resources do not exist for anyone
/// outside it.
public struct TenantRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user and their request's transaction, for the use cases.
    public let caller: Caller

    public init(context: AppRequestContext) throws {
        guard let caller = try context.requireSession().caller else { throw Problem.notFound("resource") }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    public var maxUploadSize: Int { 256 * 1024 }
}
