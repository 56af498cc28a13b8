import Domain
import Foundation
import Storage

/// What every deadline of a case is computed from, read once per command: the tenant's
/// date now, its working-day calendar and its time limits.
struct CaseLimits: Sendable {
    var today: String
    var calendar: WorkingCalendar
    var policy: CasePolicy

    static func read(_ transaction: TenantTransaction, at now: Date) async throws -> CaseLimits {
        CaseLimits(
            today: try await PolicyStore().today(transaction, at: now),
            calendar: try await CalendarStore().calendar(transaction),
            policy: try await PolicyStore().casePolicy(transaction)
        )
    }
}
