import Domain
import Foundation
import Storage

/// The figures: GB 38600 compliance with its failed items, the published indicators,
/// the dashboard's four, and their daily snapshot.
public struct IndicatorUseCases: Sendable {
    let store = IndicatorStore()
    let checklists = ChecklistStore()
    let disclosure = DisclosureStore()
    let dashboard = DashboardStore()
    let policies = PolicyStore()
    let cases = CaseStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// The GB 38600 compliance rate, with the non-compliant institutions and their failed items.
    public func compliance(_ caller: Caller) async throws -> ComplianceIndicator {
        try caller.decide { RegulatorAccess.decide($0, .readIndicators) }.require("resource")
        let rows = try await self.store.standings(caller.transaction, standard: ChecklistTemplate.gb38600)
        var versions: [UUID: ChecklistVersion] = [:]
        var standings: [ComplianceIndicator.Standing] = []
        for row in rows {
            var standing = row.standing
            if let versionID = row.checklistVersionID {
                if versions[versionID] == nil { versions[versionID] = try await self.checklists.findVersion(caller.transaction, id: versionID) }
                let checklist = versions[versionID]
                standing.failedItems = row.failedCodes.map { code in
                    let item = checklist?.item(code)
                    return .init(code: code, text: item?.text ?? "", mandatory: item?.mandatory ?? false)
                }
            }
            standings.append(standing)
        }
        return ComplianceIndicator(standard: ChecklistTemplate.gb38600, standings: standings)
    }

    /// Cases concluded on time, by month and district (in the tenant's time zone).
    public func casesOnTime(_ caller: Caller) async throws -> CaseTimeliness {
        try caller.decide { RegulatorAccess.decide($0, .readIndicators) }.require("resource")
        let zone = try await self.policies.timeZone(caller.transaction) ?? CalendarDate.china
        return CaseTimeliness(counts: try await self.cases.concludedByMonth(caller.finishing(), timeZone: zone.identifier))
    }

    /// The indicators the law says are published (一公开).
    func published(_ transaction: TenantTransaction) async throws -> PublicIndicators {
        let counts = try await self.store.complianceCounts(transaction, standard: ChecklistTemplate.gb38600)
        return try await self.disclosure.indicators(transaction, compliance: counts)
    }

    /// The dashboard's four: the published ones and 整改率 (none while nothing was found).
    func current(_ transaction: TenantTransaction) async throws -> DashboardIndicators {
        let published = try await self.published(transaction)
        let (verified, found) = try await self.dashboard.rectification(transaction)
        return DashboardIndicators(
            starRatedShare: published.starRatedShare.value,
            compliance: published.complianceRate.value,
            nursingBedShare: published.nursingBedShare.value,
            rectificationRate: DashboardIndicators.rectificationRate(verified: verified, found: found)
        )
    }

    /// Records today's indicators (the tenant's day), replacing an earlier snapshot of
    /// that day; returns the day. The register keeps only current state, so this history
    /// cannot be recomputed later.
    public func snapshot(_ caller: Caller) async throws -> String {
        let day = try await self.policies.today(caller.transaction, at: self.time.now())
        try await self.dashboard.snapshot(caller.transaction, day: day, try await self.current(caller.transaction))
        return day
    }
}
