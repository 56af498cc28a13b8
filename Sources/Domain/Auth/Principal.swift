import Foundation

/// Who may act, as DESIGN.md's table says.
public enum Role: String, Sendable, Codable, CaseIterable {
    case platformAdmin = "platform_admin"
    case regulator
    case inspector
    case institution

    /// Roles whose tokens are bound to a record (inspector or institution).
    public var needsSubject: Bool { self == .inspector || self == .institution }
}

/// The authenticated caller of one request.
public struct Principal: Sendable, Equatable {
    public var tokenID: UUID
    /// `nil` only for platform administrators.
    public var tenantID: UUID?
    public var role: Role
    /// The inspector or institution the token is bound to.
    public var subjectID: UUID?
    /// The person's account when signed in on the pages (`tokenID` is then the session's
    /// id); `nil` for an API token.
    public var accountID: UUID?

    public init(tokenID: UUID, tenantID: UUID?, role: Role, subjectID: UUID?, accountID: UUID? = nil) {
        self.tokenID = tokenID
        self.tenantID = tenantID
        self.role = role
        self.subjectID = subjectID
        self.accountID = accountID
    }
}
