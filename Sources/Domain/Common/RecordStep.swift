import Foundation

/// One step of a record's history as the timeline shows it (a hazard's rectification, a
/// case's handling): what was done, from which state to which, the text sent with it (a
/// plan, a reason, a conclusion), by whom and when.
public struct RecordStep<State: RawRepresentable & Codable & Sendable & Equatable>: Sendable, Equatable, Codable
where State.RawValue == String {
    public var action: String
    public var from: State
    public var to: State
    public var text: String?
    public var actorRole: String
    public var actorSubjectID: UUID?
    public var at: Date

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case action, from, to, text, at
        case actorRole = "actor_role"
        case actorSubjectID = "actor_subject_id"
    }

    public init(action: String, from: State, to: State, text: String?, actorRole: String, actorSubjectID: UUID?, at: Date) {
        self.action = action
        self.from = from
        self.to = to
        self.text = text
        self.actorRole = actorRole
        self.actorSubjectID = actorSubjectID
        self.at = at
    }

    /// Every key, nulls included (the timeline's schema names them all).
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
