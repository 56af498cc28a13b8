import Foundation

/// RFC 4648 base32 without padding: TOTP secrets as authenticator apps take them,
/// recovery codes and complaints' tracking codes.
public enum Base32 {
    public static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ data: Data) -> String {
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(Self.alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(Self.alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// `nil` for a character outside the alphabet; spaces, dashes and case are ignored.
    public static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer = 0
        var bits = 0
        for character in text.uppercased() where character != " " && character != "-" && character != "=" {
            guard let value = Self.alphabet.firstIndex(of: character) else { return nil }
            buffer = ((buffer << 5) | value) & 0xffff
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
