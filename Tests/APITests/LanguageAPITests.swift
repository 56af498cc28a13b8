import Domain
import Foundation
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
}
