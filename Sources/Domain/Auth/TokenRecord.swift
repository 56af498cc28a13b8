import Foundation

/// A token's record: what it grants, never the secret.
public struct TokenRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var role: Role
    public var subjectID: UUID?
    public var description: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: UUID, role: Role, subjectID: UUID?, description: String, createdAt: Date, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.role = role
        self.subjectID = subjectID
        self.description = description
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, role, description
        case subjectID = "subject_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

}
