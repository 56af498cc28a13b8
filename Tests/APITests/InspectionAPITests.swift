import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing

/// A tenant with an institution and inspectors, built through the API.
struct InspectionScene {
    var tenant: Tenant
    var regulator: String
    var institutionID: String
    var inspectorIDs: [String]
    var inspectorTokens: [String]
    var institutionToken: String

    static func make(_ db: TestDatabase, _ client: any TestClientProtocol, inspectors: Int = 2) async throws -> InspectionScene {
        let (tenant, regulator) = try await db.makeTenant()
        let institution = try await client.call(.post, "/v1/institutions", token: regulator, json: Fixtures.institutionJSON())
        let institutionID = try #require(institution.json["id"] as? String)
        var ids: [String] = []
        var tokens: [String] = []
        for index in 0..<inspectors {
            let created = try await client.call(
                .post,
                "/v1/inspectors",
                token: regulator,
                json: ["name": "检查员\(index)", "certificate_number": "ZF-\(UUID().uuidString.prefix(8))", "districts": ["和平区"]]
            )
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            ids.append(id)
            tokens.append(try await db.issueToken(tenant: tenant.id, role: .inspector, subject: UUID(uuidString: id)))
        }
        let institutionToken = try await db.issueToken(tenant: tenant.id, role: .institution, subject: UUID(uuidString: institutionID))
        return InspectionScene(
            tenant: tenant,
            regulator: regulator,
            institutionID: institutionID,
            inspectorIDs: ids,
            inspectorTokens: tokens,
            institutionToken: institutionToken
        )
    }

    /// The national GB 38600 checklist's item codes, in order.
    static func nationalItems(_ client: any TestClientProtocol, token: String) async throws -> [[String: Any]] {
        let template = try await client.call(.get, "/v1/checklist-templates/\(ChecklistTemplate.nationalGB38600ID.lowercasedString)", token: token)
        let versions = try #require(template.json["versions"] as? [[String: Any]])
        let versionID = try #require(versions.last?["id"] as? String)
        let version = try await client.call(.get, "/v1/checklist-versions/\(versionID)", token: token)
        return try #require(version.json["items"] as? [[String: Any]])
    }
}

@Suite("Inspections: assignment, results, workflow, review, compliance")
struct InspectionAPITests {
    @Test("an inspection runs planned → in_progress → submitted → returned → submitted → reviewed → published")
    func workflow() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let codes = items.compactMap { $0["code"] as? String }
                let fireItem = try #require(items.first { $0["fire_related"] as? Bool == true && $0["mandatory"] as? Bool == true })
                let fireCode = try #require(fireItem["code"] as? String)

                let created = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-01", "inspector_ids": [scene.inspectorIDs[0]]]
                )
                #expect(created.status == .created, "\(created.text)")
                #expect(created.json["state"] as? String == "planned")
                let id = try #require(created.json["id"] as? String)

                // Only the assigned inspector sees it; the institution not before publication.
                let mine = try await client.call(.get, "/v1/me/inspections", token: scene.inspectorTokens[0])
                #expect(mine.items.compactMap { $0["id"] as? String } == [id])
                #expect(try await client.call(.get, "/v1/me/inspections", token: scene.inspectorTokens[1]).items.isEmpty)
                #expect(try await client.call(.get, "/v1/inspections/\(id)", token: scene.inspectorTokens[1]).status == .notFound)
                #expect(try await client.call(.get, "/v1/inspections/\(id)", token: scene.institutionToken).status == .notFound)
                let other = try await client.call(.post, "/v1/inspections/\(id)/results", token: scene.inspectorTokens[1], json: ["results": []])
                #expect(other.status == .notFound)

                // Not allowed from planned; bad results are refused naming the field.
                #expect(try await client.call(.post, "/v1/inspections/\(id)/submit", token: scene.inspectorTokens[0]).status == .conflict)
                let unknown = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/results",
                    token: scene.inspectorTokens[0],
                    json: ["results": [["item_code": "NOPE-1", "result": "pass"]]]
                )
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.errorFields == ["results[0].item_code"])
                let notApplicable = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/results",
                    token: scene.inspectorTokens[0],
                    json: ["results": [["item_code": fireCode, "result": "not_applicable"]]]
                )
                #expect(notApplicable.errorFields == ["results[0].result"])
                let badHash = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/results",
                    token: scene.inspectorTokens[0],
                    json: [
                        "results": [
                            [
                                "item_code": fireCode, "result": "pass",
                                "attachments": [["file_name": "../x.jpg", "sha256": "abc", "size": 1]],
                                "finding": ["description": "x", "major": false],
                            ]
                        ]
                    ]
                )
                #expect(
                    Set(badHash.errorFields)
                        == ["results[0].attachments[0].file_name", "results[0].attachments[0].sha256", "results[0].finding"]
                )

                // Half the items: recording starts the inspection, submitting is refused.
                let photo = try await client.uploadEvidence(token: scene.inspectorTokens[0], fileName: "exit.jpg")
                let first = codes.prefix(10).map { code -> [String: Any] in
                    code == fireCode
                        ? [
                            "item_code": code, "result": "fail", "note": "疏散通道堵塞",
                            "attachments": [photo],
                            "finding": ["description": "二楼安全出口被杂物堵塞", "major": true],
                        ]
                        : ["item_code": code, "result": "pass"]
                }
                let recorded = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/results",
                    token: scene.inspectorTokens[0],
                    json: ["results": first]
                )
                #expect(recorded.status == .ok, "\(recorded.text)")
                #expect(recorded.json["state"] as? String == "in_progress")
                let early = try await client.call(.post, "/v1/inspections/\(id)/submit", token: scene.inspectorTokens[0])
                #expect(early.status == .unprocessableContent)
                #expect(early.errorFields == codes.dropFirst(10).map { "results.\($0)" })

                let rest = codes.dropFirst(10).map { ["item_code": $0, "result": "pass"] }
                #expect(
                    try await client.call(.post, "/v1/inspections/\(id)/results", token: scene.inspectorTokens[0], json: ["results": rest]).status
                        == .ok
                )
                let submitted = try await client.call(.post, "/v1/inspections/\(id)/submit", token: scene.inspectorTokens[0])
                #expect(submitted.json["state"] as? String == "submitted")
                let evaluation = try #require(submitted.json["evaluation"] as? [String: Any])
                #expect(evaluation["compliant"] as? Bool == false)
                #expect(evaluation["failed_codes"] as? [String] == [fireCode])

                // Judging is the regulator's; results are frozen once submitted.
                #expect(try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.inspectorTokens[0]).status == .forbidden)
                #expect(
                    try await client.call(.post, "/v1/inspections/\(id)/results", token: scene.inspectorTokens[0], json: ["results": rest]).status
                        == .conflict
                )
                let noReason = try await client.call(.post, "/v1/inspections/\(id)/return", token: scene.regulator, json: [:])
                #expect(noReason.errorFields == ["reason"])
                let returned = try await client.call(
                    .post,
                    "/v1/inspections/\(id)/return",
                    token: scene.regulator,
                    json: ["reason": "请补充照片"]
                )
                #expect(returned.json["state"] as? String == "in_progress")
                #expect(returned.json["return_reason"] as? String == "请补充照片")
                #expect(try await client.call(.post, "/v1/inspections/\(id)/submit", token: scene.inspectorTokens[0]).status == .ok)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/publish", token: scene.regulator).status == .conflict)
                #expect(try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.regulator).status == .ok)
                let published = try await client.call(.post, "/v1/inspections/\(id)/publish", token: scene.regulator)
                #expect(published.json["state"] as? String == "published")
                let steps = try #require(published.json["steps"] as? [[String: Any]])
                #expect(steps.compactMap { $0["action"] as? String } == ["start", "submit", "return", "submit", "review", "publish"])
                #expect(
                    steps.compactMap { $0["actor_role"] as? String } == [
                        "inspector", "inspector", "regulator", "inspector", "regulator", "regulator",
                    ]
                )

                // Published: the institution reads it, with its finding waiting to become a hazard.
                let seen = try await client.call(.get, "/v1/inspections/\(id)", token: scene.institutionToken)
                #expect(seen.status == .ok)
                let findings = try #require(seen.json["findings"] as? [[String: Any]])
                #expect(findings.count == 1)
                #expect(findings.first?["item_code"] as? String == fireCode)
                #expect(findings.first?["fire_related"] as? Bool == true)
                #expect(findings.first?["major"] as? Bool == true)
                // A fire-related finding became a hazard to rectify, for the institution to see.
                let hazardID = try #require(findings.first?["hazard_id"] as? String)
                let hazard = try await client.call(.get, "/v1/hazards/\(hazardID)", token: scene.institutionToken)
                #expect(hazard.json["source"] as? String == "inspection")
                #expect(hazard.json["major"] as? Bool == true && hazard.json["state"] as? String == "open")

                // Events: assigned to the inspector only; published to the institution too.
                let events = try await db.owner.query(
                    "SELECT type, subjects FROM events WHERE tenant_id = \(scene.tenant.id) AND type LIKE 'inspection.%' ORDER BY id"
                )
                let types = try events.map { try $0.decode(0, as: String.self) }
                #expect(
                    types == ["inspection.assigned", "inspection.submitted", "inspection.returned", "inspection.submitted", "inspection.published"]
                )
                let assigned = try events[0].decode(1, as: String.self)
                #expect(assigned.contains(scene.inspectorIDs[0]) && !assigned.contains(scene.institutionID), "\(assigned)")
                #expect(try events[4].decode(1, as: String.self).contains(scene.institutionID))
                let audit = try await db.owner.query(
                    "SELECT count(*) FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND entity_type = 'inspection'"
                )
                #expect(try audit[0].decode(0, as: Int.self) == 9)
            }
        }
    }

    @Test("assignment refuses unknown, inactive and conflicted inspectors, bad dates, and other tenants' records")
    func assignmentRules() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 3)
                let (_, otherRegulator) = try await db.makeTenant()
                let declared = try await client.call(
                    .post,
                    "/v1/inspectors/\(scene.inspectorIDs[0])/conflicts",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "reason": "亲属在该机构任职"]
                )
                #expect(declared.status == .created)
                let again = try await client.call(
                    .post,
                    "/v1/inspectors/\(scene.inspectorIDs[0])/conflicts",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "reason": "重复"]
                )
                #expect(again.status == .conflict)
                let affiliated = try await client.call(
                    .patch,
                    "/v1/inspectors/\(scene.inspectorIDs[1])",
                    token: scene.regulator,
                    json: ["affiliations": [scene.institutionID]],
                    headers: [.ifMatch: "\"1\""]
                )
                #expect(affiliated.status == .ok)
                #expect(affiliated.headers[.eTag] == "\"2\"")
                let inactive = try await client.call(
                    .patch,
                    "/v1/inspectors/\(scene.inspectorIDs[2])",
                    token: scene.regulator,
                    json: ["active": false, "version": 1]
                )
                #expect(inactive.status == .ok)
                func assign(_ ids: [String], date: String = "2026-12-01", token: String? = nil) async throws -> JSONReply {
                    try await client.call(
                        .post,
                        "/v1/inspections",
                        token: token ?? scene.regulator,
                        json: ["institution_id": scene.institutionID, "scheduled_on": date, "inspector_ids": ids]
                    )
                }
                for id in scene.inspectorIDs {
                    let refused = try await assign([id])
                    #expect(refused.status == .unprocessableContent, "\(refused.text)")
                    #expect(refused.errorFields == ["inspector_ids"])
                }
                #expect(try await assign([UUID().uuidString]).errorFields == ["inspector_ids"])
                #expect(try await assign([]).errorFields == ["inspector_ids"])
                #expect(try await assign([scene.inspectorIDs[0]], date: "2026-02-30").errorFields.contains("scheduled_on"))
                // Another tenant can neither use these records nor see them.
                #expect(try await assign(scene.inspectorIDs, token: otherRegulator).errorFields == ["institution_id"])
                #expect(try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[0])", token: otherRegulator).status == .notFound)
                #expect(try await client.call(.get, "/v1/inspectors", token: otherRegulator).items.isEmpty)
                #expect(try await client.call(.get, "/v1/inspections", token: otherRegulator).items.isEmpty)
                // Certificate numbers are unique per tenant; inspector tokens need a real inspector.
                let inspector = try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[0])", token: scene.regulator)
                let certificate = try #require(inspector.json["certificate_number"] as? String)
                let duplicate = try await client.call(
                    .post,
                    "/v1/inspectors",
                    token: scene.regulator,
                    json: ["name": "重名", "certificate_number": certificate]
                )
                #expect(duplicate.status == .conflict)
                let elsewhere = try await client.call(
                    .post,
                    "/v1/inspectors",
                    token: otherRegulator,
                    json: ["name": "他处", "certificate_number": certificate]
                )
                #expect(elsewhere.status == .created)
                let orphan = try await client.call(
                    .post,
                    "/v1/tokens",
                    token: scene.regulator,
                    json: ["role": "inspector", "subject_id": UUID().uuidString]
                )
                #expect(orphan.errorFields == ["subject_id"])
                // An inspector reads its own record only.
                #expect(try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[0])", token: scene.inspectorTokens[0]).status == .ok)
                #expect(try await client.call(.get, "/v1/inspectors/\(scene.inspectorIDs[1])", token: scene.inspectorTokens[0]).status == .notFound)
            }
        }
    }

    @Test("the compliance indicator counts active institutions by their latest reviewed GB 38600 inspection")
    func complianceIndicator() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let items = try await InspectionScene.nationalItems(client, token: scene.regulator)
                let codes = items.compactMap { $0["code"] as? String }
                let failing = try #require(items.first { $0["mandatory"] as? Bool == true }?["code"] as? String)
                let second = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let secondID = try #require(second.json["id"] as? String)
                let closed = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                #expect(
                    try await client.call(
                        .patch,
                        "/v1/institutions/\(try #require(closed.json["id"] as? String))",
                        token: scene.regulator,
                        json: ["status": "closed"],
                        headers: [.ifMatch: "\"1\""]
                    ).status == .ok
                )

                func inspect(_ institution: String, failing: String?) async throws {
                    let created = try await client.call(
                        .post,
                        "/v1/inspections",
                        token: scene.regulator,
                        json: ["institution_id": institution, "scheduled_on": "2026-11-30", "inspector_ids": scene.inspectorIDs]
                    )
                    let id = try #require(created.json["id"] as? String)
                    let results = codes.map { ["item_code": $0, "result": $0 == failing ? "fail" : "pass"] }
                    let token = scene.inspectorTokens[0]
                    #expect(try await client.call(.post, "/v1/inspections/\(id)/results", token: token, json: ["results": results]).status == .ok)
                    #expect(try await client.call(.post, "/v1/inspections/\(id)/submit", token: token).status == .ok)
                    #expect(try await client.call(.post, "/v1/inspections/\(id)/review", token: scene.regulator).status == .ok)
                }
                // First institution: compliant, then a later failing inspection (the latest counts).
                try await inspect(scene.institutionID, failing: nil)
                var indicator = try await client.call(.get, "/v1/indicators/compliance", token: scene.regulator)
                #expect(indicator.json["active_institutions"] as? Int == 2)
                #expect(indicator.json["compliant"] as? Int == 1)
                #expect(indicator.json["rate"] as? Double == 0.5)
                #expect(indicator.json["not_inspected"] as? [String] == [secondID])
                try await inspect(scene.institutionID, failing: failing)
                try await inspect(secondID, failing: nil)
                indicator = try await client.call(.get, "/v1/indicators/compliance", token: scene.regulator)
                #expect(indicator.json["target"] as? Double == 1)
                #expect(indicator.json["inspected"] as? Int == 2)
                #expect(indicator.json["rate"] as? Double == 0.5)
                // The counts-only query agrees with the full computation.
                let counts = try await db.database.withTenant(scene.tenant.id) { transaction in
                    try await IndicatorStore().complianceCounts(transaction, standard: ChecklistTemplate.gb38600)
                }
                #expect(counts.compliant == 1 && counts.operating == 2)
                let nonCompliant = try #require(indicator.json["non_compliant"] as? [[String: Any]])
                #expect(nonCompliant.compactMap { $0["institution_id"] as? String } == [scene.institutionID])
                let failed = try #require(nonCompliant.first?["failed_items"] as? [[String: Any]])
                #expect(failed.compactMap { $0["code"] as? String } == [failing])
                #expect((failed.first?["text"] as? String)?.isEmpty == false)
                #expect(try await client.call(.get, "/v1/indicators/compliance", token: scene.inspectorTokens[0]).status == .notFound)
                let (_, otherRegulator) = try await db.makeTenant()
                let empty = try await client.call(.get, "/v1/indicators/compliance", token: otherRegulator)
                #expect(empty.json["active_institutions"] as? Int == 0)
            }
        }
    }
}
