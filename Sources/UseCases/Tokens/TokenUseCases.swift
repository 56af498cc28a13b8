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
        return try await self.store.create(
            caller.transaction,
            role: role,
            subjectID: subjectID,
            description: description ?? "",
            expiresAt: expiresAt,
            actor: caller.actor
        )
    }

    public func revoke(_ caller: Caller, id: UUID) async throws {
        try caller.decide { RegulatorAccess.decide($0, .revokeToken) }.require("resource")
        try await self.store.revoke(caller.transaction, id: id, allowedRoles: [.inspector, .institution], actor: caller.actor)
    }
}
