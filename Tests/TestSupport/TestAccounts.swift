import Domain
import Foundation
import Storage
import UseCases

/// A person's account made for a test through the use cases (invitation, then accepted
/// as the person would): its login, password and, for a regulator, TOTP secret.
public struct TestAccount: Sendable {
    public var id: UUID
    public var login: String
    public var password: String
    public var totpSecret: Data?
    public var recoveryCodes: [String]

    public init(id: UUID, login: String, password: String, totpSecret: Data?, recoveryCodes: [String]) {
        self.id = id
        self.login = login
        self.password = password
        self.totpSecret = totpSecret
        self.recoveryCodes = recoveryCodes
    }

    /// The TOTP code of the step `offset` steps from now (acceptance used the step
    /// before now, so offsets 0 and 1 are each good once).
    public func code(offset: Int64 = 0) -> String {
        guard let totpSecret else { return "" }
        return TOTP.code(secret: totpSecret, step: TOTP.step(at: Date()) + offset)
    }
}

extension TestDatabase {
    /// An active account of `tenant` (a regulator, or an inspector or institution bound to
    /// `subject`).
    public func makeAccount(tenant: UUID, role: Role = .regulator, subject: UUID? = nil, login: String? = nil) async throws -> TestAccount {
        let accounts = AccountUseCases(self.useCases())
        let login = login ?? "p" + UUID().uuidString.prefix(8).lowercased()
        let invited = try await self.database.withTenant(tenant) { transaction in
            try await accounts.invite(
                Caller(job: "test", transaction),
                NewAccount(login: login, displayName: "测试 \(login)", role: role, subjectID: subject)
            )
        }
        let view = try await accounts.invitation(secret: invited.secret)
        let secret = view?.totpSecret.flatMap(Base32.decode)
        let password = "Tq7-" + UUID().uuidString.prefix(12)
        let code = secret.map { TOTP.code(secret: $0, step: TOTP.step(at: Date()) - 1) } ?? ""
        guard let accepted = try await accounts.accept(secret: invited.secret, password: password, passwordAgain: password, code: code)
        else { throw TestAccountError(description: "the invitation of \(login) did not open") }
        return TestAccount(id: invited.account.id, login: login, password: password, totpSecret: secret, recoveryCodes: accepted.recoveryCodes)
    }
}

struct TestAccountError: Error, CustomStringConvertible {
    var description: String
}
