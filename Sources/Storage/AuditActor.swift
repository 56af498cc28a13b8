import Domain
import Foundation

/// Who made a change, as the audit trail records it.
public struct AuditActor: Sendable, Equatable {
    public var role: String
    public var tokenID: UUID?
    public var subjectID: UUID?

    public init(role: String, tokenID: UUID?, subjectID: UUID?) {
        self.role = role
        self.tokenID = tokenID
        self.subjectID = subjectID
    }

    public init(_ principal: Principal) {
        self.init(role: principal.role.rawValue, tokenID: principal.tokenID, subjectID: principal.subjectID)
    }

    /// Changes made by the system itself (workers, seeds, the CLI).
    public static func system(_ name: String) -> AuditActor { AuditActor(role: "system:\(name)", tokenID: nil, subjectID: nil) }
}
