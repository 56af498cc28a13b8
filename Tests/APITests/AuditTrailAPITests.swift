import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The use cases own the audit row and the events of every command (the stores only
/// write rows): a workflow through the API leaves each command's audit row, by the
/// right actor, and each announced event, once.
@Suite("Audit trail and events of the commands")
struct AuditTrailAPITests {
    struct AuditRow: Equatable, CustomStringConvertible {
        var action: String
        var role: String
        var entity: String
        var description: String { "\(self.action) by \(self.role) on \(self.entity)" }
    }

    func audit(_ db: TestDatabase, _ tenant: UUID, since: Int) async throws -> [AuditRow] {
        try await db.owner.query(
            """
            SELECT action, actor_role, entity_id FROM audit_log WHERE tenant_id = \(tenant)
            ORDER BY id OFFSET \(since)
            """
        ).map { AuditRow(action: try $0.decode(0), role: try $0.decode(1), entity: try $0.decode(2, as: UUID.self).lowercasedString) }
    }

    func count(_ db: TestDatabase, _ tenant: UUID) async throws -> Int {
        try await db.owner.query("SELECT count(*) FROM audit_log WHERE tenant_id = \(tenant)")[0].decode(0, as: Int.self)
    }

    func events(_ db: TestDatabase, _ tenant: UUID) async throws -> [String] {
        try await db.owner.query("SELECT type FROM events WHERE tenant_id = \(tenant) ORDER BY id").map { try $0.decode(0) }
    }

    @Test("an inspection's workflow, its hazard, a token, a webhook and a blacklist proposal: one audit row each, by whoever gave the command")
    func workflow() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let tenant = scene.tenant.id
                let inspector = scene.inspectorTokens[0]
                let setUp = try await self.audit(db, tenant, since: 0)
                #expect(setUp.map(\.action).filter { $0 == "institution.created" } == ["institution.created"])
                #expect(setUp.filter { $0.action == "inspector.created" }.map(\.role) == ["regulator", "regulator"])
                #expect(setUp.filter { $0.action == "token.created" }.count == 4)

                var since = try await self.count(db, tenant)
                let created = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-01", "inspector_ids": [scene.inspectorIDs[0]]]
                )
                let id = try #require(created.json["id"] as? String)
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let fireCode = try #require(
                    items.first { $0["fire_related"] as? Bool == true && $0["mandatory"] as? Bool == true }?["code"] as? String
                )
                let results = items.compactMap { $0["code"] as? String }.map { code -> [String: Any] in
                    code == fireCode
                        ? ["item_code": code, "result": "fail", "finding": ["description": "安全出口堵塞", "major": true]]
                        : ["item_code": code, "result": "pass"]
                }
                #expect(try await client.call(.post, "/v1/inspections/\(id)/results", token: inspector, json: ["results": results]).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/submit", token: inspector).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.regulator).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/publish", token: scene.regulator).status == .ok)
                let hazards = try await client.call(.get, "/v1/hazards?institution_id=\(scene.institutionID)", token: scene.regulator)
                let hazard = try #require(hazards.items.first?["id"] as? String)
                let plan = try await client.call(.post, "/v1/hazards/\(hazard)/plan", token: scene.institutionToken, json: ["text": "三日内清理"])
                #expect(plan.status == .ok, "\(plan.text)")

                let steps = try await self.audit(db, tenant, since: since)
                #expect(
                    steps
                        == [
                            AuditRow(action: "inspection.created", role: "regulator", entity: id),
                            AuditRow(action: "inspection.start", role: "inspector", entity: id),
                            AuditRow(action: "inspection.results_recorded", role: "inspector", entity: id),
                            AuditRow(action: "inspection.submit", role: "inspector", entity: id),
                            AuditRow(action: "inspection.review", role: "regulator", entity: id),
                            // The finding became a hazard on review, reported by the system.
                            AuditRow(action: "hazard.reported", role: "system:inspection.review", entity: hazard),
                            AuditRow(action: "inspection.publish", role: "regulator", entity: id),
                            AuditRow(action: "hazard.plan", role: "institution", entity: hazard),
                        ],
                    "\(steps)"
                )
                let announced = try await self.events(db, tenant)
                for type in ["inspection.assigned", "inspection.submitted", "hazard.reported", "inspection.published"] {
                    #expect(announced.filter { $0 == type }.count == 1, "\(type) in \(announced)")
                }

                since = try await self.count(db, tenant)
                let issued = try await client.call(
                    .post,
                    "/v1/tokens",
                    token: scene.regulator,
                    json: ["role": "inspector", "subject_id": scene.inspectorIDs[1]]
                )
                let tokenID = try #require(issued.json["id"] as? String)
                #expect(try await client.call(.delete, "/v1/tokens/\(tokenID)", token: scene.regulator).status == .noContent)
                let subscribed = try await client.call(
                    .post,
                    "/v1/webhook-subscriptions",
                    token: scene.regulator,
                    json: ["url": "https://example.org/hook", "event_types": ["*"]]
                )
                let subscription = try #require(subscribed.json["id"] as? String)
                #expect(try await client.call(.post, "/v1/webhook-subscriptions/\(subscription)/rotate-secret", token: scene.regulator).status == .ok)
                let proposed = try await client.call(
                    .post,
                    "/v1/blacklist",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "reason": "4", "facts": "逾期未整改", "legal_basis": "第六条第四项"]
                )
                let entry = try #require(proposed.json["id"] as? String)
                let rest = try await self.audit(db, tenant, since: since)
                #expect(
                    rest
                        == [
                            AuditRow(action: "token.created", role: "regulator", entity: tokenID),
                            AuditRow(action: "token.revoked", role: "regulator", entity: tokenID),
                            AuditRow(action: "webhook_subscription.created", role: "regulator", entity: subscription),
                            AuditRow(action: "webhook_subscription.secret_rotated", role: "regulator", entity: subscription),
                            AuditRow(action: "blacklist.proposed", role: "regulator", entity: entry),
                        ],
                    "\(rest)"
                )
                #expect(try await self.events(db, tenant).filter { $0 == "blacklist.proposed" }.count == 1)

                // A refused command leaves no audit row.
                since = try await self.count(db, tenant)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/publish", token: scene.regulator).status == .conflict)
                #expect(try await client.call(.post, "/v1/hazards/\(hazard)/verify", token: scene.institutionToken).status == .forbidden)
                #expect(try await self.count(db, tenant) == since)
            }
        }
    }
}
