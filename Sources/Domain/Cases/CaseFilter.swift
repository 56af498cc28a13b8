import Foundation

/// Filters of the case list.
public struct CaseFilter: Sendable, Equatable {
    public var institutionID: UUID?
    public var state: Case.State?
    public var overdue: Bool?
    /// Only cases linked to inspections assigned to this inspector.
    public var inspectorID: UUID?

    public init(institutionID: UUID? = nil, state: Case.State? = nil, overdue: Bool? = nil) {
        self.institutionID = institutionID
        self.state = state
        self.overdue = overdue
    }
}

/// What a case is linked to: an inspection or a hazard, caused by it or attached later.
public struct CaseLink: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case inspection, hazard }
    public enum Relation: String, Sendable, Codable, CaseIterable { case caused, attached }

    public var kind: Kind
    public var targetID: UUID
    public var relation: Relation
    public var createdAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, relation
        case targetID = "target_id"
        case createdAt = "created_at"
    }

    public init(kind: Kind, targetID: UUID, relation: Relation, createdAt: Date) {
        self.kind = kind
        self.targetID = targetID
        self.relation = relation
        self.createdAt = createdAt
    }
}

/// One step of a case's timeline: what was done, from which state to which, why, by whom and when.
public struct CaseStep: Sendable, Equatable, Codable {
    public var action: String
    public var from: Case.State
    public var to: Case.State
    public var text: String?
    public var actorRole: String
    public var actorSubjectID: UUID?
    public var at: Date

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case action, from, to, text, at
        case actorRole = "actor_role"
        case actorSubjectID = "actor_subject_id"
    }

    public init(action: String, from: Case.State, to: Case.State, text: String?, actorRole: String, actorSubjectID: UUID?, at: Date) {
        self.action = action
        self.from = from
        self.to = to
        self.text = text
        self.actorRole = actorRole
        self.actorSubjectID = actorSubjectID
        self.at = at
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.action, forKey: .action)
        try container.encode(self.from, forKey: .from)
        try container.encode(self.to, forKey: .to)
        try container.encode(self.text, forKey: .text)
        try container.encode(self.actorRole, forKey: .actorRole)
        try container.encode(self.actorSubjectID, forKey: .actorSubjectID)
        try container.encode(self.at, forKey: .at)
    }
}
