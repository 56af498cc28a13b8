import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// A planned draw and a rating draft can be discarded; a committed draw and a
/// published rating are records and stay, whoever asks the database.
@Suite("Discarding what was never a record")
struct DiscardAPITests {
    @Test("a planned draw goes, a committed one stays; a draft rating goes, a published one stays")
    func discard() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let planned = try #require(
                    try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "试抽", "sample": 1]).json["id"] as? String
                )
                #expect(try await client.call(.delete, "/v1/draws/\(planned)", token: scene.inspectorTokens[0]).status == .notFound)
                #expect(try await client.call(.delete, "/v1/draws/\(planned)", token: scene.regulator).status == .noContent)
                #expect(try await client.call(.get, "/v1/draws/\(planned)", token: scene.regulator).status == .notFound)
                #expect(try await client.call(.delete, "/v1/draws/\(planned)", token: scene.regulator).status == .notFound)

                let drawn = try #require(
                    try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "正式", "sample": 1]).json["id"] as? String
                )
                let committed = try await client.call(.post, "/v1/draws/\(drawn)/commit", token: scene.regulator)
                #expect(committed.status == .ok, "\(committed.text)")
                #expect(try await client.call(.delete, "/v1/draws/\(drawn)", token: scene.regulator).status == .conflict)
                await #expect(throws: (any Error).self) { try await db.owner.query("DELETE FROM draws WHERE id = \(UUID(uuidString: drawn)!)") }

                func draft() async throws -> String {
                    let created = try await client.call(
                        .post,
                        "/v1/ratings",
                        token: scene.regulator,
                        json: ["institution_id": scene.institutionID, "scores": RatingBlacklistAPITests.fiveStars, "operating_since": "2020-05-01"]
                    )
                    return try #require(created.json["id"] as? String, "\(created.text)")
                }
                let published = try await draft()
                #expect(try await client.call(.post, "/v1/ratings/\(published)/publish", token: scene.regulator).status == .ok)
                #expect(try await client.call(.delete, "/v1/ratings/\(published)", token: scene.regulator).status == .conflict)
                let refused = try await draft()
                #expect(try await client.call(.delete, "/v1/ratings/\(refused)", token: scene.institutionToken).status == .notFound)
                #expect(try await client.call(.delete, "/v1/ratings/\(refused)", token: scene.regulator).status == .noContent)
                #expect(try await client.call(.get, "/v1/ratings/\(refused)", token: scene.regulator).status == .notFound)

                let audit = try await db.owner.query("SELECT action FROM audit_log WHERE action LIKE '%.discarded' ORDER BY id").map {
                    try $0.decode(0, as: String.self)
                }
                #expect(audit == ["draw.discarded", "rating.discarded"])
            }
        }
    }
}
