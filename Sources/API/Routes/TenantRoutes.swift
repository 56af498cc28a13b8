import Domain
import Foundation
import Hummingbird
import Storage

/// `/v1/tenants`: platform administrators create jurisdictions and their first regulator token.
struct TenantRoutes {
    let tenants: TenantStore
    let tokens: TokenStore

    struct CreateBody: StrictBody {
        var slug: String
        var name: String
        var parentID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case slug, name
            case parentID = "parent_id"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    struct Created: Encodable {
        var tenant: Tenant
        var regulatorToken: String

        enum CodingKeys: String, CodingKey {
            case tenant
            case regulatorToken = "regulator_token"
        }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("tenants", use: self.create)
        group.get("tenants", use: self.list)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let scope = try Self.requireAdmin(context)
        let (body, _) = try await CreateBody.decode(from: request, context: context)
        let tenant = try await self.tenants.create(scope.connection, slug: body.slug, name: body.name, parentID: body.parentID)
        let token = try await self.tokens.create(
            try await TenantTransaction.scope(scope.connection, to: tenant.id),
            role: .regulator,
            subjectID: nil,
            description: "first regulator token",
            actor: AuditActor(scope.principal)
        ).token
        return try JSONResponse.make(
            Created(tenant: tenant, regulatorToken: token),
            status: .created,
            headers: [.location: "/v1/tenants/\(tenant.slug)"]
        )
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let scope = try Self.requireAdmin(context)
        return try JSONResponse.make(ListPage(items: try await self.tenants.list(scope.connection), nextCursor: nil))
    }

    /// Only platform administrators see these routes; to anyone else they do not exist.
    static func requireAdmin(_ context: AppRequestContext) throws -> RequestScope {
        let scope = try context.requireScope()
        guard scope.principal.role == .platformAdmin else { throw Problem.notFound("route") }
        return scope
    }
}
