import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import API

/// Who complained is read by the person handling the case alone, once one is assigned;
/// the case's page shows it to that person and hides it from everyone else, and its forms
/// take the case's steps.
@Suite("A case's handler and the case's page")
struct CaseHandlerTests {
    typealias Page = WorkbenchRecordTests

    @Test("a person assigned to a case alone reads who complained; tokens, colleagues, other tenants and other roles are refused")
    func handlerOnly() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 1)
                let named = try await CaseAPITests.complain(
                    client,
                    scene.regulator,
                    ["institution_id": scene.institutionID, "name": CaseAPITests.name, "contact": CaseAPITests.contact]
                )
                let caseID = try #require(named.json["case_id"] as? String, "\(named.text)")
                let path = "/w/cases/\(caseID)"

                // Before anyone is assigned, the tenant's regulators (the intake desk) read it.
                let complainants = "/v1/cases/\(caseID)/complainants"
                #expect(try await client.call(.get, complainants, token: scene.regulator).items.first?["name"] as? String == CaseAPITests.name)
                let handlerAccount = try await db.makeAccount(tenant: scene.tenant.id)
                let handler = try #require(try await client.signIn(handlerAccount))
                let colleague = try await client.signInRegulator(db, tenant: scene.tenant.id)
                let before = try await Page.get(client, path, colleague)
                #expect(before.status == .ok && before.text.contains(CaseAPITests.name), "\(before.text.prefix(300))")

                // Only a regulator's account of this tenant can be assigned.
                let inspectorAccount = try await db.makeAccount(
                    tenant: scene.tenant.id,
                    role: .inspector,
                    subject: UUID(uuidString: scene.inspectorIDs[0])
                )
                for account in [inspectorAccount.id, UUID()] {
                    let refused = try await CaseAPITests.step(client, scene.regulator, caseID, "assign", ["handler_account_id": account.uuidString])
                    #expect(refused.status == .unprocessableContent && refused.errorFields == ["handler_account_id"], "\(refused.text)")
                }
                let wrongStep = try await CaseAPITests.step(
                    client,
                    scene.regulator,
                    caseID,
                    "accept",
                    ["handler_account_id": handlerAccount.id.uuidString]
                )
                #expect(wrongStep.errorFields == ["handler_account_id"])

                // The person takes it on from the page; the case names them.
                let taken = try await Page.submit(client, path, to: path, ["action": "assign-me"], handler)
                #expect(taken.status == .seeOther, "\(taken.text.prefix(300))")
                let read = try await client.call(.get, "/v1/cases/\(caseID)", token: scene.regulator)
                #expect(read.json["handler_account_id"] as? String == handlerAccount.id.lowercasedString)
                #expect((read.json["handler"] as? String ?? "").isEmpty == false)

                // From now on: the token is refused, the colleague's page hides the complainant,
                // and the handler's page shows the name and contact.
                let token = try await client.call(.get, complainants, token: scene.regulator)
                #expect(token.status == .forbidden, "\(token.text)")
                let hidden = try await Page.get(client, path, colleague)
                #expect(hidden.status == .ok && !hidden.text.contains(CaseAPITests.name) && !hidden.text.contains(CaseAPITests.contact))
                #expect(hidden.text.contains("data-complainants-hidden"))
                let shown = try await Page.get(client, path, handler)
                #expect(shown.text.contains(CaseAPITests.name) && shown.text.contains(CaseAPITests.contact))
                #expect(!shown.text.contains("data-take"))
                // The receipt's channel as a word, not its code.
                #expect(shown.text.contains("12345热线") && !shown.text.contains("hotline_12345"))

                // Steps by the page's forms: accept; a conclusion without a result comes back
                // with the reason and what was typed; then concluded.
                #expect(try await Page.submit(client, path, to: path, ["action": "accept"], handler).status == .seeOther)
                let typed = "核实夜班配备两名护理员"
                let incomplete = try await Page.submit(
                    client,
                    path,
                    to: path,
                    ["action": "conclude", "text": typed, "reply": "经核查属实，已责令整改"],
                    handler
                )
                #expect(incomplete.status == .unprocessableContent && incomplete.text.contains(typed), "\(incomplete.text.prefix(300))")
                let concluded = try await Page.submit(
                    client,
                    path,
                    to: path,
                    ["action": "conclude", "result": "substantiated", "text": typed, "reply": "经核查属实，已责令整改"],
                    handler
                )
                #expect(concluded.status == .seeOther)
                let after = try await client.call(.get, "/v1/cases/\(caseID)", token: scene.regulator)
                #expect(after.json["state"] as? String == "concluded" && after.json["result"] as? String == "substantiated")
                let timeline = try await Page.get(client, path, handler)
                #expect(timeline.text.contains("已办结") || timeline.text.contains("办结"))

                // Other roles and tenants: 404 on the page and on its form.
                let inspectorSession = try #require(try await client.signIn(inspectorAccount))
                #expect(try await Page.get(client, path, inspectorSession).status == .notFound)
                let (other, _) = try await db.makeTenant()
                let stranger = try await client.signInRegulator(db, tenant: other.id)
                #expect(try await Page.get(client, path, stranger).status == .notFound)
                #expect(try await Page.submit(client, "/w", to: path, ["action": "assign-me"], stranger).status == .notFound)

                // Every read of who complained is in the trail, with the person who read it.
                let reads = try await db.owner.query(
                    """
                    SELECT count(*) FILTER (WHERE actor_account_id = \(handlerAccount.id))::int AS by_handler, count(*)::int AS all_reads
                    FROM audit_log WHERE tenant_id = \(scene.tenant.id) AND action = 'case.complainants_read'
                    """
                )
                #expect(try reads[0].decode("by_handler", as: Int.self) >= 2)
                #expect(try reads[0].decode("all_reads", as: Int.self) >= 4)
            }
        }
    }
}
