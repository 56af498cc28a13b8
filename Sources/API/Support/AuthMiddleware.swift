import Domain
import Hummingbird
import Storage

/// Resolves the bearer token to a principal; answers 401 for a missing, unknown,
/// expired or revoked token.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let tokens: TokenStore

    public init(tokens: TokenStore) {
        self.tokens = tokens
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        guard let header = request.headers[.authorization], header.count > 7,
            header.prefix(7).lowercased() == "bearer "
        else { throw Problem.unauthorized }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let principal = try await self.tokens.authenticate(token) else { throw Problem.unauthorized }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "role"] = .string(principal.role.rawValue)
        return try await next(request, context)
    }
}
