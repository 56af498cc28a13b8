import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// What a person needs to do the day's work (issue 19, first part): names beside ids,
/// an inspector who can find the institutions it must inspect and the hazards it must
/// re-check, and an institution that can list its own published inspections; nobody
/// else's.
@Suite("Names and reach: inspectors find their institutions, institutions their inspections")
struct NamesAndReachAPITests {
    @Test("inspections carry names; each role reaches its own and nothing else")
    func namesAndReach() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let other = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: scene.regulator,
                    json: Fixtures.institutionJSON(name: "河西区颐养中心", district: "河西区")
                )
                let otherID = try #require(other.json["id"] as? String)
                let created = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-01", "inspector_ids": [scene.inspectorIDs[0]]]
                )
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                // Names beside the ids, in the answer and in every later read.
                for reply in [created, try await client.call(.get, "/v1/inspections/\(id)", token: scene.regulator)] {
                    let institution = try #require(reply.json["institution"] as? [String: Any])
                    #expect(institution["name"] as? String == "和平区社会福利院")
                    #expect(institution["address"] as? String == "南京南街 25 号")
                    #expect(institution["contact_phone"] as? String == "024-8100-2000")
                    let inspectors = try #require(reply.json["inspectors"] as? [[String: Any]])
                    #expect(inspectors.map { $0["name"] as? String } == ["检查员0"])
                    #expect(inspectors.map { $0["id"] as? String } == [scene.inspectorIDs[0]])
                }
                let assigned = try await client.call(.get, "/v1/me/inspections", token: scene.inspectorTokens[0])
                #expect((assigned.items.first?["institution"] as? [String: Any])?["name"] as? String == "和平区社会福利院")

                // The assigned inspector finds its institution; not another, and another inspector not this one.
                let found = try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.inspectorTokens[0])
                #expect(found.status == .ok, "\(found.text)")
                #expect(found.json["address"] as? String == "南京南街 25 号")
                #expect(try await client.call(.get, "/v1/institutions/\(otherID)", token: scene.inspectorTokens[0]).status == .notFound)
                #expect(try await client.call(.get, "/v1/institutions/\(scene.institutionID)", token: scene.inspectorTokens[1]).status == .notFound)
                #expect(try await client.call(.get, "/v1/institutions", token: scene.inspectorTokens[0]).status == .notFound)

                // The institution lists nothing before publication.
                #expect(try await client.call(.get, "/v1/inspections", token: scene.institutionToken).items.isEmpty)

                // Work it through: one failed fire item with a major finding, then publish.
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let fireCode = try #require(
                    items.first { $0["fire_related"] as? Bool == true && $0["mandatory"] as? Bool == true }?["code"] as? String
                )
                let results = items.compactMap { $0["code"] as? String }.map { code -> [String: Any] in
                    code == fireCode
                        ? ["item_code": code, "result": "fail", "finding": ["description": "二楼安全出口被杂物堵塞", "major": true]]
                        : ["item_code": code, "result": "pass"]
                }
                let recorded = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/results",
                    token: scene.inspectorTokens[0],
                    json: ["results": results]
                )
                #expect(recorded.status == .ok, "\(recorded.text)")
                #expect(try await client.call(.post, "/v1/inspections/\(id)/submit", token: scene.inspectorTokens[0]).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.regulator).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/publish", token: scene.regulator).status == .ok)

                // Published: the institution lists it, and only its own published ones.
                let listed = try await client.call(.get, "/v1/inspections", token: scene.institutionToken)
                #expect(listed.status == .ok)
                #expect(listed.items.compactMap { $0["id"] as? String } == [id])
                #expect(try await client.call(.get, "/v1/inspections?state=reviewed", token: scene.institutionToken).items.isEmpty)
                #expect(try await client.call(.get, "/v1/inspections?institution_id=\(otherID)", token: scene.institutionToken).items.isEmpty)
                #expect(try await client.call(.get, "/v1/inspections", token: scene.inspectorTokens[0]).status == .notFound)

                // The hazard the review made: the inspector who found it lists it, the other does not.
                let hazards = try await client.call(.get, "/v1/hazards", token: scene.inspectorTokens[0])
                #expect(hazards.status == .ok, "\(hazards.text)")
                #expect(hazards.items.map { $0["description"] as? String } == ["二楼安全出口被杂物堵塞"])
                #expect(hazards.items.first?["inspection_id"] as? String == id)
                #expect((hazards.items.first?["institution"] as? [String: Any])?["name"] as? String == "和平区社会福利院")
                // Read with the hazard, never stored in its document.
                let stored = try await db.owner.query("SELECT count(*) FROM hazards WHERE jsonb_typeof(doc->'institution') = 'object'")[0].decode(
                    0,
                    as: Int.self
                )
                #expect(stored == 0)
                #expect(try await client.call(.get, "/v1/hazards", token: scene.inspectorTokens[1]).items.isEmpty)
                let regulators = try await client.call(.get, "/v1/hazards", token: scene.regulator)
                #expect(regulators.items.count == 1)
            }
        }
    }

    @Test("a credit code finds its institution; a parameter no list takes is refused, not ignored")
    func creditCodeAndUnknownParameters() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (_, regulator) = try await db.makeTenant()
                let code = Fixtures.creditCode()
                let created = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON(creditCode: code))
                _ = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON(name: "另一家养老院"))
                let found = try await client.call(.get, "/v1/institutions?credit_code=\(code.lowercased())", token: regulator)
                #expect(found.items.compactMap { $0["id"] as? String } == [try #require(created.json["id"] as? String)])
                #expect(try await client.call(.get, "/v1/institutions?credit_code=\(Fixtures.creditCode())", token: regulator).items.isEmpty)
                // A misspelt filter used to return the whole register.
                let misspelt = try await client.call(.get, "/v1/institutions?creditcode=\(code)", token: regulator)
                #expect(misspelt.status == .unprocessableContent)
                #expect(misspelt.errorFields == ["creditcode"])
                let draws = try await client.call(.get, "/v1/draws?state=drawn", token: regulator)
                #expect(draws.status == .unprocessableContent)
                #expect(draws.errorFields == ["state"])
                // The parameters every list takes still pass.
                #expect(try await client.call(.get, "/v1/draws?limit=5", token: regulator).status == .ok)
            }
        }
    }

    @Test("every missing field is named in one answer, not one per request")
    func missingFieldsAtOnce() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let hazard = try await client.call(.post, "/v1/hazards", token: scene.institutionToken, json: ["category": "general"])
                #expect(hazard.status == .unprocessableContent)
                #expect(hazard.errorFields == ["description", "location", "responsible_person"])
                // A UUID, a date and an array, all missing.
                let inspection = try await client.call(.post, "/v1/inspections", token: scene.regulator, json: [:])
                #expect(inspection.status == .unprocessableContent)
                #expect(inspection.errorFields == ["inspector_ids", "institution_id", "scheduled_on"], "\(inspection.text)")
                // A wrong type is still named as such.
                let typed = try await client.call(
                    .post,
                    "/v1/hazards",
                    token: scene.institutionToken,
                    json: ["category": "general", "description": 5, "location": "x", "responsible_person": "y"]
                )
                #expect(typed.errorFields == ["description"])
            }
        }
    }
}
