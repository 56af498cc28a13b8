import Foundation

/// A checklist template: a title and a line of versions. National templates (GB 38600)
/// belong to no tenant and are visible to all; tenants write their own or copy one.
public struct ChecklistTemplate: Sendable, Equatable, Codable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case national, tenant
    }

    public var id: UUID
    public var scope: Scope
    public var title: String
    /// The standard the template implements, e.g. "GB 38600-2019"; the compliance
    /// indicator counts inspections against templates of that standard.
    public var standard: String?
    public var description: String
    /// The version a copy was made from.
    public var copiedFromVersionID: UUID?
    public var versions: [ChecklistVersionSummary]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, scope, title, standard, description, versions
        case copiedFromVersionID = "copied_from_version_id"
        case createdAt = "created_at"
    }

    public init(
        id: UUID,
        scope: Scope,
        title: String,
        standard: String?,
        description: String,
        copiedFromVersionID: UUID? = nil,
        versions: [ChecklistVersionSummary] = [],
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.title = title
        self.standard = standard
        self.description = description
        self.copiedFromVersionID = copiedFromVersionID
        self.versions = versions
        self.createdAt = createdAt
    }

    public static let gb38600 = "GB 38600-2019"
    /// The seeded national GB 38600-2019 template (sql/0011_checklists.sql).
    public static let nationalGB38600ID = UUID(uuidString: "00000000-3860-7000-8000-000000000001")!
}

/// One version of a template, without its items.
public struct ChecklistVersionSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var version: Int
    public var state: ChecklistVersion.State
    public var publishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, version, state
        case publishedAt = "published_at"
    }

    public init(id: UUID, version: Int, state: ChecklistVersion.State, publishedAt: Date?) {
        self.id = id
        self.version = version
        self.state = state
        self.publishedAt = publishedAt
    }
}

/// A version of a template with its items. A published version never changes; editing
/// a template writes a new draft version, which publishing then freezes.
public struct ChecklistVersion: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, published
    }

    public var id: UUID
    public var templateID: UUID
    public var scope: ChecklistTemplate.Scope
    public var version: Int
    public var state: State
    public var title: String
    public var standard: String?
    public var items: [ChecklistItem]
    public var createdAt: Date
    public var publishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, scope, version, state, title, standard, items
        case templateID = "template_id"
        case createdAt = "created_at"
        case publishedAt = "published_at"
    }

    public init(
        id: UUID,
        templateID: UUID,
        scope: ChecklistTemplate.Scope,
        version: Int,
        state: State,
        title: String,
        standard: String?,
        items: [ChecklistItem],
        createdAt: Date,
        publishedAt: Date?
    ) {
        self.id = id
        self.templateID = templateID
        self.scope = scope
        self.version = version
        self.state = state
        self.title = title
        self.standard = standard
        self.items = items
        self.createdAt = createdAt
        self.publishedAt = publishedAt
    }

    public var evaluationItems: [ChecklistEvaluation.Item] { self.items.map(\.evaluationItem) }

    public func item(_ code: String) -> ChecklistItem? { self.items.first { $0.code == code } }
}
