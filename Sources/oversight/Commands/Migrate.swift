import ArgumentParser
import Logging
import Postgres

/// `oversight migrate`: applies pending `sql/` migrations as the owner role.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Option(help: "Directory of NNNN_name.sql files.") var directory: String?

    func run() async throws {
        let configuration = Configuration()
        let client = LibpqPool(connectionString: try configuration.ownerURL(), maxConnections: 1)
        do {
            let migrator = try Migrator(directory: self.directory ?? configuration.migrationsDirectory)
            let applied = try await migrator.migrate(client)
            print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
