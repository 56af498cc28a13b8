import Domain
import Foundation
import Postgres

/// An account with what signing in needs besides its public fields: the stored password
/// hash, the sealed TOTP secret and the lockout state. Never leaves the use cases.
public struct AccountCredentials: Sendable {
    public var account: Account
    public var passwordHash: String?
    public var totpSecret: String?
    public var totpLastStep: Int?
    public var failedCount: Int
    public var lockedUntil: Date?
}

/// One line of a person's sign-in history (from the audit log).
public struct SignInEvent: Sendable, Equatable {
    public var at: Date
    /// `account.signed_in`, `account.sign_in_failed`, `account.locked`, `account.signed_out`, …
    public var action: String
    public var address: String?
}

/// A person's signed-in session and its transaction, scoped to the account's tenant.
public struct AccountSession: Sendable {
    public let id: UUID
    public let principal: Principal
    public let displayName: String
    public let transaction: TenantTransaction
    public var accountID: UUID { self.principal.accountID ?? self.id }
}

/// People's accounts (`accounts`), their recovery codes and their sessions. Secrets are
/// stored only as hashes (invitation links, sessions, recovery codes, passwords) or sealed
/// (the TOTP secret, which must be read back).
public struct AccountStore: Sendable {
    public init() {}

    static let columns = ColumnList(
        "id",
        "login",
        "display_name",
        "role",
        "subject_id",
        "created_at",
        "activated_at",
        "disabled_at",
        "invite_expires_at",
        "version",
        "password_hash",
        "totp_secret",
        "totp_last_step",
        "failed_count",
        "locked_until"
    )

    static func decode(_ row: SQLRow) throws -> AccountCredentials {
        guard let role = Role(rawValue: try row.decode(3)) else { throw DomainError.notFound("account") }
        return AccountCredentials(
            account: Account(
                id: try row.decode(0),
                login: try row.decode(1),
                displayName: try row.decode(2),
                role: role,
                subjectID: try row.decode(4),
                createdAt: try row.decode(5),
                activatedAt: try row.decode(6),
                disabledAt: try row.decode(7),
                inviteExpiresAt: try row.decode(8),
                version: try row.decode(9)
            ),
            passwordHash: try row.decode(10),
            totpSecret: try row.decode(11),
            totpLastStep: try row.decode(12),
            failedCount: try row.decode(13),
            lockedUntil: try row.decode(14)
        )
    }

    /// Creates an invited account; `inviteHash` is the SHA-256 of the link's secret.
    public func invite(
        _ transaction: TenantTransaction,
        _ new: NewAccount,
        id: UUID,
        totpSecret: String?,
        inviteHash: Data,
        expiresAt: Date,
        invitedBy: UUID?
    ) async throws -> Account {
        let rows: SQLRows
        // A login taken (in any tenant) fails the insert; the savepoint keeps the rest of
        // the transaction usable, so the page can show the form again with the reason.
        try await transaction.query("SAVEPOINT account_invite")
        do {
            rows = try await transaction.query(
                """
                INSERT INTO accounts (tenant_id, id, login, display_name, role, subject_id, totp_secret, invite_hash,
                    invite_expires_at, invited_by)
                VALUES (\(transaction.tenantID), \(id), \(new.login), \(new.displayName), \(new.role.rawValue), \(new.subjectID),
                    \(totpSecret), \(inviteHash), \(expiresAt), \(invitedBy))
                RETURNING \(Self.columns.sql)
                """
            )
        } catch let error as LibpqError where error.kind == .uniqueViolation {
            try await transaction.query("ROLLBACK TO SAVEPOINT account_invite")
            throw DomainError.invalid([FieldError("login", "is already used by another account")])
        }
        return try Self.decode(rows[0]).account
    }

    /// The account of an open invitation, across tenants: its tenant and id.
    public func findInvitation(_ connection: LibpqConnectionHandle, hash: Data) async throws -> (tenantID: UUID, accountID: UUID)? {
        let rows = try await connection.query("SELECT tenant_id, account_id FROM find_invitation(\(hash))")
        guard let row = rows.first else { return nil }
        return (try row.decode(0), try row.decode(1))
    }

    /// The active account of a login, across tenants: its tenant, id and password hash.
    public func findSignIn(
        _ connection: LibpqConnectionHandle,
        login: String
    ) async throws -> (
        tenantID: UUID, accountID: UUID, passwordHash: String?
    )? {
        let rows = try await connection.query("SELECT tenant_id, account_id, password_hash FROM find_sign_in(\(login))")
        guard let row = rows.first else { return nil }
        return (try row.decode(0), try row.decode(1), try row.decode(2))
    }

    /// The account with its credentials; `lock` holds it until the transaction ends, so
    /// two sign-ins at once count their failures and TOTP steps one after the other.
    public func credentials(_ transaction: TenantTransaction, id: UUID, lock: Bool = false) async throws -> AccountCredentials? {
        let rows = try await transaction.query(
            lock
                ? "SELECT \(Self.columns.sql) FROM accounts WHERE tenant_id = \(transaction.tenantID) AND id = \(id) FOR UPDATE"
                : "SELECT \(Self.columns.sql) FROM accounts WHERE tenant_id = \(transaction.tenantID) AND id = \(id)"
        )
        return try rows.first.map(Self.decode)
    }

    public func find(_ transaction: TenantTransaction, id: UUID) async throws -> Account? {
        try await self.credentials(transaction, id: id)?.account
    }

    /// The tenant's accounts, newest first, a page at a time, with the names of the
    /// records they act for.
    public func list(_ transaction: TenantTransaction, after: UUID?, limit: Int) async throws -> Page<Account> {
        let rows = try await transaction.query(
            """
            SELECT \(Self.columns.sql),
                coalesce(
                    (SELECT i.name FROM institutions i WHERE accounts.role = 'institution' AND i.tenant_id = accounts.tenant_id
                       AND i.id = accounts.subject_id),
                    (SELECT p.name FROM inspectors p WHERE accounts.role = 'inspector' AND p.tenant_id = accounts.tenant_id
                       AND p.id = accounts.subject_id))
            FROM accounts WHERE tenant_id = \(transaction.tenantID) AND (\(after)::uuid IS NULL OR id < \(after))
            ORDER BY id DESC LIMIT \(limit + 1)
            """
        )
        let accounts = try rows.map { row in
            var account = try Self.decode(row).account
            account.subjectName = try row.decode(Self.columns.entries.count)
            return account
        }
        return Page(overfetched: accounts, limit: limit, id: \.id)
    }

    /// The record an account of `role` acts for, by what a person knows it by: an
    /// inspector's certificate number, an institution's unified social credit code.
    public func subject(_ transaction: TenantTransaction, role: Role, code: String) async throws -> UUID? {
        let rows: SQLRows
        switch role {
        case .inspector:
            rows = try await transaction.query(
                "SELECT id FROM inspectors WHERE tenant_id = \(transaction.tenantID) AND certificate_number = \(code)"
            )
        case .institution:
            rows = try await transaction.query(
                "SELECT id FROM institutions WHERE tenant_id = \(transaction.tenantID) AND credit_code = \(code.uppercased())"
            )
        case .regulator, .platformAdmin: return nil
        }
        return try rows.first?.decode(0)
    }

    /// Sets the password, ends the invitation and (for a second factor) records the step
    /// of the code that confirmed enrolment.
    /// `false` when the account was active already.
    public func activate(_ transaction: TenantTransaction, id: UUID, passwordHash: String, totpStep: Int?) async throws -> Bool {
        let rows = try await transaction.query(
            """
            UPDATE accounts SET password_hash = \(passwordHash), totp_last_step = \(totpStep), activated_at = now(),
                invite_hash = NULL, invite_expires_at = NULL, version = version + 1
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND activated_at IS NULL
            RETURNING id
            """
        )
        return !rows.isEmpty
    }

    public func storeRecoveryCodes(_ transaction: TenantTransaction, account: UUID, hashes: [Data]) async throws {
        try await transaction.query(
            "DELETE FROM account_recovery_codes WHERE tenant_id = \(transaction.tenantID) AND account_id = \(account)"
        )
        try await transaction.query(
            """
            INSERT INTO account_recovery_codes (tenant_id, account_id, code_hash)
            SELECT \(transaction.tenantID), \(account), unnest(\(hashes)::bytea[])
            """
        )
    }

    /// Uses up a recovery code; `false` when it is not one of the account's unused codes.
    public func useRecoveryCode(_ transaction: TenantTransaction, account: UUID, hash: Data) async throws -> Bool {
        let rows = try await transaction.query(
            """
            UPDATE account_recovery_codes SET used_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND account_id = \(account) AND code_hash = \(hash) AND used_at IS NULL
            RETURNING code_hash
            """
        )
        return !rows.isEmpty
    }

    public func unusedRecoveryCodes(_ transaction: TenantTransaction, account: UUID) async throws -> Int {
        let rows = try await transaction.query(
            """
            SELECT count(*) FROM account_recovery_codes
            WHERE tenant_id = \(transaction.tenantID) AND account_id = \(account) AND used_at IS NULL
            """
        )
        return try rows[0].decode(0)
    }

    public func recordFailure(_ transaction: TenantTransaction, account: UUID, failures: Int, lockedUntil: Date?) async throws {
        try await transaction.query(
            """
            UPDATE accounts SET failed_count = \(failures), locked_until = coalesce(\(lockedUntil), locked_until)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(account)
            """
        )
    }

    public func recordSuccess(_ transaction: TenantTransaction, account: UUID, totpStep: Int?) async throws {
        try await transaction.query(
            """
            UPDATE accounts SET failed_count = 0, locked_until = NULL, totp_last_step = coalesce(\(totpStep), totp_last_step)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(account)
            """
        )
    }

    /// Disables an account and ends its sessions; `nil` when there is no such account.
    public func disable(_ transaction: TenantTransaction, id: UUID) async throws -> Account? {
        let rows = try await transaction.query(
            """
            UPDATE accounts SET disabled_at = coalesce(disabled_at, now()), invite_hash = NULL, version = version + 1
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id)
            RETURNING \(Self.columns.sql)
            """
        )
        try await transaction.query(
            """
            UPDATE account_sessions SET ended_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND account_id = \(id) AND ended_at IS NULL
            """
        )
        return try rows.first.map { try Self.decode($0).account }
    }

    /// Opens a session; returns its id and the cookie's secret. The account's ended and
    /// expired sessions are cleared first, so the table stays small.
    public func openSession(
        _ transaction: TenantTransaction,
        account: UUID,
        lifetime: TimeInterval
    ) async throws -> (
        id: UUID, secret: String
    ) {
        let (secret, hash) = BearerToken.generate(prefix: BearerToken.sessionPrefix)
        let id = UUIDv7.make()
        try await transaction.query(
            """
            DELETE FROM account_sessions WHERE tenant_id = \(transaction.tenantID) AND account_id = \(account)
              AND (ended_at IS NOT NULL OR expires_at <= now())
            """
        )
        try await transaction.query(
            """
            INSERT INTO account_sessions (tenant_id, id, session_hash, account_id, expires_at)
            VALUES (\(transaction.tenantID), \(id), \(hash), \(account), now() + make_interval(secs => \(lifetime)))
            """
        )
        return (id, secret)
    }

    /// Ends a session on the server: its cookie no longer opens anything.
    public func endSession(_ session: AccountSession) async throws {
        let transaction = session.transaction
        try await transaction.query(
            """
            UPDATE account_sessions SET ended_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(session.id) AND ended_at IS NULL
            """
        )
    }

    /// The account's sign-ins, failures, lockouts and sign-outs, newest first.
    public func history(_ transaction: TenantTransaction, account: UUID, limit: Int) async throws -> [SignInEvent] {
        let rows = try await transaction.query(
            """
            SELECT occurred_at, action, after ->> 'address' FROM audit_log
            WHERE tenant_id = \(transaction.tenantID) AND entity_type = 'account' AND entity_id = \(account)
              AND action = ANY(\(["account.signed_in", "account.sign_in_failed", "account.locked", "account.signed_out"]))
            ORDER BY id DESC LIMIT \(limit)
            """
        )
        return try rows.map { SignInEvent(at: try $0.decode(0), action: try $0.decode(1), address: try $0.decode(2)) }
    }
}
