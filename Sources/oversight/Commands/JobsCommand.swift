import ArgumentParser
import Domain
import Foundation
import Logging
import Postgres
import Storage
import Workers

/// `oversight jobs …`: enqueue no-op jobs, print counts, trigger a periodic job.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Inspect and feed the job queue.",
        subcommands: [EnqueueNoop.self, Stats.self, Trigger.self]
    )

    struct EnqueueNoop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enqueue-noop",
            abstract: "Enqueue no-op jobs in batches; prints the count and rate."
        )
        @Option var count: Int
        @Option(name: .customLong("sleep-ms")) var sleepMS: Int?
        @Option(help: "Jobs per statement.") var batch: Int = 5000
        @Option var queue: String = "default"

        func run() async throws {
            guard self.count > 0, self.batch > 0 else { throw ValidationError("--count and --batch must be positive") }
            let job = try NewJob(
                kind: "noop",
                payload: NoopJob.Payload(sleepMS: self.sleepMS),
                options: JobOptions(queue: self.queue)
            )
            let started = ContinuousClock.now
            let inserted = try await withOwnerClient { client in
                try await client.withConnection { connection in
                    var inserted = 0
                    var remaining = self.count
                    while remaining > 0 {
                        let size = min(remaining, self.batch)
                        inserted += try await JobQueue.enqueue(connection, tenantID: nil, batch: Array(repeating: job, count: size))
                        remaining -= size
                    }
                    return inserted
                }
            }
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            print("{\"enqueued\":\(inserted),\"seconds\":\(seconds),\"per_second\":\(Int(Double(inserted) / max(seconds, 1e-9)))}")
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print job counts by state as JSON.")

        func run() async throws {
            let counts = try await withOwnerClient { try await JobQueue(client: $0).countsByState() }
            let fields = JobState.allCases.map { "\"\($0.rawValue)\":\(counts[$0.rawValue] ?? 0)" }
            print("{" + fields.joined(separator: ",") + "}")
        }
    }

    struct Trigger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enqueue one run of a periodic job now.")
        @Argument var name: String

        func run() async throws {
            let count = try await withOwnerClient { client in
                try await PeriodicScheduler(
                    jobs: WorkerCatalog.periodicJobs(),
                    database: Database(client: client),
                    logger: Logger(label: "trigger")
                ).trigger(self.name)
            }
            print("{\"enqueued\":\(count)}")
        }
    }
}
