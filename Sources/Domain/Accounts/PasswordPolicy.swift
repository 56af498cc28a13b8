import Foundation

/// What a person's password must be (等保 2.0 level 3 asks for a length and a variety
/// rule): at least 10 characters, at most 128 (scrypt's cost is per byte), and at
/// least three of the four kinds (lower case, upper case, digits, other signs); not the
/// login itself, in any case.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128
    public static let kindsRequired = 3

    /// Why `password` is refused, or `nil` when it passes.
    public static func problem(_ password: String, login: String) -> Message? {
        guard password.count >= Self.minimumLength else { return "must be at least \(Self.minimumLength) characters" }
        guard password.count <= Self.maximumLength else { return "must be at most \(Self.maximumLength) characters" }
        guard Self.kinds(password) >= Self.kindsRequired else {
            return "must mix at least three of lower case, upper case, digits and other signs"
        }
        guard !password.lowercased().contains(login.lowercased()) else { return "must not contain the login" }
        return nil
    }

    static func kinds(_ password: String) -> Int {
        var lower = false
        var upper = false
        var digit = false
        var other = false
        for character in password {
            if character.isASCII && character.isLowercase {
                lower = true
            } else if character.isASCII && character.isUppercase {
                upper = true
            } else if character.isASCII && character.isNumber {
                digit = true
            } else {
                other = true
            }
        }
        return [lower, upper, digit, other].filter { $0 }.count
    }
}
