import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238): HMAC-SHA1 over the 30-second step, six
/// digits, as every authenticator app reads them. A code is taken for the step before,
/// the current step and the one after (clock drift), and only for a step later than the
/// last one used, so a code seen over someone's shoulder cannot be used again.
public enum TOTP {
    public static let stepSeconds: Int64 = 30
    public static let digits = 6
    /// Steps taken on either side of the current one.
    public static let window: Int64 = 1

    public static func step(at date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) / Self.stepSeconds }

    /// The code of `step` (RFC 4226's dynamic truncation), zero-padded.
    public static func code(secret: Data, step: Int64, digits: Int = Self.digits) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step `code` is valid for at `date`, if it is valid and later than `lastUsed`.
    public static func verify(_ code: String, secret: Data, at date: Date, lastUsed: Int64?) -> Int64? {
        let typed = code.filter { !$0.isWhitespace }
        guard typed.count == Self.digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = Self.step(at: date)
        for step in (now - Self.window)...(now + Self.window) where step > (lastUsed ?? Int64.min) {
            if ConstantTime.equal(Data(Self.code(secret: secret, step: step).utf8), Data(typed.utf8)) { return step }
        }
        return nil
    }

    /// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation).
    public static func newSecret() -> Data {
        SecureRandom.bytes(20)
    }

    /// The `otpauth://` address an authenticator app takes (as a link or typed in).
    public static func provisioningURI(secret: Data, account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=SHA1&digits=6&period=30"
    }
}
