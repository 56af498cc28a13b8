import Domain
import Foundation
import Testing

@Suite("Unified social credit code (GB 32100-2015)")
struct CreditCodeTests {
    @Test("published codes are valid", arguments: ["91350100M000100Y43", "91440300708461136T"])
    func published(code: String) {
        #expect(CreditCode.isValid(code))
    }

    @Test("a wrong check character is refused and the expected one named")
    func wrongCheck() {
        #expect(CreditCode.problem(with: "91350100M000100Y44") == .checkCharacter(expected: "3"))
        #expect(CreditCode.problem(with: "911100001011034160") == .checkCharacter(expected: "J"))
    }

    @Test(
        "length and alphabet are checked",
        arguments: [
            ("9135010M000100Y43", CreditCode.Problem.length),
            ("91350100M000100Y431", .length),
            ("", .length),
            ("I1350100M000100Y43", .character(position: 1)),
            ("91350100M0001O0Y43", .character(position: 14)),
            ("91350100m000100Y43", .character(position: 9)),
        ]
    )
    func shape(code: String, problem: CreditCode.Problem) {
        #expect(CreditCode.problem(with: code) == problem)
    }

    @Test("complete() appends the check character that validation expects")
    func complete() throws {
        let code = try #require(CreditCode.complete("91350100M000100Y4"))
        #expect(code == "91350100M000100Y43")
        #expect(CreditCode.complete("short") == nil)
        #expect(CreditCode.complete("91350100M000100YI") == nil)
    }

    @Test("a check value of 31 maps to 0")
    func checkZero() throws {
        // Search a prefix whose weighted sum is divisible by 31: its check character is "0".
        var found: String? = nil
        for n in 0..<1000 where found == nil {
            let code = try #require(CreditCode.complete("9111000010110" + String(format: "%04d", n)))
            if code.hasSuffix("0") { found = code }
        }
        let code = try #require(found)
        #expect(CreditCode.isValid(code))
    }
}
