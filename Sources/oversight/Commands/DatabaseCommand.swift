import ArgumentParser
import Foundation
import Postgres
import Storage

/// `oversight db init`: creates the owner and app roles and the database, as a superuser.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Database administration.",
        subcommands: [Initialize.self]
    )

    struct Initialize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the roles and the database (idempotent)."
        )
        @Option(help: "A superuser connection string.") var adminURL: String
        @Option var database: String = "oversight"
        @Option var ownerPassword: String
        @Option var appPassword: String

        func run() async throws {
            let client = LibpqPool(connectionString: self.adminURL, maxConnections: 1)
            do {
                try await DatabaseBootstrap.initialize(
                    client,
                    database: self.database,
                    ownerPassword: self.ownerPassword,
                    appPassword: self.appPassword
                )
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
