import Foundation
import Postgres

/// Stored responses of creating POSTs, keyed by (tenant, token, Idempotency-Key).
public struct IdempotencyStore: Sendable {
    public struct StoredResponse: Sendable, Equatable {
        public var requestHash: Data
        public var status: Int
        public var location: String?
        public var body: Data
    }

    public init() {}

    /// Claims the key for this transaction. If another request already completed with the
    /// key, returns its response; a concurrent request with the same key waits on the
    /// primary key until the first commits, then sees its response.
    public func claim(
        _ transaction: TenantTransaction,
        tokenID: UUID,
        key: String,
        requestHash: Data
    ) async throws
        -> StoredResponse?
    {
        let inserted = try await transaction.query(
            """
            INSERT INTO idempotency_keys (tenant_id, token_id, key, request_hash, status, body)
            VALUES (\(transaction.tenantID), \(tokenID), \(key), \(requestHash), 0, \(Data()))
            ON CONFLICT DO NOTHING RETURNING key
            """
        )
        if !inserted.isEmpty { return nil }
        let rows = try await transaction.query(
            """
            SELECT request_hash, status, location, body FROM idempotency_keys
            WHERE tenant_id = \(transaction.tenantID) AND token_id = \(tokenID) AND key = \(key)
            """
        )
        guard let row = rows.first else { return nil }
        return StoredResponse(
            requestHash: try row.decode(0),
            status: try row.decode(1),
            location: try row.decode(2, as: String?.self),
            body: try row.decode(3)
        )
    }

    /// Records the response of the request that claimed the key, in the same transaction.
    public func complete(
        _ transaction: TenantTransaction,
        tokenID: UUID,
        key: String,
        status: Int,
        location: String?,
        body: Data
    ) async throws {
        try await transaction.query(
            """
            UPDATE idempotency_keys SET status = \(status), location = \(location), body = \(body)
            WHERE tenant_id = \(transaction.tenantID) AND token_id = \(tokenID) AND key = \(key)
            """
        )
    }
}
