import ArgumentParser
import Domain
import Foundation
import Logging
import Storage
import UseCases

/// `oversight account invite --tenant S --login L --name N [--role R --subject UUID]`:
/// invites a person (the first regulator of a new tenant, typically) and prints the
/// invitation's path, shown once; the person opens it on the service to set a password.
/// `oversight account code --secret BASE32` prints the TOTP code of a secret now (for
/// the demo accounts of `oversight dev`; a person uses an authenticator app).
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "People's accounts.",
        subcommands: [Invite.self, Code.self]
    )

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Invite a person and print the invitation's path (shown once).")
        @Option var tenant: String
        @Option var login: String
        @Option var name: String
        @Option var role: String = "regulator"
        @Option(help: "The inspector's or institution's id, for those roles.") var subject: String?

        func run() async throws {
            guard let role = Role(rawValue: self.role), role != .platformAdmin else {
                throw ValidationError("--role must be regulator, inspector or institution")
            }
            let secrets = try Configuration().webhookSecrets(logger: Logger(label: "oversight.account"))
            let invited = try await withOwnerClient { client in
                let database = Database(client: client)
                guard let tenant = try await TenantStore(database: database).find(slug: self.tenant) else {
                    throw ValidationError("no tenant \(self.tenant)")
                }
                let accounts = AccountUseCases(UseCaseDependencies(database: database, webhookSecrets: secrets))
                let new = NewAccount(login: self.login, displayName: self.name, role: role, subjectID: self.subject.flatMap(UUID.init(uuidString:)))
                return try await database.withTenant(tenant.id) { try await accounts.invite(Caller(job: "cli", $0), new) }
            }
            print("/w/invite/\(invited.secret)")
        }
    }

    struct Code: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the current TOTP code of a base32 secret.")
        @Option var secret: String

        func run() async throws {
            guard let secret = Base32.decode(self.secret), !secret.isEmpty else { throw ValidationError("--secret must be base32") }
            print(TOTP.code(secret: secret, step: TOTP.step(at: Date())))
        }
    }
}
