import Domain
import Foundation
import Postgres

/// Issues and revokes bearer tokens (requests find theirs through `Database.withRequest`).
/// Only SHA-256 hashes are stored.
public struct TokenStore: Sendable {
    public init() {}

    /// Issues a tenant token inside an existing tenant transaction (`createdBy`: the
    /// issuing token). Returns the secret once.
    public func create(
        _ transaction: TenantTransaction,
        role: Role,
        subjectID: UUID?,
        description: String,
        expiresAt: Date?,
        createdBy: UUID?
    ) async throws -> (token: String, record: TokenRecord) {
        let (token, hash) = BearerToken.generate()
        let id = UUIDv7.make()
        let rows = try await transaction.query(
            """
            INSERT INTO api_tokens (tenant_id, id, token_hash, role, subject_id, description, created_by, expires_at)
            VALUES (\(transaction.tenantID), \(id), \(hash), \(role.rawValue), \(subjectID), \(description), \(createdBy), \(expiresAt))
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
        return (token, record)
    }

    /// Revokes a tenant token of one of `allowedRoles`; `false` when there is none.
    public func revoke(_ transaction: TenantTransaction, id: UUID, allowedRoles: Set<Role>) async throws -> Bool {
        let rows = try await transaction.query(
            """
            UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND role = ANY(\(allowedRoles.map(\.rawValue)))
            RETURNING id
            """
        )
        return !rows.isEmpty
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
