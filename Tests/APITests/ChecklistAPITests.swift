import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Checklist templates and self-assessments")
struct ChecklistAPITests {
    static func item(_ code: String, section: String = "basic_requirements", risk: String? = nil) -> [String: Any] {
        var item: [String: Any] = ["code": code, "section": section, "text": "要求 \(code)", "weight": 2]
        if let risk { item["risk"] = risk } else { item["hazard_category"] = "general" }
        return item
    }

    @Test("the seeded GB 38600 template covers its four parts and all nine risks, for every tenant, read-only")
    func nationalTemplate() async throws {
        try await TestDatabase.with { db in
            let (_, tokenA) = try await db.makeTenant()
            let (_, tokenB) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                for token in [tokenA, tokenB] {
                    let list = try await client.call(.get, "/v1/checklist-templates", token: token)
                    let national = try #require(list.items.first)
                    #expect(national["scope"] as? String == "national")
                    #expect(national["standard"] as? String == "GB 38600-2019")
                }
                let items = try await InspectionScene.nationalItems(client, token: tokenA)
                #expect(
                    Set(items.compactMap { $0["section"] as? String }) == [
                        "basic_requirements", "risk_assessment", "service_protection", "management",
                    ]
                )
                #expect(Set(items.compactMap { $0["risk"] as? String }) == Set(ServiceRisk.allCases.map(\.rawValue)))
                #expect(items.allSatisfy { ($0["text"] as? String)?.isEmpty == false && ($0["text_en"] as? String)?.isEmpty == false })
                let decoded = try JSONDecoder().decode([ChecklistItem].self, from: JSONSerialization.data(withJSONObject: items))
                var validator = Validator()
                ChecklistItem.validate(decoded, into: &validator)
                #expect(validator.errors.isEmpty)
                let id = ChecklistTemplate.nationalGB38600ID.lowercasedString
                let edit = try await client.call(.put, "/v1/checklist-templates/\(id)/draft", token: tokenA, json: ["items": [Self.item("X-1")]])
                #expect(edit.status == .conflict)
                #expect(try await client.call(.post, "/v1/checklist-templates/\(id)/publish", token: tokenA).status == .conflict)
            }
        }
    }

    @Test("tenant templates: drafts, immutable published versions, copies, validation, isolation")
    func tenantTemplates() async throws {
        try await TestDatabase.with { db in
            let (tenant, regulator) = try await db.makeTenant()
            let (_, otherRegulator) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let invalid = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: regulator,
                    json: [
                        "title": "本市补充检查表",
                        "items": [
                            Self.item("A-1"), Self.item("A-1"),
                            ["code": "A 2", "section": "x", "text": "t", "risk": "choking", "hazard_category": "general"],
                        ],
                    ]
                )
                #expect(invalid.status == .unprocessableContent)
                #expect(Set(invalid.errorFields) == ["items[1].code", "items[2].code", "items[2]"])
                let badRisk = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: regulator,
                    json: ["title": "t", "items": [["code": "A", "section": "s", "text": "t", "risk": "boredom"]]]
                )
                #expect(badRisk.errorFields == ["items.[0].risk"] || badRisk.errorFields == ["items[0].risk"])

                let created = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: regulator,
                    json: ["title": "本市补充检查表", "items": [Self.item("A-1"), Self.item("A-2", section: "service_protection", risk: "falls")]]
                )
                #expect(created.status == .created, "\(created.text)")
                let templateID = try #require(created.json["id"] as? String)
                let firstVersion = try #require((created.json["versions"] as? [[String: Any]])?.first?["id"] as? String)
                // A draft cannot be used for an inspection, and other tenants never see it.
                #expect(try await client.call(.get, "/v1/checklist-templates/\(templateID)", token: otherRegulator).status == .notFound)
                #expect(try await client.call(.get, "/v1/checklist-versions/\(firstVersion)", token: otherRegulator).status == .notFound)
                let published = try await client.call(.post, "/v1/checklist-templates/\(templateID)/publish", token: regulator)
                #expect(published.json["state"] as? String == "published")
                #expect(try await client.call(.post, "/v1/checklist-templates/\(templateID)/publish", token: regulator).status == .conflict)

                // Editing a published template opens version 2; version 1 stays as it was.
                let draft = try await client.call(
                    .put,
                    "/v1/checklist-templates/\(templateID)/draft",
                    token: regulator,
                    json: ["items": [Self.item("A-1"), Self.item("A-3")]]
                )
                #expect(draft.json["version"] as? Int == 2)
                #expect(draft.json["state"] as? String == "draft")
                let redraft = try await client.call(
                    .put,
                    "/v1/checklist-templates/\(templateID)/draft",
                    token: regulator,
                    json: ["items": [Self.item("A-1"), Self.item("A-4")]]
                )
                #expect(redraft.json["id"] as? String == draft.json["id"] as? String)
                // A published version cannot be edited directly; the draft can, in place.
                let direct = try await client.call(
                    .put,
                    "/v1/checklist-versions/\(firstVersion)",
                    token: regulator,
                    json: ["items": [Self.item("Z")]]
                )
                #expect(direct.status == .conflict)
                let inPlace = try await client.call(
                    .put,
                    "/v1/checklist-versions/\(try #require(draft.json["id"] as? String))",
                    token: regulator,
                    json: ["items": [Self.item("A-1"), Self.item("A-5")]]
                )
                #expect(inPlace.json["version"] as? Int == 2)
                #expect((inPlace.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["A-1", "A-5"])
                let nationalVersionID = ChecklistTemplate.nationalGB38600ID.lowercasedString.replacingOccurrences(of: "0001", with: "0101")
                #expect(
                    try await client.call(.put, "/v1/checklist-versions/\(nationalVersionID)", token: regulator, json: ["items": [Self.item("Z")]])
                        .status == .conflict
                )
                let v1 = try await client.call(.get, "/v1/checklist-versions/\(firstVersion)", token: regulator)
                #expect((v1.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["A-1", "A-2"])
                // Even the database refuses to change a published version.
                await #expect(throws: LibpqError.self) {
                    try await db.database.withTenant(tenant.id) { transaction in
                        try await transaction.query(
                            "UPDATE checklist_versions SET title = 'changed' WHERE tenant_id = \(tenant.id) AND id = \(UUID(uuidString: firstVersion)!)"
                        )
                    }
                }
                let template = try await client.call(.get, "/v1/checklist-templates/\(templateID)", token: regulator)
                #expect((template.json["versions"] as? [[String: Any]])?.compactMap { $0["state"] as? String } == ["published", "draft"])

                // A copy of the national template carries its items and standard.
                let national = try await client.call(
                    .get,
                    "/v1/checklist-templates/\(ChecklistTemplate.nationalGB38600ID.lowercasedString)",
                    token: regulator
                )
                let nationalVersion = try #require((national.json["versions"] as? [[String: Any]])?.first?["id"] as? String)
                let copy = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: regulator,
                    json: ["copy_from_version_id": nationalVersion, "title": "沈阳市 GB 38600 检查表"]
                )
                #expect(copy.status == .created, "\(copy.text)")
                #expect(copy.json["standard"] as? String == "GB 38600-2019")
                #expect(copy.json["copied_from_version_id"] as? String == nationalVersion)
                let copyDraft = try #require((copy.json["versions"] as? [[String: Any]])?.first?["id"] as? String)
                let copied = try await client.call(.get, "/v1/checklist-versions/\(copyDraft)", token: regulator)
                let nationalItems = try await InspectionScene.nationalItems(client, token: regulator)
                #expect((copied.json["items"] as? [[String: Any]])?.count == nationalItems.count)
                let badCopy = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: regulator,
                    json: ["copy_from_version_id": draft.json["id"] as? String ?? ""]
                )
                #expect(badCopy.errorFields == ["copy_from_version_id"])
            }
        }
    }

    @Test("an inspection keeps the checklist version it was created with when the template moves on")
    func inspectionKeepsVersion() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let created = try await client.call(
                    .post,
                    "/v1/checklist-templates",
                    token: scene.regulator,
                    json: ["title": "夜间检查表", "items": [Self.item("N-1"), Self.item("N-2"), Self.item("N-3")]]
                )
                let templateID = try #require(created.json["id"] as? String)
                let v1 = try await client.call(.post, "/v1/checklist-templates/\(templateID)/publish", token: scene.regulator)
                let v1ID = try #require(v1.json["id"] as? String)
                let inspection = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: [
                        "institution_id": scene.institutionID, "scheduled_on": "2026-12-03", "inspector_ids": scene.inspectorIDs,
                        "checklist_template_version_id": v1ID,
                    ]
                )
                let id = try #require(inspection.json["id"] as? String)
                // Version 2 drops N-3 and is published while the inspection is under way.
                _ = try await client.call(
                    .put,
                    "/v1/checklist-templates/\(templateID)/draft",
                    token: scene.regulator,
                    json: ["items": [Self.item("N-1"), Self.item("N-2")]]
                )
                let v2 = try await client.call(.post, "/v1/checklist-templates/\(templateID)/publish", token: scene.regulator)
                #expect(v2.json["version"] as? Int == 2)
                let results = ["N-1", "N-2", "N-3"].map { ["item_code": $0, "result": "pass"] }
                let token = scene.inspectorTokens[0]
                #expect(try await client.call(.post, "/v1/inspections/\(id)/results", token: token, json: ["results": results]).status == .ok)
                let submitted = try await client.call(.post, "/v1/inspections/\(id)/submit", token: token)
                #expect(submitted.json["template_version_id"] as? String == v1ID)
                #expect((submitted.json["evaluation"] as? [String: Any])?["compliant"] as? Bool == true)
                // A draft can never be inspected against.
                let v3 = try await client.call(
                    .put,
                    "/v1/checklist-templates/\(templateID)/draft",
                    token: scene.regulator,
                    json: ["items": [Self.item("N-1")]]
                )
                let onDraft = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: [
                        "institution_id": scene.institutionID, "scheduled_on": "2026-12-03", "inspector_ids": scene.inspectorIDs,
                        "checklist_template_version_id": try #require(v3.json["id"] as? String),
                    ]
                )
                #expect(onDraft.errorFields == ["checklist_template_version_id"])
            }
        }
    }

    @Test("a self-assessment is the institution's own, and sits beside the latest reviewed inspection with the disagreements")
    func selfAssessment() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let codes = try await InspectionScene.nationalItems(client, token: scene.regulator).compactMap { $0["code"] as? String }
                let allPass = codes.map { ["item_code": $0, "result": "pass"] }
                // Incomplete, or by someone other than an institution: refused.
                let partial = try await client.call(
                    .post,
                    "/v1/self-assessments",
                    token: scene.institutionToken,
                    json: ["results": Array(allPass.prefix(3))]
                )
                #expect(partial.errorFields == ["results"])
                #expect(
                    try await client.call(.post, "/v1/self-assessments", token: scene.regulator, json: ["results": allPass]).status
                        == .notFound
                )
                // An institution assesses only itself: it cannot name another.
                let other = try await client.call(
                    .post,
                    "/v1/self-assessments",
                    token: scene.institutionToken,
                    json: ["results": allPass, "institution_id": UUID().uuidString]
                )
                #expect(other.errorFields == ["institution_id"])
                let submitted = try await client.call(.post, "/v1/self-assessments", token: scene.institutionToken, json: ["results": allPass])
                #expect(submitted.status == .created, "\(submitted.text)")
                #expect((submitted.json["evaluation"] as? [String: Any])?["compliant"] as? Bool == true)
                let id = try #require(submitted.json["id"] as? String)

                // Before any reviewed inspection there is nothing to disagree with.
                var comparison = try await client.call(.get, "/v1/self-assessments/\(id)/comparison", token: scene.regulator)
                #expect(comparison.json["inspection"] is NSNull)
                #expect((comparison.json["disagreements"] as? [Any])?.isEmpty == true)

                let created = try await client.call(
                    .post,
                    "/v1/inspections",
                    token: scene.regulator,
                    json: ["institution_id": scene.institutionID, "scheduled_on": "2026-12-02", "inspector_ids": scene.inspectorIDs]
                )
                let inspectionID = try #require(created.json["id"] as? String)
                let failed = [codes[2], codes[5]]
                let results = codes.map { ["item_code": $0, "result": failed.contains($0) ? "fail" : "pass"] }
                let inspector = scene.inspectorTokens[0]
                _ = try await client.call(.post, "/v1/inspections/\(inspectionID)/results", token: inspector, json: ["results": results])
                #expect(try await client.call(.post, "/v1/inspections/\(inspectionID)/submit", token: inspector).status == .ok)
                // Submitted but not reviewed: still nothing to compare with.
                comparison = try await client.call(.get, "/v1/self-assessments/\(id)/comparison", token: scene.regulator)
                #expect(comparison.json["inspection"] is NSNull)
                #expect(try await client.call(.post, "/v1/inspections/\(inspectionID)/review", token: scene.regulator).status == .ok)
                comparison = try await client.call(.get, "/v1/self-assessments/\(id)/comparison", token: scene.regulator)
                #expect((comparison.json["inspection"] as? [String: Any])?["id"] as? String == inspectionID)
                let disagreements = try #require(comparison.json["disagreements"] as? [[String: Any]])
                #expect(disagreements.compactMap { $0["item_code"] as? String } == failed)
                #expect(disagreements.first?["self_assessed"] as? String == "pass")
                #expect(disagreements.first?["inspected"] as? String == "fail")

                // Institutions see their own only; the comparison is the regulator's.
                let second = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON())
                let secondToken = try await db.issueToken(
                    tenant: scene.tenant.id,
                    role: .institution,
                    subject: UUID(uuidString: try #require(second.json["id"] as? String))
                )
                #expect(try await client.call(.get, "/v1/self-assessments/\(id)", token: secondToken).status == .notFound)
                #expect(try await client.call(.get, "/v1/self-assessments", token: secondToken).items.isEmpty)
                #expect(try await client.call(.get, "/v1/self-assessments", token: scene.institutionToken).items.count == 1)
                #expect(try await client.call(.get, "/v1/self-assessments/\(id)/comparison", token: scene.institutionToken).status == .notFound)
                let (_, otherRegulator) = try await db.makeTenant()
                #expect(try await client.call(.get, "/v1/self-assessments/\(id)", token: otherRegulator).status == .notFound)
            }
        }
    }
}
