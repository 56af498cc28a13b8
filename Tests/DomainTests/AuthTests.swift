import Domain
import Foundation
import Testing

@Suite("Tokens, principals and ids")
struct AuthTests {
    @Test("tokens are ovs_ plus 32 random bytes, hashed with SHA-256")
    func tokens() {
        let (token, hash) = BearerToken.generate()
        #expect(token.hasPrefix("ovs_"))
        #expect(Base64URL.decode(String(token.dropFirst(4)))?.count == 32)
        #expect(hash.count == 32)
        #expect(BearerToken.hash(token) == hash)
        #expect(BearerToken.generate().token != token)
        #expect(BearerToken.looksValid(token))
        #expect(!BearerToken.looksValid("ovs_short"))
        #expect(!BearerToken.looksValid("xyz_" + String(token.dropFirst(4))))
    }

    @Test("UUIDv7 carries the version, the variant and the time order")
    func uuid7() {
        let early = UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(UUIDv7.version(of: early) == 7)
        #expect(early.uuid.8 >> 6 == 0b10)
        #expect(early.lowercasedString < late.lowercasedString)
        #expect(early.lowercasedString.hasPrefix("018bcfe5-6800"))
    }
}
