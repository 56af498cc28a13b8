import Crypto
import Foundation

/// Webhook signing secrets at rest. The service must read a secret back to sign, so it
/// cannot keep only a hash as it does for tokens; instead the secret is sealed with
/// AES-256-GCM under the service's key (`OVERSIGHT_SECRET_KEY`, 32 bytes in base64url),
/// with the tenant and subscription ids as associated data, so a sealed value copied to
/// another row does not open. Stored as `sealed:v1:` + base64url(nonce ‖ ciphertext ‖ tag).
/// A value without the prefix was stored before sealing and is read as it is.
public struct SecretSeal: Sendable {
    public static let prefix = "sealed:v1:"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The key's bytes (`SymmetricKey` is not `Sendable`; one is made per use).
    let keyBytes: Data
    var key: SymmetricKey { SymmetricKey(data: self.keyBytes) }

    /// `nil` unless `text` is base64url of exactly 32 bytes.
    public init?(base64URL text: String) {
        guard let bytes = Base64URL.decode(text), bytes.count == 32 else { return nil }
        self.keyBytes = bytes
    }

    public static func generateKey() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(Self.prefix) }

    static func context(tenant: UUID, subscription: UUID) -> Data {
        Data("oversight-webhook-secret|\(tenant.lowercasedString)|\(subscription.lowercasedString)".utf8)
    }

    /// The associated data of another kind of secret: its purpose and the rows it belongs to.
    public static func context(_ purpose: String, _ ids: UUID...) -> Data {
        Data((["oversight-" + purpose] + ids.map(\.lowercasedString)).joined(separator: "|").utf8)
    }

    public func seal(_ secret: String, tenant: UUID, subscription: UUID) throws -> String {
        try self.seal(Data(secret.utf8), context: Self.context(tenant: tenant, subscription: subscription))
    }

    /// The secret of a stored value: opened when sealed, as it is otherwise.
    public func open(_ stored: String, tenant: UUID, subscription: UUID) throws -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let plain = self.open(stored, context: Self.context(tenant: tenant, subscription: subscription)) else {
            throw Failure(description: "a sealed webhook secret does not open with this key for this subscription")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    public func seal(_ secret: Data, context: Data) throws -> String {
        let box = try AES.GCM.seal(secret, using: self.key, authenticating: context)
        guard let combined = box.combined else { throw Failure(description: "AES-GCM produced no combined form") }
        return Self.prefix + Base64URL.encode(combined)
    }

    /// `nil` unless `stored` is sealed, under this key, for this context.
    public func open(_ stored: String, context: Data) -> Data? {
        guard Self.isSealed(stored), let combined = Base64URL.decode(String(stored.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: combined),
            let plain = try? AES.GCM.open(box, using: self.key, authenticating: context)
        else { return nil }
        return plain
    }
}
