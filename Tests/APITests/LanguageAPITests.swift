import Domain
import Foundation
import Glibc
import HTTPTypes
import TestSupport
import Testing

/// Problems are Chinese by default, the field named by its label; English with
/// `Accept-Language: en` or `?lang=en` (dates in messages: `MessageCatalogueTests`).
@Suite("Languages of problems")
struct LanguageAPITests {
    static func messages(_ reply: JSONReply) -> [String: String] {
        var found: [String: String] = [:]
        for error in reply.json["errors"] as? [[String: Any]] ?? [] {
            found[error["field"] as? String ?? ""] = error["message"] as? String
        }
        return found
    }

    @Test("Chinese by default with labels, English on request, the same fields either way")
    func chineseFirst() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (_, token) = try await db.makeTenant()
                let body: [String: Any] = [
                    "name": " ", "credit_code": Fixtures.creditCode(), "operator_type": "private", "district": "和平区",
                    "status": "operating", "beds": -1,
                ]
                let chinese = try await client.call(.post, "/v1/institutions", token: token, json: body)
                #expect(chinese.status == .unprocessableContent)
                #expect(chinese.headers[.contentLanguage] == "zh-CN")
                #expect(chinese.json["title"] as? String == "请求无效")
                let zh = Self.messages(chinese)
                #expect(zh["name"] == "名称不能为空", "\(zh)")
                #expect(zh["beds"] == "床位数不能为负数", "\(zh)")

                let english = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: token,
                    json: body,
                    headers: [.acceptLanguage: "en-US,en;q=0.9"]
                )
                #expect(english.headers[.contentLanguage] == "en")
                #expect(english.json["title"] as? String == "Invalid request")
                let en = Self.messages(english)
                #expect(en["name"] == "must not be blank")
                #expect(Set(en.keys) == Set(zh.keys))

                let query = try await client.call(.post, "/v1/institutions?lang=en", token: token, json: body)
                #expect(Self.messages(query) == en)

                let missing = try await client.call(.get, "/v1/institutions/\(UUID().lowercasedString)", token: token)
                #expect(missing.json["detail"] as? String == "机构不存在，或您无权查看。")
                let unauthenticated = try await client.call(.get, "/v1/institutions", token: nil)
                #expect(unauthenticated.json["title"] as? String == "需要身份认证")
            }
        }
    }

    @Test("a request the HTTP parser cannot read (raw UTF-8 in the query) is a 400 problem, not an empty answer")
    func malformedRequest() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let port = try #require(client.port)
                let reply = try Self.raw(
                    port: port,
                    Array("GET /v1/institutions?q=".utf8) + Array("养老".utf8) + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
                )
                #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply)")
                #expect(reply.lowercased().contains("content-type: application/problem+json"))
                let body = try #require(reply.components(separatedBy: "\r\n\r\n").last)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect(json["type"] as? String == "https://oversight.example/problems/malformed-request")
                #expect((json["detail"] as? String)?.contains("百分号编码") == true, "\(json)")
                // Percent-encoded, the same query is read (and needs a token).
                let encoded = try Self.raw(
                    port: port,
                    Array("GET /v1/institutions?q=%E5%85%BB HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
                )
                #expect(encoded.hasPrefix("HTTP/1.1 401"), "\(encoded)")
            }
        }
    }

    /// Sends `request` as it is over a socket and reads the answer until the server closes.
    static func raw(port: Int, _ request: [UInt8]) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
