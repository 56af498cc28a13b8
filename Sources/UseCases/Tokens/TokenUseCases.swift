import Domain
import Foundation
import Storage

/// The tokens a regulator issues to its inspectors and institutions (the secret is shown
/// once; only its hash is stored).
public struct TokenUseCases: Sendable {
    let store = TokenStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    public func issue(
        _ caller: Caller,
        role: Role,
        subjectID: UUID?,
        description: String?,
        expiresInDays: Int?
    ) async throws -> (token: String, record: TokenRecord) {
        try caller.decide { RegulatorAccess.decide($0, .issueToken) }.require("resource")
        var validator = Validator()
        validator.check(role == .inspector || role == .institution, "role", "must be inspector or institution")
        if let days = expiresInDays { validator.check((1...3650).contains(days), "expires_in_days", "must be 1 to 3650") }
        try validator.finish()
        let expiresAt = expiresInDays.map { self.time.now().addingTimeInterval(Double($0) * 86_400) }
        return try await self.mint(caller, role: role, subjectID: subjectID, description: description ?? "", expiresAt: expiresAt)
    }

    /// Mints a token of the caller's tenant for any tenant role, audited; the caller has
    /// been allowed to (the regulator's API above, a new tenant's first token, the CLI).
    /// An inspector's or institution's token names a record of the tenant.
    public func mint(
        _ caller: Caller,
        role: Role,
        subjectID: UUID?,
        description: String = "",
        expiresAt: Date? = nil
    ) async throws -> (token: String, record: TokenRecord) {
        var validator = Validator()
        validator.check(role != .platformAdmin, "role", "platform_admin tokens belong to no tenant")
        validator.check(!role.needsSubject || subjectID != nil, "subject_id", "is required for \(role.label) tokens")
        validator.check(role.needsSubject || subjectID == nil, "subject_id", "must be absent for \(role.label) tokens")
        validator.text(description, "description", max: 200, required: false)
        try validator.finish()
        if role == .institution, let subjectID, try await InstitutionStore().find(caller.transaction, id: subjectID) == nil {
            throw DomainError.invalid([FieldError("subject_id", "no such institution")])
        }
        if role == .inspector, let subjectID, try await InspectorStore().find(caller.transaction, id: subjectID) == nil {
            throw DomainError.invalid([FieldError("subject_id", "no such inspector")])
        }
        let minted = try await self.store.create(
            caller.transaction,
            role: role,
            subjectID: subjectID,
            description: description,
            expiresAt: expiresAt,
            createdBy: caller.actor.tokenID
        )
        try await caller.audit("token.created", "token", id: minted.record.id, before: String?.none, after: minted.record)
        return minted
    }

    /// A regulator may not revoke other regulators' tokens through the API, only
    /// inspectors' and institutions'.
    public func revoke(_ caller: Caller, id: UUID) async throws {
        try caller.decide { RegulatorAccess.decide($0, .revokeToken) }.require("resource")
        guard try await self.store.revoke(caller.transaction, id: id, allowedRoles: [.inspector, .institution]) else {
            throw DomainError.notFound("token")
        }
        try await caller.audit("token.revoked", "token", id: id, before: String?.none, after: ["revoked": true])
    }
}
