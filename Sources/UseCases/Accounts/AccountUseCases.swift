import Dispatch
import Domain
import Foundation
import Storage

/// People's accounts: a regulator invites by a one-time link, the person sets a password
/// (and a regulator enrols TOTP, with recovery codes shown once), signs in and out; every
/// sign-in, failure, lockout and sign-out goes to the audit log. The rules are in
/// `Domain/Accounts` (`PasswordPolicy`, `SignInRules`, `TOTP`).
public struct AccountUseCases: Sendable {
    let database: Database
    let store = AccountStore()
    let dashboard = DashboardStore()
    let seal: SecretSeal?
    let time: TimeSource
    let passwordCost: PasswordHash.Cost

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.seal = dependencies.webhookSecrets.seal
        self.time = dependencies.time
        self.passwordCost = dependencies.passwordCost
    }

    /// An invitation made: the account and the link's secret (shown once).
    public struct Invited: Sendable {
        public var account: Account
        public var secret: String
    }

    /// What the person who opens an invitation link sees.
    public struct InvitationView: Sendable {
        public var account: Account
        public var tenantName: String
        /// For a regulator: the TOTP secret in base32 and its `otpauth://` address.
        public var totpSecret: String?
        public var provisioningURI: String?
    }

    /// The prefix of an invitation link's secret.
    public static let invitationPrefix = "ovi_"

    /// Invites a person. The record an inspector's or institution's account acts for is
    /// named by `subjectID`, or by `subjectCode` as a person knows it (a certificate
    /// number, a credit code).
    public func invite(_ caller: Caller, _ new: NewAccount, subjectCode: String? = nil) async throws -> Invited {
        try caller.decide { AccountAccess.decide($0, .invite) }.require("resource")
        var new = new
        if new.subjectID == nil, let code = subjectCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty, new.role.needsSubject {
            new.subjectID = try await self.store.subject(caller.transaction, role: new.role, code: code)
            guard new.subjectID != nil else {
                throw DomainError.invalid([
                    FieldError(
                        "subject_id",
                        new.role == .inspector ? "no inspector has this certificate number" : "no institution has this credit code"
                    )
                ])
            }
        }
        new.login = NewAccount.normalisedLogin(new.login)
        new.displayName = new.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = new.problems()
        guard problems.isEmpty else { throw DomainError.invalid(problems) }
        if new.role == .institution, let id = new.subjectID, try await InstitutionStore().find(caller.transaction, id: id) == nil {
            throw DomainError.invalid([FieldError("subject_id", "no such institution")])
        }
        if new.role == .inspector, let id = new.subjectID, try await InspectorStore().find(caller.transaction, id: id) == nil {
            throw DomainError.invalid([FieldError("subject_id", "no such inspector")])
        }
        let id = UUIDv7.make()
        let totpSecret = try new.role == .regulator ? self.sealed(TOTP.newSecret(), tenant: caller.tenantID, account: id) : nil
        let (secret, hash) = BearerToken.generate(prefix: Self.invitationPrefix)
        let account = try await self.store.invite(
            caller.transaction,
            new,
            id: id,
            totpSecret: totpSecret,
            inviteHash: hash,
            expiresAt: self.time.now().addingTimeInterval(SignInRules.invitationLifetime),
            invitedBy: caller.actor.accountID ?? caller.actor.tokenID
        )
        try await caller.audit(
            "account.invited",
            "account",
            id: id,
            before: String?.none,
            after: ["login": account.login, "role": account.role.rawValue, "subject_id": account.subjectID?.lowercasedString ?? ""]
        )
        return Invited(account: account, secret: secret)
    }

    /// The open invitation a link's secret names, or `nil`.
    public func invitation(secret: String) async throws -> InvitationView? {
        try await self.withInvitation(secret: secret) { transaction, credentials in
            let secret = try credentials.totpSecret.map { try self.opened($0, tenant: transaction.tenantID, account: credentials.account.id) }
            return InvitationView(
                account: credentials.account,
                tenantName: try await self.dashboard.tenantName(transaction),
                totpSecret: secret.map(Base32.encode),
                provisioningURI: secret.map { TOTP.provisioningURI(secret: $0, account: credentials.account.login, issuer: "Oversight") }
            )
        }
    }

    /// Accepts an invitation: sets the password and, for a regulator, confirms the second
    /// factor with a code from the app. Returns the recovery codes (empty for a person
    /// without a second factor), shown once; `nil` when the link is no longer open.
    public func accept(
        secret: String,
        password: String,
        passwordAgain: String,
        code: String
    ) async throws -> (
        account: Account, recoveryCodes: [String]
    )? {
        let now = self.time.now()
        let accepted: (account: Account, recoveryCodes: [String])?? = try await self.withInvitation(secret: secret) { transaction, credentials in
            let account = credentials.account
            var validator = Validator()
            if let problem = PasswordPolicy.problem(password, login: account.login) { validator.check(false, "password", problem) }
            validator.check(password == passwordAgain, "password_again", "does not match the password")
            var step: Int64?
            if let stored = credentials.totpSecret {
                step = TOTP.verify(code, secret: try self.opened(stored, tenant: transaction.tenantID, account: account.id), at: now, lastUsed: nil)
                validator.check(step != nil, "totp_code", "is not the code your authenticator app shows now")
            }
            try validator.finish()
            let hash = try await PasswordWork.run { [cost = self.passwordCost] in try PasswordHash.make(password, cost: cost) }
            guard try await self.store.activate(transaction, id: account.id, passwordHash: hash.stored, totpStep: step.map(Int.init)) else {
                return nil
            }
            var codes: [String] = []
            if account.needsSecondFactor {
                codes = RecoveryCodes.generate()
                try await self.store.storeRecoveryCodes(
                    transaction,
                    account: account.id,
                    hashes: codes.compactMap(RecoveryCodes.normalised).map(RecoveryCodes.hash)
                )
            }
            try await Caller(person: account, transaction).audit(
                "account.activated",
                "account",
                id: account.id,
                before: String?.none,
                after: ["second_factor": account.needsSecondFactor ? "totp" : "none"]
            )
            return (account, codes)
        }
        return accepted ?? nil
    }

    func withInvitation<T>(secret: String, _ body: (TenantTransaction, AccountCredentials) async throws -> T) async throws -> T? {
        guard BearerToken.looksValid(secret, prefix: Self.invitationPrefix) else { return nil }
        return try await self.database.withoutTenant { connection -> T? in
            guard let found = try await self.store.findInvitation(connection, hash: BearerToken.hash(secret)) else { return nil }
            let transaction = try await TenantTransaction.scope(connection, to: found.tenantID)
            // Locked, the account is read again: another request may have accepted the
            // invitation, or a regulator disabled it, since the lookup.
            guard let credentials = try await self.store.credentials(transaction, id: found.accountID, lock: true),
                credentials.account.state == .invited, let expires = credentials.account.inviteExpiresAt, expires > self.time.now()
            else { return nil }
            return try await body(transaction, credentials)
        }
    }

    /// How a sign-in ended. A refusal never says why (a wrong login, password or code, a
    /// locked account all read alike); the audit log and the person's history do.
    public enum SignInOutcome: Sendable, Equatable {
        case signedIn(secret: String)
        case refused
        /// Too many sign-ins are waiting for their password check: try again shortly.
        case busy
    }

    /// Signs a person in with their login, password and, for a regulator, a TOTP code or
    /// a recovery code. `address`: where the attempt came from, for the history.
    public func signIn(login: String, password: String, code: String, address: String?) async throws -> SignInOutcome {
        let login = NewAccount.normalisedLogin(login)
        guard NewAccount.isLogin(login), password.count <= PasswordPolicy.maximumLength else { return .refused }
        let found = try await self.database.withoutTenant { try await self.store.findSignIn($0, login: login) }
        // Outside any transaction and one at a time (scrypt takes 32 MiB); an unknown
        // login is checked against a decoy, so it takes as long as a wrong password.
        let hash = found?.passwordHash.flatMap(PasswordHash.init(stored:)) ?? .decoy(self.passwordCost)
        guard let passwordMatches = await PasswordWork.runUnlessBusy({ hash.verifies(password) }) else { return .busy }
        guard let found else { return .refused }
        let now = self.time.now()
        return try await self.database.withTenant(found.tenantID) { transaction in
            guard let credentials = try await self.store.credentials(transaction, id: found.accountID, lock: true),
                credentials.account.state == .active
            else { return .refused }
            let account = credentials.account
            let person = Caller(person: account, transaction)
            // A refusal is not the account's act (it may be a stranger guessing): the trail
            // names the sign-in form as the actor, the account as what it was about.
            let form = Caller(public: "sign-in", transaction)
            if SignInRules.isLocked(lockedUntil: credentials.lockedUntil, now: now) {
                try await form.audit(
                    "account.sign_in_failed",
                    "account",
                    id: account.id,
                    before: String?.none,
                    after: ["address": address ?? "", "reason": "locked"]
                )
                return .refused
            }
            var secondFactor = "none"
            var step: Int64?
            var reason: String? = passwordMatches ? nil : "wrong_password"
            if passwordMatches, account.needsSecondFactor {
                (secondFactor, step) = try await self.secondFactor(transaction, credentials, code: code, now: now)
                if secondFactor == "none" { reason = "wrong_code" }
            }
            if let reason {
                let after = SignInRules.afterFailure(failures: credentials.failedCount, now: now)
                try await self.store.recordFailure(transaction, account: account.id, failures: after.failures, lockedUntil: after.lockedUntil)
                try await form.audit(
                    "account.sign_in_failed",
                    "account",
                    id: account.id,
                    before: String?.none,
                    after: ["address": address ?? "", "reason": reason]
                )
                if let until = after.lockedUntil {
                    try await form.audit(
                        "account.locked",
                        "account",
                        id: account.id,
                        before: String?.none,
                        after: ["address": address ?? "", "until": until.formatted(.iso8601)]
                    )
                }
                return .refused
            }
            try await self.store.recordSuccess(transaction, account: account.id, totpStep: step.map(Int.init))
            let session = try await self.store.openSession(transaction, account: account.id, lifetime: SignInRules.absoluteLifetime)
            try await person.audit(
                "account.signed_in",
                "account",
                id: account.id,
                before: String?.none,
                after: ["address": address ?? "", "second_factor": secondFactor, "session_id": session.id.lowercasedString]
            )
            return .signedIn(secret: session.secret)
        }
    }

    /// Which second factor `code` is ("totp", "recovery_code", or "none" when it is
    /// neither) and the TOTP step it used. A TOTP code is taken once (replay refused); a
    /// recovery code is used up.
    func secondFactor(_ transaction: TenantTransaction, _ credentials: AccountCredentials, code: String, now: Date) async throws -> (String, Int64?) {
        let account = credentials.account
        if let stored = credentials.totpSecret,
            let step = TOTP.verify(
                code,
                secret: try self.opened(stored, tenant: transaction.tenantID, account: account.id),
                at: now,
                lastUsed: credentials.totpLastStep.map(Int64.init)
            )
        {
            return ("totp", step)
        }
        if let recovery = RecoveryCodes.normalised(code),
            try await self.store.useRecoveryCode(transaction, account: account.id, hash: RecoveryCodes.hash(recovery))
        {
            return ("recovery_code", nil)
        }
        return ("none", nil)
    }

    /// Who is signed in on a page.
    public struct Person: Sendable {
        public var principal: Principal
        public var displayName: String
        public var accountID: UUID
        public var sessionID: UUID
    }

    /// Runs `body` for the person of a live session, in their tenant's transaction; `nil`
    /// when the cookie names no live session.
    public func withSession<T>(secret: String, _ body: (Caller, Person) async throws -> T) async throws -> T? {
        try await self.database.withAccountSession(secret: secret, idleTimeout: SignInRules.idleTimeout) { session in
            guard let session else { return nil }
            let person = Person(principal: session.principal, displayName: session.displayName, accountID: session.accountID, sessionID: session.id)
            return try await body(Caller(session.principal, session.transaction), person)
        }
    }

    /// Ends the session a cookie names, if it is still live.
    public func signOut(secret: String) async throws {
        try await self.database.withAccountSession(secret: secret, idleTimeout: SignInRules.idleTimeout) { session in
            guard let session else { return }
            try await self.store.endSession(session)
            try await Caller(session.principal, session.transaction).audit(
                "account.signed_out",
                "account",
                id: session.accountID,
                before: String?.none,
                after: ["session_id": session.id.lowercasedString]
            )
        }
    }

    /// The person's own account and sign-in history (the last 50 events).
    public func own(_ caller: Caller) async throws -> (account: Account, history: [SignInEvent], recoveryCodesLeft: Int) {
        guard let id = caller.principal?.accountID else { throw DomainError.notFound("account") }
        try caller.decide { AccountAccess.decide($0, .readOwn(id)) }.require("account")
        guard let account = try await self.store.find(caller.transaction, id: id) else { throw DomainError.notFound("account") }
        return (
            account,
            try await self.store.history(caller.transaction, account: id, limit: 50),
            try await self.store.unusedRecoveryCodes(caller.transaction, account: id)
        )
    }

    public func list(_ caller: Caller, after: UUID?, limit: Int) async throws -> Page<Account> {
        try caller.decide { AccountAccess.decide($0, .list) }.require("resource")
        return try await self.store.list(caller.transaction, after: after, limit: limit)
    }

    /// Disables an account: its sessions end and it can no longer sign in. A regulator
    /// cannot disable their own account (so a tenant keeps one who can invite).
    public func disable(_ caller: Caller, id: UUID) async throws -> Account {
        try caller.decide { AccountAccess.decide($0, .disable) }.require("resource")
        guard caller.principal?.accountID != id else { throw DomainError.forbidden("you cannot disable your own account") }
        guard let account = try await self.store.disable(caller.transaction, id: id) else { throw DomainError.notFound("account") }
        try await caller.audit("account.disabled", "account", id: id, before: String?.none, after: ["login": account.login])
        return account
    }

    func sealed(_ secret: Data, tenant: UUID, account: UUID) throws -> String {
        guard let seal = self.seal else { return Base32.encode(secret) }
        return try seal.seal(secret, context: SecretSeal.context("totp", tenant, account))
    }

    func opened(_ stored: String, tenant: UUID, account: UUID) throws -> Data {
        if SecretSeal.isSealed(stored) {
            guard let seal = self.seal, let secret = seal.open(stored, context: SecretSeal.context("totp", tenant, account)) else {
                throw SecretSeal.Failure(
                    description: "a sealed TOTP secret does not open: is \(WebhookSecrets.keyVariable) the one it was sealed with?"
                )
            }
            return secret
        }
        guard let secret = Base32.decode(stored) else { throw SecretSeal.Failure(description: "a stored TOTP secret is not base32") }
        return secret
    }
}

/// Password hashing off the cooperative pool and one at a time: each scrypt takes 32 MiB
/// and about a tenth of a second of one core, so a burst of sign-ins queues here instead
/// of taking the memory and threads the requests need.
enum PasswordWork {
    static let queue = DispatchQueue(label: "oversight.password-hashing")
    /// Checks waiting or running; past `maxPending` a sign-in is refused as busy rather
    /// than queued without end (each takes ~0.1 s, so 32 is a few seconds' wait).
    static let pending = PendingCount()
    static let maxPending = 32

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// `nil` when `maxPending` checks are already waiting.
    static func runUnlessBusy<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        guard Self.pending.enter(limit: Self.maxPending) else { return nil }
        return await withCheckedContinuation { continuation in
            Self.queue.async {
                let value = work()
                Self.pending.leave()
                continuation.resume(returning: value)
            }
        }
    }
}

/// A count shared across threads, under a lock.
final class PendingCount: @unchecked Sendable {
    let lock = NSLock()
    var count = 0

    func enter(limit: Int) -> Bool {
        self.lock.withLock {
            guard self.count < limit else { return false }
            self.count += 1
            return true
        }
    }

    func leave() { self.lock.withLock { self.count -= 1 } }
}
