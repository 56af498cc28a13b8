import Domain
import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Tenant isolation and roles over HTTP")
struct TenancyAPITests {
    @Test("a regulator of tenant A gets 404 for tenant B's institution: by id, in lists, on update")
    func crossTenant() async throws {
        try await TestDatabase.with { db in
            let (_, tokenA) = try await db.makeTenant()
            let (_, tokenB) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let created = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: tokenB,
                    json: Fixtures.institutionJSON(district: "B区")
                )
                let id = try #require(created.json["id"] as? String)
                #expect(try await client.call(.get, "/v1/institutions/\(id)", token: tokenA).status == .notFound)
                let list = try await client.call(.get, "/v1/institutions?district=B%E5%8C%BA", token: tokenA)
                #expect(list.status == .ok)
                #expect(list.items.isEmpty)
                let all = try await client.call(.get, "/v1/institutions", token: tokenA)
                #expect(all.items.isEmpty)
                let update = try await client.call(
                    .patch,
                    "/v1/institutions/\(id)",
                    token: tokenA,
                    json: ["name": "hijacked"],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(update.status == .notFound)
                // The same credit code is free in another tenant: uniqueness is per tenant.
                let code = try #require(created.json["credit_code"] as? String)
                let again = try await client.call(.post, "/v1/institutions", token: tokenA, json: Fixtures.institutionJSON(creditCode: code))
                #expect(again.status == .created)
                let stillB = try await client.call(.get, "/v1/institutions/\(id)", token: tokenB)
                #expect(stillB.json["name"] as? String == "和平区社会福利院")
                #expect(try await client.call(.get, "/v1/institutions/not-a-uuid", token: tokenA).status == .notFound)
            }
        }
    }

    @Test("missing, malformed, revoked and expired tokens get 401")
    func tokens() async throws {
        try await TestDatabase.with { db in
            let (tenant, regulator) = try await db.makeTenant()
            let expired = try await db.issueToken(tenant: tenant.id, role: .regulator, subject: nil, expiresAt: Date().addingTimeInterval(-1))
            try await withLiveApp(db) { client in
                #expect(try await client.call(.get, "/v1/institutions", token: nil).status == .unauthorized)
                #expect(try await client.call(.get, "/v1/institutions", token: "ovs_nonsense").status == .unauthorized)
                #expect(try await client.call(.get, "/v1/institutions", token: BearerToken.generate().token).status == .unauthorized)
                #expect(try await client.call(.get, "/v1/institutions", token: expired).status == .unauthorized)
                let unauthorized = try await client.call(.get, "/v1/me", token: nil)
                #expect(unauthorized.headers[.wwwAuthenticate] == "Bearer")

                let created = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON())
                let institutionID = try #require(created.json["id"] as? String)
                let issued = try await client.call(
                    .post,
                    "/v1/tokens",
                    token: regulator,
                    json: ["role": "institution", "subject_id": institutionID, "expires_in_days": 30]
                )
                #expect(issued.status == .created)
                let institutionToken = try #require(issued.json["token"] as? String)
                let tokenID = try #require(issued.json["id"] as? String)
                #expect(try await client.call(.get, "/v1/institutions/\(institutionID)", token: institutionToken).status == .ok)
                #expect(try await client.call(.delete, "/v1/tokens/\(tokenID)", token: regulator).status == .noContent)
                #expect(try await client.call(.get, "/v1/institutions/\(institutionID)", token: institutionToken).status == .unauthorized)

                let body: [String: Any] = ["role": "institution", "subject_id": institutionID]
                let first = try await client.call(.post, "/v1/tokens", token: regulator, json: body, headers: [.idempotencyKey: "t-1"])
                let replay = try await client.call(.post, "/v1/tokens", token: regulator, json: body, headers: [.idempotencyKey: "t-1"])
                #expect((first.json["token"] as? String)?.hasPrefix("ovs_") == true)
                #expect(replay.json["token"] is NSNull)
                #expect(replay.json["id"] as? String == first.json["id"] as? String)

                let badRole = try await client.call(.post, "/v1/tokens", token: regulator, json: ["role": "regulator"])
                #expect(badRole.errorFields == ["role"])
                let noSubject = try await client.call(.post, "/v1/tokens", token: regulator, json: ["role": "institution"])
                #expect(noSubject.errorFields == ["subject_id"])
                let foreign = try await client.call(
                    .post,
                    "/v1/tokens",
                    token: regulator,
                    json: ["role": "institution", "subject_id": UUID().uuidString]
                )
                #expect(foreign.errorFields == ["subject_id"])
            }
            let stored = try await db.owner.query("SELECT count(*) FROM api_tokens WHERE token_hash = \(BearerToken.hash(regulator))")
            #expect(try stored[0].decode(0, as: Int.self) == 1)
            let plaintext = try await db.owner.query(
                "SELECT (SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'escape') LIKE 'ovs_%') + (SELECT count(*) FROM idempotency_keys WHERE encode(body, 'escape') LIKE '%ovs\\_%')"
            )
            #expect(try plaintext[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test("an institution token reads only itself and may change only its operating figures")
    func institutionRole() async throws {
        try await TestDatabase.with { db in
            let (tenant, regulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let mine = try #require(
                    try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON()).json["id"] as? String
                )
                let other = try #require(
                    try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON()).json["id"] as? String
                )
                let token = try await db.issueToken(tenant: tenant.id, role: .institution, subject: UUID(uuidString: mine)!)
                #expect(try await client.call(.get, "/v1/institutions/\(other)", token: token).status == .notFound)
                let list = try await client.call(.get, "/v1/institutions", token: token)
                #expect(list.items.compactMap { $0["id"] as? String } == [mine])
                let rename = try await client.call(
                    .patch,
                    "/v1/institutions/\(mine)",
                    token: token,
                    json: ["name": "新名字"],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(rename.status == .forbidden)
                #expect(rename.errorFields == ["name"])
                let recode = try await client.call(
                    .patch,
                    "/v1/institutions/\(mine)",
                    token: token,
                    json: ["credit_code": Fixtures.creditCode(), "beds": 120],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(recode.status == .forbidden)
                let figures = try await client.call(
                    .patch,
                    "/v1/institutions/\(mine)",
                    token: token,
                    json: ["beds": 120, "residents": 99],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(figures.status == .ok)
                #expect(figures.json["beds"] as? Int == 120)
                #expect(
                    try await client.call(.patch, "/v1/institutions/\(other)", token: token, json: ["beds": 1], headers: [.ifMatch: "\"1\""]).status
                        == .notFound
                )
                #expect(try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON()).status == .notFound)
                #expect(
                    try await client.call(.post, "/v1/tokens", token: token, json: ["role": "institution", "subject_id": mine]).status == .notFound
                )
            }
            let audit = try await db.owner.query(
                "SELECT actor_role, after->>'beds' FROM audit_log WHERE action = 'institution.updated'"
            )
            #expect(try audit[0].decode(0, as: String.self) == "institution")
            #expect(try audit[0].decode(1, as: String.self) == "120")
        }
    }

    @Test("a platform admin creates a tenant and its first regulator token")
    func platformAdmin() async throws {
        try await TestDatabase.with { db in
            let admin = try await db.owner.withConnection { connection in
                try await TokenStore.createPlatformToken(connection, description: "test", expiresAt: nil)
            }
            try await withLiveApp(db) { client in
                let created = try await client.call(.post, "/v1/tenants", token: admin, json: ["slug": "shenyang", "name": "沈阳市民政局"])
                #expect(created.status == .created)
                let regulator = try #require(created.json["regulator_token"] as? String)
                let me = try await client.call(.get, "/v1/me", token: regulator)
                #expect(me.json["role"] as? String == "regulator")
                #expect(me.json["tenant_id"] as? String == (created.json["tenant"] as? [String: Any])?["id"] as? String)
                #expect(try await client.call(.post, "/v1/tenants", token: admin, json: ["slug": "shenyang", "name": "again"]).status == .conflict)
                #expect(try await client.call(.post, "/v1/tenants", token: admin, json: ["slug": "Bad Slug", "name": "x"]).errorFields == ["slug"])
                #expect(try await client.call(.post, "/v1/tenants", token: regulator, json: ["slug": "other", "name": "x"]).status == .notFound)
                #expect(try await client.call(.get, "/v1/institutions", token: admin).status == .notFound)
            }
        }
    }
}
