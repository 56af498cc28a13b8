import Domain
import Foundation
import Testing

@Suite("Compact JSON encoder")
struct CompactJSONEncoderTests {
    struct Sample: Encodable {
        var id: UUID
        var name: String
        var count: Int
        var ratio: Double
        var flag: Bool
        var missing: String?
        var at: Date
        var tags: [String]
        var nested: [String: Int]
    }

    @Test("output parses back with Foundation and follows the service's conventions")
    func conventions() throws {
        let id = UUID(uuidString: "01A20741-B068-7DC9-8C78-32A2470F3093")!
        let sample = Sample(
            id: id,
            name: "和平区 \"福利\"\n\\ \u{01}",
            count: -3,
            ratio: 0.25,
            flag: true,
            missing: nil,
            at: Date(timeIntervalSince1970: 1_763_000_000.123456),
            tags: ["a", "b"],
            nested: ["k": 1]
        )
        let data = try CompactJSONEncoder().encode(sample)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["id"] as? String == "01a20741-b068-7dc9-8c78-32a2470f3093")
        #expect(object["name"] as? String == "和平区 \"福利\"\n\\ \u{01}")
        #expect(object["count"] as? Int == -3)
        #expect(object["ratio"] as? Double == 0.25)
        #expect(object["flag"] as? Bool == true)
        #expect(object["missing"] is NSNull)
        #expect(object["at"] as? String == "2025-11-13T02:13:20.123456Z")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: Int]) == ["k": 1])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\"id\":"))
    }

    @Test("an institution's direct JSON equals its Encodable JSON")
    func institutionDirect() throws {
        var fields = InstitutionFields()
        fields.name = "沈河区\"颐养\"中心"
        fields.creditCode = "91350100M000100Y43"
        fields.operatorType = .publicBuiltPrivateRun
        fields.district = "沈河区"
        fields.status = .suspended
        fields.beds = 10
        let institution = try fields.makeInstitution(id: UUIDv7.make(), at: Date(timeIntervalSince1970: 1_763_000_000.5))
        struct Wrapper: Encodable {
            var value: Institution
            func encode(to encoder: any Encoder) throws { try self.value.encode(to: encoder) }
        }
        let direct = try JSONSerialization.jsonObject(with: CompactJSONEncoder().encode(institution)) as? NSDictionary
        let viaEncodable = try JSONSerialization.jsonObject(with: CompactJSONEncoder().encode(Wrapper(value: institution))) as? NSDictionary
        #expect(direct != nil)
        #expect(direct == viaEncodable)
        #expect(direct?.count == 16)
    }

    @Test("non-finite numbers are refused; empty values encode as empty containers")
    func edges() throws {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(String(decoding: try CompactJSONEncoder().encode([Int]()), as: UTF8.self) == "[]")
        #expect(String(decoding: try CompactJSONEncoder().encode([String: Int]()), as: UTF8.self) == "{}")
        #expect(String(decoding: try CompactJSONEncoder().encode(2.0), as: UTF8.self) == "2")
        let integers = [0, 7, -7, 10, 1_000_000, Int.max, Int.min]
        #expect(
            String(decoding: try CompactJSONEncoder().encode(integers), as: UTF8.self) == "[" + integers.map(String.init).joined(separator: ",") + "]"
        )
    }

    @Test("RFC 3339 text and civil dates agree with Foundation", arguments: [0.0, -1.5, 951_782_400, 4_102_444_799.999999])
    func dates(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = RFC3339Text.string(from: date)
        let parsed = try #require(RFC3339Text.date(from: text))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
        let days = Int64((seconds / 86_400).rounded(.down))
        let civil = CivilDate.fromDays(days)
        #expect(CivilDate.days(year: civil.year, month: civil.month, day: civil.day) == days)
    }
}
