import Foundation
import Logging
import Postgres
import Storage
import UseCases
import WebhookClient

/// The handlers and periodic jobs a worker process runs, in one place.
public enum WorkerCatalog {
    /// Every job handler of the service.
    public static func handlers(
        _ dependencies: UseCaseDependencies,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        webhooks: WebhookConfiguration = WebhookConfiguration()
    ) -> [any JobHandler] {
        let retentionHours = environment["OVERSIGHT_JOB_RETENTION_HOURS"].flatMap(Double.init) ?? 168
        let client = CurlClient(connections: webhooks.connections, allowPrivateAddresses: webhooks.allowPrivateAddresses)
        return [
            NoopJob(), PruneJobs(retention: retentionHours * 3600), FanOutEventJob(dependencies), ExecuteDrawJob(dependencies),
            ExpireRatingsJob(dependencies),
            AdvanceBlacklistJob(dependencies), HazardDeadlinesJob(dependencies), CaseDeadlinesJob(dependencies),
            NoticeDeadlinesJob(dependencies), PublishPenaltiesJob(dependencies),
            SnapshotIndicatorsJob(dependencies),
            DeliverWebhookJob(dependencies, client: client, policy: webhooks.policy),
        ]
    }

    /// Every periodic job. `OVERSIGHT_PERIODIC_NOOP_SECONDS` adds a `noop` every N seconds
    /// (tests and demos of the scheduler).
    public static func periodicJobs(environment: [String: String] = ProcessInfo.processInfo.environment) -> [PeriodicJob] {
        var jobs = [
            PeriodicJob(name: "jobs.prune", kind: "jobs.prune", schedule: .every(seconds: 3600)),
            // Early in each tenant's day.
            PeriodicJob(name: "ratings.expire", kind: "ratings.expire", schedule: .daily(hour: 0, minute: 10)),
            PeriodicJob(name: "blacklist.advance", kind: "blacklist.advance", schedule: .daily(hour: 0, minute: 20)),
            PeriodicJob(name: "hazards.deadlines", kind: "hazards.deadlines", schedule: .daily(hour: 0, minute: 30)),
            PeriodicJob(name: "cases.deadlines", kind: "cases.deadlines", schedule: .daily(hour: 0, minute: 35)),
            PeriodicJob(name: "notices.deadlines", kind: "notices.deadlines", schedule: .daily(hour: 0, minute: 37)),
            PeriodicJob(name: "penalties.publish", kind: "penalties.publish", schedule: .daily(hour: 0, minute: 38)),
            PeriodicJob(name: "indicators.snapshot", kind: "indicators.snapshot", schedule: .daily(hour: 0, minute: 40)),
        ]
        if let seconds = environment["OVERSIGHT_PERIODIC_NOOP_SECONDS"].flatMap(Int.init), seconds > 0 {
            jobs.append(PeriodicJob(name: "noop.tick", kind: "noop", schedule: .every(seconds: seconds)))
        }
        return jobs
    }

    /// The runner and scheduler of one worker process.
    public static func services(
        _ dependencies: UseCaseDependencies,
        listenConnectionString: String,
        logger: Logger,
        configuration: JobRunnerConfiguration = .fromEnvironment(),
        webhooks: WebhookConfiguration
    ) -> (runner: JobRunner, scheduler: PeriodicScheduler) {
        let database = dependencies.database
        let runner = JobRunner(
            configuration: configuration,
            database: database,
            handlers: self.handlers(dependencies, webhooks: webhooks),
            listenConnectionString: listenConnectionString,
            logger: logger
        )
        let scheduler = PeriodicScheduler(jobs: self.periodicJobs(), database: database, logger: logger)
        return (runner, scheduler)
    }
}
