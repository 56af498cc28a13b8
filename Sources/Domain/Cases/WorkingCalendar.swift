import Foundation

/// A tenant's working days (工作日): Monday to Friday, except the holidays, plus the
/// make-up working days (调休) that fall on a weekend. The national days of the State
/// Council's notice come first; the tenant's own days replace them date by date.
public struct WorkingCalendar: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// No work on this day, whatever its weekday.
        case holiday
        /// Work on this day, whatever its weekday (调休).
        case workday
    }

    /// A day that is not what its weekday says.
    public struct Day: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD`.
        public var date: String
        public var kind: Kind
        /// The holiday it belongs to (元旦, 春节, …).
        public var name: String

        public enum CodingKeys: String, CodingKey, CaseIterable { case date, kind, name }

        public init(date: String, kind: Kind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    public let days: [String: Day]

    public init(_ days: [Day]) {
        self.days = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The national days with the tenant's own days over them.
    public static func tenant(_ own: [Day]) -> WorkingCalendar {
        WorkingCalendar(Self.national + own)
    }

    public func isWorkingDay(_ date: String) -> Bool {
        if let day = self.days[date] { return day.kind == .workday }
        guard let weekday = Self.weekday(date) else { return false }
        return weekday < 5
    }

    /// The `count`-th working day after `date`: a limit of `count` working days counted
    /// from the day after (受理之日起). Zero is `date` itself.
    public func adding(workingDays count: Int, to date: String) -> String {
        var day = date
        var left = max(0, count)
        // A year of holidays cannot hold more than a few dozen days off in a row; the
        // bound only keeps a calendar with every day a holiday from looping forever.
        var steps = 0
        while left > 0, steps < 3660, let next = CalendarDate.adding(days: 1, to: day) {
            day = next
            steps += 1
            if self.isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The working day `count` working days before `date` (for a reminder ahead of a deadline).
    public func subtracting(workingDays count: Int, from date: String) -> String {
        var day = date
        var left = max(0, count)
        var steps = 0
        while left > 0, steps < 3660, let previous = CalendarDate.adding(days: -1, to: day) {
            day = previous
            steps += 1
            if self.isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The days of one year, in date order.
    public func days(ofYear year: Int) -> [Day] {
        self.days.values.filter { $0.date.hasPrefix("\(year)-") }.sorted { $0.date < $1.date }
    }

    /// 0 for Monday … 6 for Sunday; nil for an invalid date.
    static func weekday(_ date: String) -> Int? {
        guard CalendarDate.isValid(date) else { return nil }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        let days = CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
        // 1970-01-01 was a Thursday (3).
        return Int(((days % 7) + 7 + 3) % 7)
    }

    /// 2026's holidays and make-up working days, as the State Council's General Office
    /// announced them (国办发明电〔2025〕7号).
    public static let national: [Day] = {
        func holidays(_ name: String, _ dates: [String]) -> [Day] { dates.map { Day(date: $0, kind: .holiday, name: name) } }
        func workdays(_ name: String, _ dates: [String]) -> [Day] { dates.map { Day(date: $0, kind: .workday, name: name) } }
        return holidays("元旦", ["2026-01-01", "2026-01-02", "2026-01-03"]) + workdays("元旦", ["2026-01-04"])
            + holidays("春节", (15...23).map { "2026-02-\($0)" }) + workdays("春节", ["2026-02-14", "2026-02-28"])
            + holidays("清明节", ["2026-04-04", "2026-04-05", "2026-04-06"])
            + holidays("劳动节", (1...5).map { "2026-05-0\($0)" }) + workdays("劳动节", ["2026-05-09"])
            + holidays("端午节", ["2026-06-19", "2026-06-20", "2026-06-21"])
            + holidays("中秋节", ["2026-09-25", "2026-09-26", "2026-09-27"])
            + holidays("国庆节", (1...7).map { "2026-10-0\($0)" }) + workdays("国庆节", ["2026-09-20", "2026-10-10"])
    }()
}
