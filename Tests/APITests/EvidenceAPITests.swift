import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import TestSupport
import Testing

/// The evidence store over real HTTP: uploads streamed into PostgreSQL in chunks,
/// named by the server's SHA-256, recognised by content, stored once; read back by the
/// uploader, the regulator, and whoever may read a record that names the file.
@Suite("Evidence store: upload, deduplication, EXIF, reading through records")
struct EvidenceAPITests {
    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(self.body))) as? [String: Any] ?? [:] }
        var errorFields: [String] { (self.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
    }

    func send(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method = .post,
        _ uri: String = "/v1/files",
        token: String,
        bytes: [UInt8]? = nil,
        contentType: String = "application/octet-stream"
    ) async throws -> Reply {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if bytes != nil { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }) {
            Reply(status: $0.status, headers: $0.headers, body: Array($0.body.readableBytesView))
        }
    }

    func multipart(_ file: [UInt8], boundary: String = "----oversight7MA4YWxk", fileName: String = "现场照片.jpg") -> [UInt8] {
        let head =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n二楼走廊\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: image/jpeg\r\n\r\n"
        return Array(head.utf8) + file + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    /// SHA-256 as PostgreSQL computes it: an independent check of the server's.
    func sha256(_ db: TestDatabase, _ bytes: [UInt8]) async throws -> String {
        try await db.owner.query("SELECT encode(sha256(\(Data(bytes))), 'hex')")[0].decode(0)
    }

    @Test("a photo streams in, is named by its SHA-256 with its EXIF facts, is stored once, and reads back byte for byte")
    func uploadAndRead() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                // 600 kB: three chunks of at most 256 KiB.
                let photo = PhotoFixture.jpeg(padding: 600_000)
                let created = try await self.send(client, token: scene.institutionToken, bytes: photo)
                #expect(created.status == .created, "\(String(decoding: created.body, as: UTF8.self))")
                let sha = try await self.sha256(db, photo)
                #expect(created.json["sha256"] as? String == sha)
                #expect(created.json["size"] as? Int == photo.count)
                #expect(created.json["content_type"] as? String == "image/jpeg")
                // 09:12:05 on the camera in Shenyang is 01:12:05 UTC.
                #expect(created.json["captured_at"] as? String == "2026-11-30T01:12:05.000000Z")
                let location = try #require(created.json["location"] as? [String: Any])
                #expect(abs((location["latitude"] as? Double ?? 0) - 41.805) < 1e-6)
                #expect(abs((location["longitude"] as? Double ?? 0) - 123.43) < 1e-6)
                #expect(created.json["has_thumbnail"] as? Bool == true)
                #expect(created.headers[.location] == "/v1/files/\(sha)")

                // The same bytes again, as the file part of a form, by the regulator: the stored file.
                let again = try await self.send(
                    client,
                    token: scene.regulator,
                    bytes: self.multipart(photo),
                    contentType: "multipart/form-data; boundary=----oversight7MA4YWxk"
                )
                #expect(again.status == .ok, "\(String(decoding: again.body, as: UTF8.self))")
                #expect(again.json["sha256"] as? String == sha)
                let rows = try await db.owner.query("SELECT (SELECT count(*) FROM evidence_files), (SELECT count(*) FROM evidence_chunks)")[0]
                #expect(try rows.decode(0, as: Int.self) == 1)
                #expect(try rows.decode(1, as: Int.self) == 3)

                let content = try await self.send(client, .get, "/v1/files/\(sha)/content", token: scene.institutionToken)
                #expect(content.status == .ok)
                #expect(content.body == photo)
                #expect(content.headers[.contentType] == "image/jpeg")
                #expect(content.headers[.contentLength] == String(photo.count))
                let thumbnail = try await self.send(client, .get, "/v1/files/\(sha)/thumbnail", token: scene.regulator)
                #expect(thumbnail.body == PhotoFixture.thumbnail)
                #expect(try await self.send(client, .get, "/v1/files/\(sha)", token: scene.regulator).json["sha256"] as? String == sha)

                // Nobody else reads it: an inspector, another tenant's regulator, a bad name.
                #expect(try await self.send(client, .get, "/v1/files/\(sha)/content", token: scene.inspectorTokens[0]).status == .notFound)
                let (_, stranger) = try await db.makeTenant()
                #expect(try await self.send(client, .get, "/v1/files/\(sha)", token: stranger).status == .notFound)
                #expect(try await self.send(client, .get, "/v1/files/\(sha.uppercased())", token: scene.regulator).status == .notFound)
            }
        }
    }

    @Test("what a file is decides: text is 415, an empty body or a form without a file is 422, over 20 MB is 413; nothing is kept")
    func refusals() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let html = try await self.send(
                    client,
                    token: scene.regulator,
                    bytes: Array("<html><script>alert(1)</script>".utf8),
                    contentType: "image/jpeg"
                )
                #expect(html.status == .unsupportedMediaType)
                #expect(html.headers[.contentType] == "application/problem+json")
                #expect(try await self.send(client, token: scene.regulator, bytes: []).status == .unprocessableContent)
                let form = Array("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b--\r\n".utf8)
                let noFile = try await self.send(client, token: scene.regulator, bytes: form, contentType: "multipart/form-data; boundary=b")
                #expect(noFile.status == .unprocessableContent)
                #expect(noFile.errorFields == ["file"])
                let huge = PhotoFixture.jpeg(padding: EvidenceFile.maxSize)
                #expect(try await self.send(client, token: scene.institutionToken, bytes: huge).status == .contentTooLarge)
                let rows = try await db.owner.query("SELECT (SELECT count(*) FROM evidence_files), (SELECT count(*) FROM evidence_chunks)")[0]
                #expect(try rows.decode(0, as: Int.self) == 0)
                #expect(try rows.decode(1, as: Int.self) == 0)
                // Platform administrators keep no evidence.
                let platform = try await db.owner.withConnection { try await TokenStore.createPlatformToken($0, description: "p", expiresAt: nil) }
                #expect(try await self.send(client, token: platform, bytes: PhotoFixture.png).status == .notFound)
            }
        }
    }

    @Test("evidence cites uploaded files only; a file reaches whoever may read the record naming it, and no one else")
    func throughRecords() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client)
                let other = try await client.call(.post, "/v1/institutions", token: scene.regulator, json: Fixtures.institutionJSON(name: "河西区颐养中心"))
                let otherID = try #require(other.json["id"] as? String)
                let otherToken = try await db.issueToken(tenant: scene.tenant.id, role: .institution, subject: UUID(uuidString: otherID))
                let uploaded = try await self.send(client, token: scene.regulator, bytes: PhotoFixture.png)
                let sha = try #require(uploaded.json["sha256"] as? String)
                func report(_ evidence: [[String: Any]]) async throws -> JSONReply {
                    try await client.call(
                        .post,
                        "/v1/hazards",
                        token: scene.regulator,
                        json: [
                            "institution_id": scene.institutionID, "category": "facilities_equipment", "description": "灭火器过期", "location": "一楼大厅",
                            "responsible_person": "王主任",
                            "evidence": evidence,
                        ]
                    )
                }
                let unknown = try await report([["file_name": "a.png", "sha256": String(repeating: "ab", count: 32), "size": 10]])
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.errorFields == ["evidence[0].sha256"])
                let wrongSize = try await report([["file_name": "a.png", "sha256": sha, "size": 10]])
                #expect(wrongSize.errorFields == ["evidence[0].size"])

                // Before any record names it, the institution does not see the regulator's upload.
                #expect(try await self.send(client, .get, "/v1/files/\(sha)", token: scene.institutionToken).status == .notFound)
                let reported = try await report([["file_name": "灭火器.png", "sha256": sha, "size": PhotoFixture.png.count]])
                #expect(reported.status == .created, "\(reported.text)")
                let seen = try await self.send(client, .get, "/v1/files/\(sha)/content", token: scene.institutionToken)
                #expect(seen.status == .ok)
                #expect(seen.body == PhotoFixture.png)
                // Another institution, and an inspector whose inspections did not find it, do not.
                #expect(try await self.send(client, .get, "/v1/files/\(sha)/content", token: otherToken).status == .notFound)
                #expect(try await self.send(client, .get, "/v1/files/\(sha)", token: scene.inspectorTokens[1]).status == .notFound)
                // Stored files never change or go away, whoever asks the database.
                await #expect(throws: (any Error).self) { try await db.owner.query("DELETE FROM evidence_files") }
                await #expect(throws: (any Error).self) { try await db.owner.query("DELETE FROM evidence_chunks") }
            }
        }
    }
}
