import Domain
import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Jobs over HTTP")
struct JobAPITests {
    func enqueue(_ db: TestDatabase, tenant: UUID?, key: String? = nil) async throws -> UUID {
        let job = try NewJob(kind: "noop", payload: ["sleep_ms": 0], options: JobOptions(uniqueKey: key))
        if let tenant {
            return try await db.database.withTenant(tenant) { try await JobQueue.enqueue($0.connection, tenantID: tenant, job) }
        }
        return try await db.owner.withConnection { try await JobQueue.enqueue($0, tenantID: nil, job) }
    }

    @Test("a regulator lists, cancels and retries its tenant's jobs only; a platform admin sees all")
    func scopes() async throws {
        try await TestDatabase.with { db in
            let (a, tokenA) = try await db.makeTenant()
            let (b, tokenB) = try await db.makeTenant()
            let jobA = try await self.enqueue(db, tenant: a.id)
            let jobB = try await self.enqueue(db, tenant: b.id)
            let system = try await self.enqueue(db, tenant: nil)
            let admin = try await db.owner.withConnection {
                try await TokenStore.createPlatformToken($0, description: "test", expiresAt: nil)
            }
            try await withLiveApp(db) { client in
                let listA = try await client.call(.get, "/v1/jobs", token: tokenA)
                #expect(listA.items.compactMap { $0["id"] as? String } == [jobA.lowercasedString])
                #expect((listA.items.first?["payload"] as? [String: Any])?["sleep_ms"] as? Int == 0)
                #expect(try await client.call(.post, "/v1/jobs/\(jobB.lowercasedString)/cancel", token: tokenA).status == .notFound)
                #expect(try await client.call(.post, "/v1/jobs/\(system.lowercasedString)/cancel", token: tokenA).status == .notFound)

                let cancelled = try await client.call(.post, "/v1/jobs/\(jobA.lowercasedString)/cancel", token: tokenA)
                #expect(cancelled.status == .ok)
                #expect(cancelled.json["state"] as? String == "cancelled")
                let again = try await client.call(.post, "/v1/jobs/\(jobA.lowercasedString)/cancel", token: tokenA)
                #expect(again.status == .conflict)
                let retried = try await client.call(.post, "/v1/jobs/\(jobA.lowercasedString)/retry", token: tokenA)
                #expect(retried.json["state"] as? String == "available")
                let filtered = try await client.call(.get, "/v1/jobs?state=cancelled", token: tokenA)
                #expect(filtered.items.isEmpty)
                #expect(try await client.call(.get, "/v1/jobs?state=bogus", token: tokenA).errorFields == ["state"])

                let all = try await client.call(.get, "/v1/jobs?limit=2", token: admin)
                #expect(all.items.count == 2)
                let rest = try await client.call(.get, "/v1/jobs?limit=2&cursor=\(all.json["next_cursor"] as? String ?? "")", token: admin)
                let seen = Set((all.items + rest.items).compactMap { $0["id"] as? String })
                #expect(seen.isSuperset(of: [jobA, jobB, system].map(\.lowercasedString)))
                #expect(try await client.call(.post, "/v1/jobs/\(jobB.lowercasedString)/cancel", token: admin).status == .ok)
                #expect(try await client.call(.get, "/v1/jobs", token: tokenB).items.first?["state"] as? String == "cancelled")
            }
            let audit = try await db.owner.query("SELECT action FROM audit_log WHERE entity_type = 'job' ORDER BY id")
            #expect(try audit.map { try $0.decode(0, as: String.self) } == ["job.cancelled", "job.retried", "job.cancelled"])
        }
    }
}
