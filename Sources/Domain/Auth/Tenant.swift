import Foundation

/// A tenant: one regulator's jurisdiction.
public struct Tenant: Sendable, Equatable, Codable {
    public var id: UUID
    public var slug: String
    public var name: String
    public var parentID: UUID?
    public var timeZone: String
    public var createdAt: Date

    public init(id: UUID, slug: String, name: String, parentID: UUID?, timeZone: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.parentID = parentID
        self.timeZone = timeZone
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, slug, name
        case parentID = "parent_id"
        case timeZone = "time_zone"
        case createdAt = "created_at"
    }

    /// Slugs appear in public URLs: lowercase letters, digits and dashes.
    public static func validate(slug: String, name: String) throws {
        var validator = Validator()
        validator.check(
            slug.range(of: "^[a-z0-9][a-z0-9-]{1,62}$", options: .regularExpression) != nil,
            "slug",
            "must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit"
        )
        validator.text(name, "name", max: 200)
        try validator.finish()
    }
}
