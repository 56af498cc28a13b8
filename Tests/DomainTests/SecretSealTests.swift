import Domain
import Foundation
import Testing

@Suite("Webhook secrets sealed at rest")
struct SecretSealTests {
    let tenant = UUID()
    let subscription = UUID()

    @Test("a sealed secret opens only with its key and for its own subscription, and a tampered one not at all")
    func sealing() throws {
        let seal = try #require(SecretSeal(base64URL: SecretSeal.generateKey()))
        let secret = WebhookSignature.generateSecret()
        let stored = try seal.seal(secret, tenant: self.tenant, subscription: self.subscription)
        #expect(stored.hasPrefix(SecretSeal.prefix) && !stored.contains("whsec_"))
        #expect(try seal.open(stored, tenant: self.tenant, subscription: self.subscription) == secret)
        // Sealing twice gives different text (a fresh nonce), both opening to the secret.
        let again = try seal.seal(secret, tenant: self.tenant, subscription: self.subscription)
        let reopened = try seal.open(again, tenant: self.tenant, subscription: self.subscription)
        #expect(again != stored && reopened == secret)

        let otherKey = try #require(SecretSeal(base64URL: SecretSeal.generateKey()))
        #expect(throws: SecretSeal.Failure.self) { try otherKey.open(stored, tenant: self.tenant, subscription: self.subscription) }
        #expect(throws: SecretSeal.Failure.self) { try seal.open(stored, tenant: self.tenant, subscription: UUID()) }
        #expect(throws: SecretSeal.Failure.self) { try seal.open(stored, tenant: UUID(), subscription: self.subscription) }
        var tampered = Array(stored)
        let last = tampered.count - 1
        tampered[last] = tampered[last] == "A" ? "B" : "A"
        #expect(throws: SecretSeal.Failure.self) {
            try seal.open(String(tampered), tenant: self.tenant, subscription: self.subscription)
        }
        #expect(throws: SecretSeal.Failure.self) { try seal.open("sealed:v1:!!", tenant: self.tenant, subscription: self.subscription) }
        // A secret stored before sealing reads as it is.
        #expect(try seal.open(secret, tenant: self.tenant, subscription: self.subscription) == secret)
    }

    @Test("a key must be 32 bytes of base64url")
    func keys() {
        #expect(SecretSeal(base64URL: SecretSeal.generateKey()) != nil)
        #expect(SecretSeal(base64URL: "") == nil)
        #expect(SecretSeal(base64URL: Base64URL.encode(Data(repeating: 1, count: 16))) == nil)
        #expect(SecretSeal(base64URL: "not base64 at all!") == nil)
    }
}
