import Domain
import Foundation
import Storage

/// The stored first responses of creating requests sent with an `Idempotency-Key`, per
/// token: claimed in the request's transaction before the creation, completed in it after.
public struct IdempotencyRecords: Sendable {
    public typealias StoredResponse = IdempotencyStore.StoredResponse
    let store = IdempotencyStore()

    public init() {}

    /// The stored response for this key, or `nil` after claiming the key for this request.
    public func claim(_ caller: Caller, key: String, requestHash: Data) async throws -> StoredResponse? {
        guard let principal = caller.principal else { return nil }
        return try await self.store.claim(caller.transaction, tokenID: principal.tokenID, key: key, requestHash: requestHash)
    }

    public func complete(_ caller: Caller, key: String, status: Int, location: String?, body: Data) async throws {
        guard let principal = caller.principal else { return }
        try await self.store.complete(
            caller.transaction,
            tokenID: principal.tokenID,
            key: key,
            status: status,
            location: location,
            body: body
        )
    }
}
