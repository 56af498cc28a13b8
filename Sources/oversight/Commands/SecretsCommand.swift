import ArgumentParser
import Domain
import Foundation
import Logging
import Storage

/// `oversight secrets key` prints a new `OVERSIGHT_SECRET_KEY`; `oversight secrets seal`
/// seals, tenant by tenant, the webhook secrets stored in clear before a key was set.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "The key that seals webhook secrets at rest.",
        subcommands: [Key.self, Seal.self]
    )

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new random key for OVERSIGHT_SECRET_KEY.")

        func run() async throws {
            print(SecretSeal.generateKey())
        }
    }

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Seal every webhook secret still stored in clear.")

        func run() async throws {
            let secrets = try Configuration().webhookSecrets(logger: Logger(label: "oversight.secrets"))
            guard secrets.seal != nil else { throw ValidationError("\(WebhookSecrets.keyVariable) is not set") }
            let sealed = try await withOwnerClient { client in
                let database = Database(client: client)
                var sealed = 0
                for tenant in try await TenantStore(database: database).list() {
                    sealed += try await database.withTenant(tenant.id) { try await secrets.sealStored($0) }
                }
                return sealed
            }
            print("sealed the secrets of \(sealed) subscriptions")
        }
    }
}
