import Domain
import Foundation
import Storage

/// The tenant's working-day calendar: the national holidays and make-up working days,
/// with the regulator's own days over them. Deadlines already set keep their dates; a
/// change applies to deadlines set after it.
public struct CalendarUseCases: Sendable {
    let store = CalendarStore()
    let policies = PolicyStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// One year's days that are not what their weekday says, each marked national or the tenant's own.
    public struct Year: Sendable, Equatable, Codable {
        public var year: Int
        public var days: [Entry]
    }

    public struct Entry: Sendable, Equatable, Codable {
        public var date: String
        public var kind: WorkingCalendar.Kind
        public var name: String
        /// `national` or `tenant`.
        public var source: String
    }

    /// The days of `year` (this year in the tenant's time zone when nil).
    public func year(_ caller: Caller, _ year: Int?) async throws -> Year {
        try caller.decide { CaseAccess.decide($0, .readCalendar) }.require("resource")
        let today = try await self.policies.today(caller.transaction, at: self.time.now())
        let year = year ?? Int(today.prefix(4)) ?? 2026
        let own = try await self.store.days(caller.finishing())
        let ownDates = Set(own.map(\.date))
        let calendar = WorkingCalendar.tenant(own)
        let days = calendar.days(ofYear: year).map {
            Entry(date: $0.date, kind: $0.kind, name: $0.name, source: ownDates.contains($0.date) ? "tenant" : "national")
        }
        return Year(year: year, days: days)
    }

    public func set(_ caller: Caller, _ day: WorkingCalendar.Day) async throws -> WorkingCalendar.Day {
        try caller.decide { CaseAccess.decide($0, .editCalendar) }.require("resource")
        var validator = Validator()
        validator.check(CalendarDate.isValid(day.date), "date", "must be a date YYYY-MM-DD")
        validator.text(day.name, "name", max: 50)
        try validator.finish()
        try await self.store.set(caller.transaction, day)
        try await caller.auditCreated("calendar.day_set", "calendar_day", id: caller.tenantID, day)
        return day
    }

    public func remove(_ caller: Caller, date: String) async throws {
        try caller.decide { CaseAccess.decide($0, .editCalendar) }.require("resource")
        guard CalendarDate.isValid(date), try await self.store.remove(caller.transaction, date: date) else {
            throw DomainError.notFound("calendar day")
        }
        try await caller.audit("calendar.day_removed", "calendar_day", id: caller.tenantID, before: date, after: String?.none)
    }
}
