import Domain
import Foundation

/// Where webhook secrets are sealed and opened (`SecretSeal`), under the key of
/// `OVERSIGHT_SECRET_KEY`, passed in at start (no global). Without a key, secrets are
/// stored in clear (and `serve` and `work` say so at start); a sealed secret then cannot be
/// read, and the delivery fails with that reason rather than signing with something else.
public struct WebhookSecrets: Sendable {
    public static let keyVariable = "OVERSIGHT_SECRET_KEY"

    public let seal: SecretSeal?

    public init(seal: SecretSeal?) {
        self.seal = seal
    }

    /// Secrets in clear: development without a key.
    public static let clear = WebhookSecrets(seal: nil)

    /// The seal of a key as `OVERSIGHT_SECRET_KEY` gives it (base64url of 32 bytes); `nil`
    /// for a key that is not one.
    public init?(key: String) {
        guard let seal = SecretSeal(base64URL: key) else { return nil }
        self.seal = seal
    }

    func stored(_ secret: String, tenant: UUID, subscription: UUID) throws -> String {
        try self.seal?.seal(secret, tenant: tenant, subscription: subscription) ?? secret
    }

    func readable(_ stored: String, tenant: UUID, subscription: UUID) throws -> String {
        if let seal = self.seal { return try seal.open(stored, tenant: tenant, subscription: subscription) }
        guard !SecretSeal.isSealed(stored) else {
            throw SecretSeal.Failure(description: "the webhook secret is sealed and \(Self.keyVariable) is not set")
        }
        return stored
    }

    /// Seals every secret of the tenant still stored in clear (`oversight secrets seal`).
    /// Returns how many subscriptions changed.
    public func sealStored(_ transaction: TenantTransaction) async throws -> Int {
        guard let seal = self.seal else { throw SecretSeal.Failure(description: "\(Self.keyVariable) is not set") }
        let rows = try await transaction.query(
            """
            SELECT id, secret, previous_secret FROM webhook_subscriptions
            WHERE tenant_id = \(transaction.tenantID) AND (secret NOT LIKE 'sealed:%' OR previous_secret NOT LIKE 'sealed:%')
            FOR UPDATE
            """
        )
        for row in rows {
            let id = try row.decode(0, as: UUID.self)
            let secret = try seal.seal(
                try seal.open(try row.decode(1, as: String.self), tenant: transaction.tenantID, subscription: id),
                tenant: transaction.tenantID,
                subscription: id
            )
            let previous = try row.decode(2, as: String?.self).map {
                try seal.seal(try seal.open($0, tenant: transaction.tenantID, subscription: id), tenant: transaction.tenantID, subscription: id)
            }
            try await transaction.query(
                """
                UPDATE webhook_subscriptions SET secret = \(secret), previous_secret = \(previous)
                WHERE tenant_id = \(transaction.tenantID) AND id = \(id)
                """
            )
        }
        return rows.count
    }
}
