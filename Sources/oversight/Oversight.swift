import ArgumentParser

/// The one executable: API, workers, migrations, the embedded default and administration.
@main
struct Oversight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oversight",
        abstract: "Supervision and inspection of elderly-care institutions.",
        subcommands: [
            Serve.self, Work.self, Migrate.self, Dev.self, DatabaseCommand.self, TenantCommand.self, TokenCommand.self,
            JobsCommand.self, SecretsCommand.self, AccountCommand.self, VerifyDraw.self, DrawBench.self,
        ]
    )
}
