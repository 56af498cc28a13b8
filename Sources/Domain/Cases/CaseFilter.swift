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
public typealias CaseStep = RecordStep<Case.State>
