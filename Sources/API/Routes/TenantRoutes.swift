import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/tenants`: platform administrators create jurisdictions and their first regulator token.
struct TenantRoutes {
    let platform: PlatformUseCases

    struct CreateBody: StrictBody {
        var slug: String
        var name: String
        var parentID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case slug, name
            case parentID = "parent_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
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
        let session = try context.requireSession()
        let (tenant, token) = try await self.platform.createTenant(session) {
            let (body, _) = try await CreateBody.decode(from: request, context: context)
            return (body.slug, body.name, body.parentID)
        }
        return try JSONResponse.make(
            Created(tenant: tenant, regulatorToken: token),
            status: .created,
            headers: [.location: "/v1/tenants/\(tenant.slug)"]
        )
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        return try JSONResponse.make(ListPage(items: try await self.platform.listTenants(session), nextCursor: nil))
    }
}
