import Domain
import Foundation

/// Where webhook secrets are sealed and opened (`SecretSeal`), with the key read once from
/// `OVERSIGHT_SECRET_KEY`. Without a key, secrets are stored in clear (and `serve` and
/// `work` say so at start); a sealed secret then cannot be read, and the delivery fails
/// with that reason rather than signing with something else.
public enum WebhookSecrets {
    public static let keyVariable = "OVERSIGHT_SECRET_KEY"

    public static let seal: SecretSeal? = ProcessInfo.processInfo.environment[keyVariable].flatMap { SecretSeal(base64URL: $0) }

    static func stored(_ secret: String, tenant: UUID, subscription: UUID) throws -> String {
        try self.seal?.seal(secret, tenant: tenant, subscription: subscription) ?? secret
    }

    static func readable(_ stored: String, tenant: UUID, subscription: UUID) throws -> String {
        if let seal = self.seal { return try seal.open(stored, tenant: tenant, subscription: subscription) }
        guard !SecretSeal.isSealed(stored) else {
            throw SecretSeal.Failure(description: "the webhook secret is sealed and \(keyVariable) is not set")
        }
        return stored
    }

    /// Seals every secret of the tenant still stored in clear (`oversight secrets seal`).
    /// Returns how many subscriptions changed.
    public static func sealStored(_ transaction: TenantTransaction) async throws -> Int {
        guard let seal = self.seal else { throw SecretSeal.Failure(description: "\(keyVariable) is not set") }
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
