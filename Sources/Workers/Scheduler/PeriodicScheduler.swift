import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// A declared periodic job: a kind run every N seconds (one system job per tick) or daily
/// at a local time in each tenant's time zone (one job per tenant per day).
public struct PeriodicJob: Sendable {
    public var name: String
    public var kind: String
    public var schedule: PeriodicSchedule

    public init(name: String, kind: String, schedule: PeriodicSchedule) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
    }
}

/// Enqueues each tick of each periodic job once, however many workers run a scheduler:
/// the tick is recorded in `periodic_ticks` in the same statement that enqueues it.
public final class PeriodicScheduler: Service {
    let jobs: [PeriodicJob]
    let queue: JobQueue
    let tenants: TenantStore
    let checkInterval: Duration
    let logger: Logger

    public init(jobs: [PeriodicJob], database: Database, checkInterval: Duration = .seconds(1), logger: Logger) {
        self.jobs = jobs
        self.queue = JobQueue(client: database.client)
        self.tenants = TenantStore(database: database)
        self.checkInterval = checkInterval
        self.logger = logger
    }

    public func run() async throws {
        var seen: [String: String] = [:]
        var tenantCache: (at: Date, tenants: [Tenant])? = nil
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = Date()
            do {
                if tenantCache == nil || now.timeIntervalSince(tenantCache!.at) > 60 {
                    tenantCache = (now, try await self.tenants.list())
                }
                for job in self.jobs {
                    for (key, tenantID, current) in self.ticks(of: job, at: now, tenants: tenantCache!.tenants) {
                        for tick in PeriodicSchedule.dueTicks(last: seen[key], current: current) {
                            try await self.queue.enqueuePeriodic(name: key, tick: tick, tenantID: tenantID, kind: job.kind)
                            seen[key] = tick
                        }
                    }
                }
            } catch {
                self.logger.warning("periodic scheduling failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: self.sleep(after: Date()))
        }
    }

    /// How long to wait: until just past the next interval boundary, at most
    /// `checkInterval`, so that a short interval's ticks are not skipped by a late wake-up.
    func sleep(after now: Date) -> Duration {
        var seconds = Double(self.checkInterval.components.seconds) + Double(self.checkInterval.components.attoseconds) / 1e18
        for job in self.jobs {
            guard case .every(let interval) = job.schedule, interval > 0 else { continue }
            let elapsed = now.timeIntervalSince1970.truncatingRemainder(dividingBy: Double(interval))
            seconds = min(seconds, Double(interval) - elapsed + 0.01)
        }
        return .milliseconds(Int(max(0.01, seconds) * 1000))
    }

    /// The current tick of a job: one for an interval job, one per tenant (that is due)
    /// for a daily job. The key names the schedule, per tenant where it applies.
    func ticks(of job: PeriodicJob, at now: Date, tenants: [Tenant]) -> [(String, UUID?, String)] {
        switch job.schedule {
        case .every(let seconds):
            return [(job.name, nil, PeriodicSchedule.intervalTick(now, seconds: seconds))]
        case .daily(let hour, let minute):
            return tenants.compactMap { tenant in
                let zone = TimeZone(identifier: tenant.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
                guard let tick = PeriodicSchedule.dailyTick(now, hour: hour, minute: minute, timeZone: zone) else {
                    return nil
                }
                return ("\(job.name):\(tenant.id.lowercasedString)", tenant.id, tick)
            }
        }
    }

    /// Enqueues one run of a periodic job now (`oversight jobs trigger NAME`); for a
    /// daily job, one per tenant. Returns how many jobs were enqueued.
    public func trigger(_ name: String) async throws -> Int {
        guard let job = self.jobs.first(where: { $0.name == name }) else {
            throw DomainError.notFound("periodic job \(name)")
        }
        let tick = "manual-\(UUIDv7.make().lowercasedString)"
        switch job.schedule {
        case .every:
            return try await self.queue.enqueuePeriodic(name: job.name, tick: tick, tenantID: nil, kind: job.kind) ? 1 : 0
        case .daily:
            var count = 0
            for tenant in try await self.tenants.list() {
                let key = "\(job.name):\(tenant.id.lowercasedString)"
                if try await self.queue.enqueuePeriodic(name: key, tick: tick, tenantID: tenant.id, kind: job.kind) { count += 1 }
            }
            return count
        }
    }
}
