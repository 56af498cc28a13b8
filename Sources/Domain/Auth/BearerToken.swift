import Crypto
import Foundation

/// Bearer tokens: `ovs_` and 32 random bytes in base64url; only the SHA-256 is stored.
public enum BearerToken {
    public static let prefix = "ovs_"

    /// A dashboard session's cookie secret has the same shape with its own prefix.
    public static let sessionPrefix = "ovd_"

    /// A new secret and the hash to store.
    public static func generate(prefix: String = BearerToken.prefix) -> (token: String, hash: Data) {
        let token = prefix + Base64URL.encode(SecureRandom.bytes(32))
        return (token, self.hash(token))
    }

    public static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether a presented string has the token's shape (before any lookup).
    public static func looksValid(_ token: String, prefix: String = BearerToken.prefix) -> Bool {
        token.hasPrefix(prefix) && token.utf8.count >= prefix.utf8.count + 43 && token.utf8.count <= 200
    }
}

/// Base64 with the URL alphabet and no padding.
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
