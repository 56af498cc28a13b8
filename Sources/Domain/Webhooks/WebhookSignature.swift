import Crypto
import Foundation

/// Standard Webhooks signing (standardwebhooks.com), as `spec/webhooks.md` requires.
///
/// A secret is `whsec_` + base64 of 32 random bytes; the HMAC key is the decoded bytes.
/// The signature is `v1,` + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")). During a
/// rotation the message carries one `v1,` entry per secret, space-separated.
public enum WebhookSignature {
    public static let secretPrefix = "whsec_"

    /// A new secret.
    public static func generateSecret() -> String {
        self.secretPrefix + SecureRandom.bytes(32).base64EncodedString()
    }

    /// The HMAC key of a secret, or `nil` when it is not `whsec_` + base64.
    public static func key(ofSecret secret: String) -> SymmetricKey? {
        guard secret.hasPrefix(self.secretPrefix),
            let bytes = Data(base64Encoded: String(secret.dropFirst(self.secretPrefix.count))), !bytes.isEmpty
        else { return nil }
        return SymmetricKey(data: bytes)
    }

    /// One `v1,<base64>` entry.
    public static func sign(id: String, timestamp: Int, body: Data, secret: String) -> String? {
        guard let key = self.key(ofSecret: secret) else { return nil }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header value: one entry per secret (current first).
    public static func header(id: String, timestamp: Int, body: Data, secrets: [String]) -> String {
        secrets.compactMap { self.sign(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }
}
