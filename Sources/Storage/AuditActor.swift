import Domain
import Foundation

/// Who made a change, as the audit trail records it.
public struct AuditActor: Sendable, Equatable {
    public var role: String
    public var tokenID: UUID?
    public var subjectID: UUID?
    /// The person's account, when signed in on the pages (`tokenID` is their session).
    public var accountID: UUID?

    public init(role: String, tokenID: UUID?, subjectID: UUID?, accountID: UUID? = nil) {
        self.role = role
        self.tokenID = tokenID
        self.subjectID = subjectID
        self.accountID = accountID
    }

    public init(_ principal: Principal) {
        self.init(role: principal.role.rawValue, tokenID: principal.tokenID, subjectID: principal.subjectID, accountID: principal.accountID)
    }

    /// Changes made by the system itself (workers, seeds, the CLI).
    public static func system(_ name: String) -> AuditActor { AuditActor(role: "system:\(name)", tokenID: nil, subjectID: nil) }
}
