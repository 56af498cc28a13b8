import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// Authenticates the bearer token and runs the rest of the request in one transaction
/// scoped to the caller's tenant; answers 401 for a missing, unknown, expired or revoked
/// token. Bodies are read (bounded) before a connection is taken, so a slow upload never
/// holds one.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let authentication: Authentication

    public init(_ authentication: Authentication) {
        self.authentication = authentication
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
        var request = request
        var body: ByteBuffer? = nil
        // An upload streams into the evidence store: it is never collected here.
        let isUpload = request.method == .post && request.uri.path == EvidenceRoutes.uploadPath
        if request.method != .get && request.method != .head && request.method != .delete && !isUpload {
            do {
                body = try await request.collectBody(upTo: context.maxUploadSize)
            } catch is NIOTooManyBytesError {
                throw HTTPError(.contentTooLarge)
            }
        }
        return try await self.authentication.withRequest(token: token) { session in
            guard let session else { throw Problem.unauthorized }
            if let body { try Self.refuseUnstorableText(body) }
            var context = context
            context.session = session
            context.logger[metadataKey: "role"] = .string(session.principal.role.rawValue)
            return try await next(request, context)
        }
    }

    /// A JSON body with a control character in any string is refused before anything
    /// else looks at it, whichever route and role: PostgreSQL cannot store NUL, and no
    /// field of the API takes the others. This is the one place it is checked: every route
    /// that decodes a body sits behind this middleware. Bodies that are not JSON are left
    /// to the route.
    static func refuseUnstorableText(_ body: ByteBuffer) throws {
        guard body.readableBytes > 0, let value = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [])
        else { return }
        if let problem = TextRules.firstProblem(inJSON: value) { throw Problem.invalid([problem]) }
        // The check above read the last of a repeated key; the route's decoder reads the first.
        if let repeated = JSONDuplicateKeys.first(in: Array(body.readableBytesView)) {
            throw Problem.invalid([FieldError(repeated, "appears twice")])
        }
    }
}
