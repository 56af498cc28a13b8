import Crypto
import Foundation

/// One-time recovery codes for a lost second factor: ten codes of ten base32 characters
/// (50 bits each) shown once, as `ABCDE-FGHIJ`; only their SHA-256 is stored (they are
/// random, so a fast hash is enough). Each is used once.
public enum RecoveryCodes {
    public static let count = 10

    public static func generate() -> [String] {
        (0..<Self.count).map { _ in
            let text = String(Base32.encode(SecureRandom.bytes(7)).prefix(10))
            return text.prefix(5) + "-" + text.suffix(5)
        }
    }

    /// The code as typed, normalised (case, spaces and dashes do not matter); `nil` when
    /// it cannot be a recovery code.
    public static func normalised(_ typed: String) -> String? {
        let text = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard text.count == 10, Base32.decode(text) != nil else { return nil }
        return text
    }

    public static func hash(_ normalised: String) -> Data { Data(SHA256.hash(data: Data(("oversight-recovery|" + normalised).utf8))) }
}
