import Foundation

/// When a periodic job runs: every N seconds, or daily at a local time in each tenant's
/// time zone. A tick is a name for one occurrence; a tick is enqueued once however many
/// schedulers see it (the database keeps the ticks).
public enum PeriodicSchedule: Sendable, Equatable {
    case every(seconds: Int)
    case daily(hour: Int, minute: Int)

    /// The tick of `date` for an interval schedule: the index of the interval.
    public static func intervalTick(_ date: Date, seconds: Int) -> String {
        String(Int64((date.timeIntervalSince1970 / Double(max(1, seconds))).rounded(.down)))
    }

    /// The ticks to enqueue now: `current`, preceded by interval ticks missed since `last`
    /// (a scheduler stalled past a boundary), at most `limit` in all. Daily ticks, and the
    /// first tick a scheduler sees, are just `current`.
    public static func dueTicks(last: String?, current: String, limit: Int = 10) -> [String] {
        guard let last, let from = Int64(last), let to = Int64(current), to > from else {
            return last == current ? [] : [current]
        }
        return (max(from + 1, to - Int64(limit) + 1)...to).map { String($0) }
    }

    /// The tick of `date` for a daily schedule in a time zone: the local date (YYYY-MM-DD)
    /// once the local time has reached hour:minute, else `nil` (not yet due today).
    public static func dailyTick(_ date: Date, hour: Int, minute: Int, timeZone: TimeZone) -> String? {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let days = Int64((local / 86_400).rounded(.down))
        let secondOfDay = Int(local - Double(days) * 86_400)
        guard secondOfDay >= hour * 3600 + minute * 60 else { return nil }
        let civil = CivilDate.fromDays(days)
        return "\(civil.year)-\(civil.month < 10 ? "0" : "")\(civil.month)-\(civil.day < 10 ? "0" : "")\(civil.day)"
    }
}
