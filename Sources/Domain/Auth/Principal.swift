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

    public init(tokenID: UUID, tenantID: UUID?, role: Role, subjectID: UUID?) {
        self.tokenID = tokenID
        self.tenantID = tenantID
        self.role = role
        self.subjectID = subjectID
    }

    /// Whether the caller may read this institution's record.
    public func canRead(institution id: UUID) -> Bool {
        switch self.role {
        case .regulator: true
        case .institution: self.subjectID == id
        case .inspector, .platformAdmin: false
        }
    }

    /// Whether the caller may change these fields of this institution.
    public func canUpdate(institution id: UUID, fields: Set<String>) -> Bool {
        switch self.role {
        case .regulator: true
        case .institution: self.subjectID == id && fields.isSubset(of: Institution.operatingFigureFields)
        case .inspector, .platformAdmin: false
        }
    }
}
