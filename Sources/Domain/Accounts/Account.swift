import Foundation

/// A person's account on the pages: who they are, the role and record they act for, and
/// where their invitation and second factor stand. Secrets (password hash, TOTP secret)
/// stay in Storage.
public struct Account: Sendable, Equatable {
    public var id: UUID
    public var login: String
    public var displayName: String
    public var role: Role
    /// The inspector or institution the account acts for; `nil` for a regulator.
    public var subjectID: UUID?
    public var createdAt: Date
    public var activatedAt: Date?
    public var disabledAt: Date?
    public var inviteExpiresAt: Date?
    public var version: Int
    /// The inspector's or institution's name, where a list shows it.
    public var subjectName: String?

    public init(
        id: UUID,
        login: String,
        displayName: String,
        role: Role,
        subjectID: UUID?,
        createdAt: Date,
        activatedAt: Date?,
        disabledAt: Date?,
        inviteExpiresAt: Date?,
        version: Int,
        subjectName: String? = nil
    ) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.role = role
        self.subjectID = subjectID
        self.createdAt = createdAt
        self.activatedAt = activatedAt
        self.disabledAt = disabledAt
        self.inviteExpiresAt = inviteExpiresAt
        self.version = version
        self.subjectName = subjectName
    }

    /// Where the account stands, as its list shows it.
    public enum State: String, Sendable, CaseIterable {
        case invited, active, disabled
    }

    public var state: State {
        if self.disabledAt != nil { return .disabled }
        return self.activatedAt == nil ? .invited : .active
    }

    /// A regulator must sign in with a second factor (等保 2.0 level 3: two factors for
    /// administrators of a government system); inspectors and institutions use a password.
    public var needsSecondFactor: Bool { self.role == .regulator }
}

/// What a regulator fills in to invite a person.
public struct NewAccount: Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: Role
    public var subjectID: UUID?

    public init(login: String, displayName: String, role: Role, subjectID: UUID?) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.subjectID = subjectID
    }

    /// A login as typed: trimmed and lowercased (logins are not case-sensitive).
    public static func normalisedLogin(_ typed: String) -> String { typed.trimmingCharacters(in: .whitespaces).lowercased() }

    public static func isLogin(_ login: String) -> Bool {
        guard (3...64).contains(login.count), let first = login.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return login.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._@-".contains($0)) }
    }

    /// The errors of this invitation, field by field (the record it names is checked
    /// against the register by the use case).
    public func problems() -> [FieldError] {
        var validator = Validator()
        validator.check(Self.isLogin(self.login), "login", "must be 3–64 lower-case letters, digits, '.', '_', '@' or '-'")
        validator.text(self.displayName, "display_name", max: 100)
        validator.check(self.role != .platformAdmin, "role", "must be regulator, inspector or institution")
        validator.check(!self.role.needsSubject || self.subjectID != nil, "subject_id", "is required for \(self.role.label) accounts")
        validator.check(self.role.needsSubject || self.subjectID == nil, "subject_id", "must be absent for \(self.role.label) accounts")
        return validator.errors
    }
}
