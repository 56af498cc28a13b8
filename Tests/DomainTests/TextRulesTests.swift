import Domain
import Foundation
import Testing

@Suite("Text from outside: control characters and repeated JSON keys")
struct TextRulesTests {
    @Test("C0 controls but tab, LF and CR, DEL and C1 are refused; other text passes")
    func controls() {
        for bad in ["\u{0}", "a\u{1}", "\u{1F}", "\u{7F}", "\u{85}", "x\u{9F}y"] {
            #expect(TextRules.problem(in: bad) != nil, "\(bad.unicodeScalars.map(\.value))")
        }
        for good in ["", "和平区社会福利院", "line\nnext\ttab\r", "emoji 😀", "\u{A0}nbsp"] {
            #expect(TextRules.problem(in: good) == nil, "\(good)")
        }
        let nested: [String: Any] = ["a": ["b": [1, "ok", "x\u{0}"]]]
        #expect(TextRules.firstProblem(inJSON: nested)?.field == "a.b[2]")
        #expect(TextRules.firstProblem(inJSON: ["k\u{1}": 1])?.field == "body")
    }

    @Test("a key repeated in one object is found by its path, escapes decoded; the same key in different objects is fine")
    func duplicates() {
        func first(_ json: String) -> String? { JSONDuplicateKeys.first(in: Array(json.utf8)) }
        #expect(first(#"{"a": 1, "a": 2}"#) == "a")
        #expect(first(#"{"a": 1, "\u0061": 2}"#) == "a")
        #expect(first(#"{"x": {"b": 1, "c": {"d": 1}, "b": 2}}"#) == "x.b")
        #expect(first(#"{"r": [{"n": 1}, {"n": 1, "m": "\"n\"", "n": 2}]}"#) == "r[1].n")
        #expect(first(#"{"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]}"#) == nil)
        #expect(first(#"{"s": "a\"b", "t": ["a", "a"], "u": "{\"a\":1,\"a\":2}"}"#) == nil)
        #expect(first("[1, 2, 3]") == nil)
    }
}
