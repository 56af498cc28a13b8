import Foundation

/// One step of a hazard's rectification as the history shows it: what was done, from
/// which state to which, the text sent with it (a plan, a rectification note, a
/// rejection's reason), by whom and when.
public struct HazardStep: Sendable, Equatable, Codable {
    public var action: String
    public var from: Hazard.State
    public var to: Hazard.State
    public var text: String?
    public var actorRole: String
    public var actorSubjectID: UUID?
    public var at: Date

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case action, from, to, text, at
        case actorRole = "actor_role"
        case actorSubjectID = "actor_subject_id"
    }

    public init(action: String, from: Hazard.State, to: Hazard.State, text: String?, actorRole: String, actorSubjectID: UUID?, at: Date) {
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
