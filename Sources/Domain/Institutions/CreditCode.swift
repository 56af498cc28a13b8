/// The unified social credit code (统一社会信用代码, GB 32100-2015).
///
/// 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`; the 18th is a check character:
/// check = 31 − (Σ vᵢ·wᵢ mod 31) over positions 1–17, where 31 maps to 0.
public enum CreditCode {
    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public enum Problem: Sendable, Equatable {
        case length
        case character(position: Int)
        case checkCharacter(expected: Character)
    }

    /// Why a code is invalid, or `nil` when it is valid.
    public static func problem(with code: String) -> Problem? {
        let characters = Array(code)
        guard characters.count == 18 else { return .length }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = self.alphabet.firstIndex(of: character) else { return .character(position: index + 1) }
            values.append(value)
        }
        let expected = self.checkCharacter(for: values.prefix(17))
        return characters[17] == expected ? nil : .checkCharacter(expected: expected)
    }

    public static func isValid(_ code: String) -> Bool { self.problem(with: code) == nil }

    /// The check character for the first 17 character values.
    static func checkCharacter(for values: ArraySlice<Int>) -> Character {
        let sum = zip(values, self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        return self.alphabet[check]
    }

    /// Completes a 17-character prefix with its check character (for seeds and tests).
    public static func complete(_ prefix: String) -> String? {
        let values = prefix.compactMap { self.alphabet.firstIndex(of: $0) }
        guard prefix.count == 17, values.count == 17 else { return nil }
        return prefix + String(self.checkCharacter(for: values[...]))
    }

    /// A message a person can act on.
    public static func message(for problem: Problem) -> Message {
        switch problem {
        case .length: "must be 18 characters"
        case .character(let position):
            "character \(position) is not allowed (use 0-9 and A-Z without I, O, S, V, Z)"
        case .checkCharacter(let expected): "check character does not match (expected \(expected))"
        }
    }
}
