import Domain
import Foundation
import Postgres

/// Issues and revokes bearer tokens (requests find theirs through `Database.withRequest`).
/// Only SHA-256 hashes are stored.
public struct TokenStore: Sendable {
    public init() {}

    /// Issues a tenant token inside an existing tenant transaction. Returns the secret once.
    public func create(
        _ transaction: TenantTransaction,
        role: Role,
        subjectID: UUID?,
        description: String = "",
        expiresAt: Date? = nil,
        actor: AuditActor
    ) async throws -> (token: String, record: TokenRecord) {
        var validator = Validator()
        validator.check(role != .platformAdmin, "role", "platform_admin tokens belong to no tenant")
        validator.check(!role.needsSubject || subjectID != nil, "subject_id", "is required for \(role.rawValue) tokens")
        validator.check(role.needsSubject || subjectID == nil, "subject_id", "must be absent for \(role.rawValue) tokens")
        validator.text(description, "description", max: 200, required: false)
        try validator.finish()
        if role == .institution, let subjectID {
            let rows = try await transaction.query("SELECT 1 FROM institutions WHERE tenant_id = \(transaction.tenantID) AND id = \(subjectID)")
            guard !rows.isEmpty else { throw DomainError.invalid([FieldError("subject_id", "no such institution")]) }
        }
        if role == .inspector, let subjectID {
            let rows = try await transaction.query("SELECT 1 FROM inspectors WHERE tenant_id = \(transaction.tenantID) AND id = \(subjectID)")
            guard !rows.isEmpty else { throw DomainError.invalid([FieldError("subject_id", "no such inspector")]) }
        }
        let (token, hash) = BearerToken.generate()
        let id = UUIDv7.make()
        let rows = try await transaction.query(
            """
            INSERT INTO api_tokens (tenant_id, id, token_hash, role, subject_id, description, created_by, expires_at)
            VALUES (\(transaction.tenantID), \(id), \(hash), \(role.rawValue), \(subjectID), \(description), \(actor.tokenID), \(expiresAt))
            RETURNING created_at
            """
        )
        let record = TokenRecord(
            id: id,
            role: role,
            subjectID: subjectID,
            description: description,
            createdAt: try rows[0].decode(0),
            expiresAt: expiresAt,
            revokedAt: nil
        )
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "token.created",
            entityType: "token",
            entityID: id,
            before: String?.none,
            after: record
        )
        return (token, record)
    }

    /// Revokes a tenant token. A regulator may not revoke other regulators' tokens through
    /// the API (`allowedRoles`), only inspectors' and institutions'.
    public func revoke(_ transaction: TenantTransaction, id: UUID, allowedRoles: Set<Role>, actor: AuditActor) async throws {
        let rows = try await transaction.query(
            """
            UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND role = ANY(\(allowedRoles.map(\.rawValue)))
            RETURNING id
            """
        )
        guard !rows.isEmpty else { throw DomainError.notFound("token") }
        try await AuditLog.record(
            transaction,
            actor: actor,
            action: "token.revoked",
            entityType: "token",
            entityID: id,
            before: String?.none,
            after: ["revoked": true]
        )
    }

    /// Mints a platform administrator token (CLI, as the owner role).
    public static func createPlatformToken(
        _ connection: LibpqConnectionHandle,
        description: String,
        expiresAt: Date?
    ) async throws -> String {
        let (token, hash) = BearerToken.generate()
        try await connection.query(
            "SELECT create_platform_token(\(UUIDv7.make()), \(hash), \(description), \(expiresAt))"
        )
        return token
    }
}
