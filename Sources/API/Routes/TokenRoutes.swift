import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/tokens`: a regulator issues and revokes tokens for its inspectors and institutions.
struct TokenRoutes {
    let tokens: TokenUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var role: Role
        var subjectID: UUID?
        var description: String?
        var expiresInDays: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case role, description
            case subjectID = "subject_id"
            case expiresInDays = "expires_in_days"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    /// The one response that carries the secret.
    struct Issued: Encodable {
        /// `nil` in a replay of the creating request: the secret is not stored.
        var token: String?
        var record: TokenRecord

        func encode(to encoder: any Encoder) throws {
            try self.record.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(self.token, forKey: .token)
        }

        enum Key: String, CodingKey { case token }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("tokens", use: self.create)
        group.delete("tokens/:id", use: self.revoke)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let (token, record) = try await self.tokens.issue(
                context.caller,
                role: body.role,
                subjectID: body.subjectID,
                description: body.description,
                expiresInDays: body.expiresInDays
            )
            return Idempotency.Created(
                location: "/v1/tokens/\(record.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(Issued(token: token, record: record)),
                replayBody: try JSONCoding.encoder.encode(Issued(token: nil, record: record))
            )
        }
    }

    @Sendable func revoke(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "token")
        try await self.tokens.revoke(context.caller, id: id)
        return Response(status: .noContent)
    }
}
