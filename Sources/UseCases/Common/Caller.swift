import Domain
import Foundation
import Storage

/// Who gives a command, and the one transaction of their tenant it runs in.
///
/// A signed-in user (a principal) or a job of the system; every use case takes one and
/// writes it into the audit trail.
public struct Caller: Sendable {
    /// The user, or `nil` for a job of the system.
    public let principal: Principal?
    let transaction: TenantTransaction
    let actor: AuditActor
    /// A member of the public on the portal: no policy allows them anything; only the
    /// use cases written for the public (filing a complaint) run for them.
    let isPublic: Bool
    /// Set for a page that reads through several use cases in one transaction: no read
    /// may then commit it early (`finishing`).
    private(set) var composing = false

    /// A user of the API, in their request's transaction.
    public init(_ principal: Principal, _ transaction: TenantTransaction) {
        self.principal = principal
        self.transaction = transaction
        self.actor = AuditActor(principal)
        self.isPublic = false
    }

    /// A job of the system, named as the audit trail shows it (`hazards.deadlines`).
    public init(job name: String, _ transaction: TenantTransaction) {
        self.principal = nil
        self.transaction = transaction
        self.actor = .system(name)
        self.isPublic = false
    }

    /// Someone without an account, on the public portal (`public:portal` in the trail).
    init(public channel: String, _ transaction: TenantTransaction) {
        self.principal = nil
        self.transaction = transaction
        self.actor = AuditActor(role: "public:\(channel)", tokenID: nil, subjectID: nil)
        self.isPublic = true
    }

    /// A person acting on their own account before they have a session (accepting an
    /// invitation, signing in): named in the trail by their account; no policy allows
    /// them anything here.
    init(person account: Account, _ transaction: TenantTransaction) {
        self.principal = nil
        self.transaction = transaction
        self.actor = AuditActor(role: account.role.rawValue, tokenID: nil, subjectID: account.subjectID, accountID: account.id)
        self.isPublic = true
    }

    public var tenantID: UUID { self.transaction.tenantID }

    /// The user a policy judges; jobs act for the system and pass every policy.
    func decide(_ decision: (Principal) -> AccessDecision) -> AccessDecision {
        guard let principal else { return self.isPublic ? .hidden : .allowed }
        return decision(principal)
    }

    /// The same caller in a transaction that commits with its next statement (the last
    /// read of a request).
    func finishing() -> TenantTransaction { self.composing ? self.transaction : self.transaction.finishing() }

    /// The same caller for several reads in one transaction (a page that gathers a record
    /// with its related lists).
    public func composed() -> Caller {
        var copy = self
        copy.composing = true
        return copy
    }
}
