import Foundation
import Testing

@testable import Domain

@Suite("People's accounts: passwords, TOTP, recovery codes, lockout, sessions")
struct AccountRulesTests {
    @Test("TOTP matches RFC 6238's SHA-1 vectors")
    func rfc6238Vectors() {
        let secret = Data("12345678901234567890".utf8)
        let vectors: [(Int64, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ]
        for (time, code) in vectors {
            #expect(TOTP.code(secret: secret, step: time / 30, digits: 8) == code, "T = \(time)")
        }
        #expect(TOTP.code(secret: secret, step: 1) == "287082")  // six digits: the last six
    }

    @Test("a code is taken for the step before, now and after, once, and never an older one")
    func totpWindowAndReplay() {
        let secret = TOTP.newSecret()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = TOTP.step(at: now)
        for offset: Int64 in [-1, 0, 1] {
            #expect(TOTP.verify(TOTP.code(secret: secret, step: step + offset), secret: secret, at: now, lastUsed: nil) == step + offset)
        }
        #expect(TOTP.verify(TOTP.code(secret: secret, step: step + 2), secret: secret, at: now, lastUsed: nil) == nil)
        #expect(TOTP.verify(TOTP.code(secret: secret, step: step - 2), secret: secret, at: now, lastUsed: nil) == nil)
        // Replay: the step already used, or an earlier one, is refused.
        let code = TOTP.code(secret: secret, step: step)
        #expect(TOTP.verify(code, secret: secret, at: now, lastUsed: step) == nil)
        #expect(TOTP.verify(TOTP.code(secret: secret, step: step - 1), secret: secret, at: now, lastUsed: step) == nil)
        #expect(TOTP.verify(TOTP.code(secret: secret, step: step + 1), secret: secret, at: now, lastUsed: step) == step + 1)
        for typed in ["", "12345", "1234567", "abcdef", "１２３４５６"] {
            #expect(TOTP.verify(typed, secret: secret, at: now, lastUsed: nil) == nil, "\(typed)")
        }
        #expect(TOTP.verify(code.prefix(3) + " " + code.suffix(3), secret: secret, at: now, lastUsed: nil) == step)
    }

    @Test("base32 round-trips, ignores case, spaces and dashes, and refuses other characters")
    func base32() {
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")  // RFC 4648, unpadded
        #expect(Base32.decode("mzxw 6ytb-oi") == Data("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        for _ in 0..<20 {
            let secret = TOTP.newSecret()
            #expect(Base32.decode(Base32.encode(secret)) == secret)
        }
        let uri = TOTP.provisioningURI(secret: Data("foobar".utf8), account: "wang@bureau", issuer: "Oversight")
        #expect(uri == "otpauth://totp/Oversight%3Awang%40bureau?secret=MZXW6YTBOI&issuer=Oversight&algorithm=SHA1&digits=6&period=30")
    }

    @Test("the password rule: length, three kinds of character, not the login")
    func passwordPolicy() {
        #expect(PasswordPolicy.problem("Tq7-longer", login: "wang") == nil)
        #expect(PasswordPolicy.problem("长城Aa1长城长城长城", login: "wang") == nil)  // Chinese characters count as other signs
        #expect(PasswordPolicy.problem("Short1!", login: "wang")?.key == "must be at least {0} characters")
        #expect(PasswordPolicy.problem(String(repeating: "Aa1-", count: 33), login: "wang")?.key == "must be at most {0} characters")
        #expect(PasswordPolicy.problem("alllowercase", login: "wang")?.key.hasPrefix("must mix") == true)
        #expect(PasswordPolicy.problem("lower123456", login: "wang")?.key.hasPrefix("must mix") == true)
        #expect(PasswordPolicy.problem("Wang-2026-ok", login: "wang") == "must not contain the login")
    }

    @Test("a password verifies against its scrypt hash only; the stored form round-trips and bad forms are refused")
    func passwordHash() throws {
        // The service's cost, once (over a second in a debug build); the rest at the test cost.
        let standard = try PasswordHash.make("Tq7-longer")
        #expect(standard.stored.hasPrefix("scrypt$15$8$3$") && standard.salt.count == 16 && standard.key.count == 32)
        #expect(try #require(PasswordHash(stored: standard.stored)).verifies("Tq7-longer"))
        let hash = try PasswordHash.make("Tq7-longer", cost: .testing)
        #expect(hash.stored.hasPrefix("scrypt$10$8$1$"))
        #expect(hash.verifies("Tq7-longer"))
        #expect(!hash.verifies("Tq7-longeR"))
        let again = try #require(PasswordHash(stored: hash.stored))
        #expect(again == hash && again.verifies("Tq7-longer"))
        // The same password hashes differently each time (a random salt).
        #expect(try PasswordHash.make("Tq7-longer", cost: .testing).stored != hash.stored)
        for bad in ["", "scrypt$15$8$3$", "bcrypt$15$8$3$AAAAAAAAAAAAAAAAAAAAAA$" + String(repeating: "A", count: 43), "scrypt$40$8$3$a$b"] {
            #expect(PasswordHash(stored: bad) == nil, "\(bad)")
        }
        #expect(!PasswordHash.decoy(.testing).verifies("Tq7-longer"))
        #expect(PasswordHash.decoy().logRounds == PasswordHash.Cost.standard.logRounds)
    }

    @Test("recovery codes: ten, distinct, typed in any case with or without the dash")
    func recoveryCodes() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 11 && $0.dropFirst(5).first == "-" })
        let code = codes[0]
        #expect(RecoveryCodes.normalised(code.lowercased().replacingOccurrences(of: "-", with: " ")) == RecoveryCodes.normalised(code))
        #expect(RecoveryCodes.normalised("123456") == nil)
        #expect(RecoveryCodes.hash(RecoveryCodes.normalised(code)!) != RecoveryCodes.hash(RecoveryCodes.normalised(codes[1])!))
    }

    @Test("five failures lock the account for 15 minutes; a session ends idle after 30 minutes or 12 hours after it began")
    func lockoutAndSessions() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var failures = 0
        var locked: Date?
        for attempt in 1...5 {
            let after = SignInRules.afterFailure(failures: failures, now: now)
            failures = after.failures
            locked = after.lockedUntil
            #expect((locked != nil) == (attempt == 5), "attempt \(attempt)")
        }
        #expect(failures == 0)  // the count starts anew after the lock
        #expect(SignInRules.isLocked(lockedUntil: locked, now: now.addingTimeInterval(14 * 60)))
        #expect(!SignInRules.isLocked(lockedUntil: locked, now: now.addingTimeInterval(15 * 60)))
        #expect(!SignInRules.isLocked(lockedUntil: nil, now: now))
        #expect(SignInRules.isLive(created: now, lastSeen: now.addingTimeInterval(3600), now: now.addingTimeInterval(3600 + 29 * 60)))
        #expect(!SignInRules.isLive(created: now, lastSeen: now, now: now.addingTimeInterval(30 * 60)))
        #expect(!SignInRules.isLive(created: now, lastSeen: now.addingTimeInterval(12 * 3600 - 60), now: now.addingTimeInterval(12 * 3600)))
    }

    @Test("an invitation names a valid login and the record of an inspector's or institution's account")
    func newAccount() {
        let inspector = UUID()
        #expect(NewAccount(login: "wang.li@bureau", displayName: "王丽", role: .regulator, subjectID: nil).problems().isEmpty)
        #expect(NewAccount(login: "inspector-7", displayName: "李强", role: .inspector, subjectID: inspector).problems().isEmpty)
        let fields = { (new: NewAccount) in new.problems().map(\.field) }
        #expect(fields(NewAccount(login: "ab", displayName: "王丽", role: .regulator, subjectID: nil)) == ["login"])
        #expect(fields(NewAccount(login: "Wang", displayName: "王丽", role: .regulator, subjectID: nil)) == ["login"])
        #expect(fields(NewAccount(login: ".wang", displayName: "王丽", role: .regulator, subjectID: nil)) == ["login"])
        #expect(fields(NewAccount(login: "wang", displayName: " ", role: .regulator, subjectID: nil)) == ["display_name"])
        #expect(fields(NewAccount(login: "wang", displayName: "王丽", role: .inspector, subjectID: nil)) == ["subject_id"])
        #expect(fields(NewAccount(login: "wang", displayName: "王丽", role: .regulator, subjectID: inspector)) == ["subject_id"])
        #expect(fields(NewAccount(login: "wang", displayName: "王丽", role: .platformAdmin, subjectID: nil)) == ["role"])
        #expect(NewAccount.normalisedLogin("  Wang.Li ") == "wang.li")
    }

    @Test("accounts: a regulator invites, lists and disables; everyone reads only their own account")
    func accountAccess() {
        let tenant = UUID()
        let me = UUID()
        let regulator = Principal(tokenID: UUID(), tenantID: tenant, role: .regulator, subjectID: nil, accountID: me)
        let inspector = Principal(tokenID: UUID(), tenantID: tenant, role: .inspector, subjectID: UUID(), accountID: UUID())
        for action in [AccountAccess.Action.invite, .list, .disable] {
            #expect(AccountAccess.decide(regulator, action) == .allowed)
            #expect(AccountAccess.decide(inspector, action) == .hidden)
        }
        #expect(AccountAccess.decide(regulator, .readOwn(me)) == .allowed)
        #expect(AccountAccess.decide(inspector, .readOwn(me)) == .hidden)
        let token = Principal(tokenID: UUID(), tenantID: tenant, role: .regulator, subjectID: nil)
        #expect(AccountAccess.decide(token, .readOwn(me)) == .hidden)
    }
}

@Suite("Sealed TOTP secrets")
struct SealedTOTPSecretTests {
    @Test("a sealed TOTP secret opens for its own tenant and account only")
    func sealedForItsAccount() throws {
        let seal = try #require(SecretSeal(base64URL: SecretSeal.generateKey()))
        let tenant = UUID()
        let account = UUID()
        let secret = TOTP.newSecret()
        let stored = try seal.seal(secret, context: SecretSeal.context("totp", tenant, account))
        #expect(SecretSeal.isSealed(stored) && !stored.contains(Base32.encode(secret)))
        #expect(seal.open(stored, context: SecretSeal.context("totp", tenant, account)) == secret)
        #expect(seal.open(stored, context: SecretSeal.context("totp", tenant, UUID())) == nil)
        #expect(seal.open(stored, context: SecretSeal.context("totp", UUID(), account)) == nil)
        #expect(seal.open(stored, context: SecretSeal.context("webhook-secret", tenant, account)) == nil)
    }
}
