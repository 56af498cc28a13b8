import Domain
import Foundation
import HTTPTypes
import Postgres
import Storage
import TestSupport
import Testing

@Suite("Institution register over HTTP")
struct InstitutionAPITests {
    @Test("create, read with ETag, list with filters and cursor pages")
    func lifecycle() async throws {
        try await TestDatabase.with { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                var ids: [String] = []
                for index in 0..<5 {
                    let created = try await client.call(
                        .post,
                        "/v1/institutions",
                        token: token,
                        json: Fixtures.institutionJSON(name: "养老院 \(index)", district: index % 2 == 0 ? "和平区" : "沈河区")
                    )
                    #expect(created.status == .created)
                    let id = try #require(created.json["id"] as? String)
                    #expect(created.headers[.location] == "/v1/institutions/\(id)")
                    #expect(id == id.lowercased())
                    ids.append(id)
                }
                let read = try await client.call(.get, "/v1/institutions/\(ids[0])", token: token)
                #expect(read.status == .ok)
                #expect(read.headers[.eTag] == "\"1\"")
                #expect(read.json["name"] as? String == "养老院 0")
                #expect(read.json["version"] as? Int == 1)

                let filtered = try await client.call(.get, "/v1/institutions?district=%E5%92%8C%E5%B9%B3%E5%8C%BA", token: token)
                #expect(filtered.items.count == 3)
                let named = try await client.call(.get, "/v1/institutions?q=%E9%99%A2%204", token: token)
                #expect(named.items.map { $0["id"] as? String } == [ids[4]])
                let none = try await client.call(.get, "/v1/institutions?status=closed", token: token)
                #expect(none.items.isEmpty)

                var seen: [String] = []
                var cursor: String? = nil
                repeat {
                    let path = "/v1/institutions?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await client.call(.get, path, token: token)
                    #expect(page.items.count <= 2)
                    seen += page.items.compactMap { $0["id"] as? String }
                    cursor = page.json["next_cursor"] as? String
                } while cursor != nil
                #expect(seen == ids)

                let badLimit = try await client.call(.get, "/v1/institutions?limit=0&operator_type=x", token: token)
                #expect(badLimit.status == .unprocessableContent)
                #expect(Set(badLimit.errorFields) == ["limit"] || Set(badLimit.errorFields).contains("limit"))
                let badCursor = try await client.call(.get, "/v1/institutions?cursor=nope", token: token)
                #expect(badCursor.errorFields == ["cursor"])
            }
        }
    }

    @Test("an invalid credit code is 422 naming the field; a duplicate is 409")
    func validation() async throws {
        try await TestDatabase.with { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let invalid = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: token,
                    json: Fixtures.institutionJSON(creditCode: "91350100M000100Y44")
                )
                #expect(invalid.status == .unprocessableContent)
                #expect(invalid.headers[.contentType] == "application/problem+json")
                #expect(invalid.errorFields == ["credit_code"])
                #expect((invalid.json["type"] as? String)?.hasSuffix("/validation") == true)

                let code = Fixtures.creditCode()
                #expect(
                    try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON(creditCode: code)).status
                        == .created
                )
                let duplicate = try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON(creditCode: code))
                #expect(duplicate.status == .conflict)

                let beds = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: token,
                    json: Fixtures.institutionJSON(beds: 10, nursingBeds: 11)
                )
                #expect(beds.errorFields == ["nursing_beds"])

                var unknown = Fixtures.institutionJSON()
                unknown["colour"] = "red"
                let rejected = try await client.call(.post, "/v1/institutions", token: token, json: unknown)
                #expect(rejected.status == .unprocessableContent)
                #expect(rejected.errorFields == ["colour"])

                var wrongType = Fixtures.institutionJSON()
                wrongType["beds"] = "many"
                #expect(try await client.call(.post, "/v1/institutions", token: token, json: wrongType).errorFields == ["beds"])

                let notJSON = try await client.call(.post, "/v1/institutions", token: token, raw: "{not json")
                #expect(notJSON.status == .unprocessableContent)

                let huge = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: token,
                    raw: "{\"name\": \"" + String(repeating: "x", count: 300_000) + "\"}"
                )
                #expect(huge.status == .contentTooLarge)
            }
            let rows = try await db.owner.query("SELECT count(*) FROM institutions")
            #expect(try rows[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test("updates need the current version: stale If-Match is 412, none is 428")
    func concurrency() async throws {
        try await TestDatabase.with { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let created = try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON())
                let id = try #require(created.json["id"] as? String)
                let path = "/v1/institutions/\(id)"
                let updated = try await client.call(.patch, path, token: token, json: ["residents": 90], headers: [.ifMatch: "\"1\""])
                #expect(updated.status == .ok)
                #expect(updated.json["version"] as? Int == 2)
                #expect(updated.headers[.eTag] == "\"2\"")
                let stale = try await client.call(.patch, path, token: token, json: ["residents": 91], headers: [.ifMatch: "\"1\""])
                #expect(stale.status == .preconditionFailed)
                let bodyVersion = try await client.call(.patch, path, token: token, json: ["residents": 91, "version": 1])
                #expect(bodyVersion.status == .preconditionFailed)
                let weak = try await client.call(.patch, path, token: token, json: ["residents": 91], headers: [.ifMatch: "W/\"2\""])
                #expect(weak.status == .preconditionFailed)
                let listed = try await client.call(.patch, path, token: token, json: ["residents": 92], headers: [.ifMatch: "\"7\", \"2\""])
                #expect(listed.status == .ok)
                let any = try await client.call(.patch, path, token: token, json: ["residents": 90], headers: [.ifMatch: "*"])
                #expect(any.json["version"] as? Int == 4)
                let missing = try await client.call(.patch, path, token: token, json: ["residents": 91])
                #expect(missing.status == .preconditionRequired)
                let read = try await client.call(.get, path, token: token)
                #expect(read.json["residents"] as? Int == 90)
            }
            let audit = try await db.owner.query("SELECT action FROM audit_log ORDER BY id")
            #expect(
                try audit.map { try $0.decode(0, as: String.self) }.suffix(4) == [
                    "institution.created", "institution.updated", "institution.updated", "institution.updated",
                ]
            )
            let events = try await db.owner.query("SELECT type, subjects->>'institution_id' FROM events ORDER BY id")
            #expect(
                try events.map { try $0.decode(0, as: String.self) } == [
                    "institution.created", "institution.updated", "institution.updated", "institution.updated",
                ]
            )
        }
    }

    @Test("a replayed Idempotency-Key returns the first response and creates no second row")
    func idempotency() async throws {
        try await TestDatabase.with { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let body = Fixtures.institutionJSON()
                let first = try await client.call(.post, "/v1/institutions", token: token, json: body, headers: [.idempotencyKey: "k-1"])
                let second = try await client.call(.post, "/v1/institutions", token: token, json: body, headers: [.idempotencyKey: "k-1"])
                #expect(first.status == .created)
                #expect(second.status == .created)
                #expect(second.text == first.text)
                #expect(second.headers[.location] == first.headers[.location])
                #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                var other = body
                other["name"] = "另一家"
                let misuse = try await client.call(.post, "/v1/institutions", token: token, json: other, headers: [.idempotencyKey: "k-1"])
                #expect(misuse.status == .unprocessableContent)
            }
            let rows = try await db.owner.query("SELECT count(*), (SELECT count(*) FROM events) FROM institutions")
            #expect(try rows[0].decode(0, as: Int.self) == 1)
            #expect(try rows[0].decode(1, as: Int.self) == 1)
        }
    }

    @Test("a failed mutation leaves no row, no audit entry and no event")
    func atomic() async throws {
        try await TestDatabase.with { db in
            let (_, token) = try await db.makeTenant()
            try await withLiveApp(db) { client in
                let code = Fixtures.creditCode()
                _ = try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON(creditCode: code))
                _ = try await client.call(.post, "/v1/institutions", token: token, json: Fixtures.institutionJSON(creditCode: code))
            }
            let rows = try await db.owner.query(
                "SELECT (SELECT count(*) FROM institutions), (SELECT count(*) FROM events), (SELECT count(*) FROM audit_log WHERE entity_type = 'institution')"
            )
            #expect(try rows[0].decode(0, as: Int.self) == 1)
            #expect(try rows[0].decode(1, as: Int.self) == 1)
            #expect(try rows[0].decode(2, as: Int.self) == 1)
        }
    }
}
