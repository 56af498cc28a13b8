import Foundation

/// Conversions between `Date` and PostgreSQL's `timestamptz` and `date` representations.
public enum PostgresTimestamp {
    /// 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix seconds.
    static let postgresEpoch: Int64 = 946_684_800

    /// RFC 3339 text in UTC with microseconds, as PostgreSQL accepts it for `timestamptz`.
    public static func text(for date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int(secondOfDay / 3600), 2)):"
            + "\(pad(Int(secondOfDay % 3600 / 60), 2)):\(pad(Int(secondOfDay % 60), 2)).\(pad(Int(fraction), 6))Z"
    }

    /// Binary `timestamptz`: microseconds since the PostgreSQL epoch.
    static func date(fromMicroseconds micros: Int64) -> Date {
        if micros == Int64.max { return .distantFuture }
        if micros == Int64.min { return .distantPast }
        return Date(timeIntervalSince1970: Double(postgresEpoch) + Double(micros) / 1_000_000)
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    /// `Domain.CivilDate` has the same arithmetic: this module knows nothing of the
    /// domain, and the domain does not import the database client.
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A calendar date (`date`), with no time zone: legal deadlines stay dates.
public struct PostgresDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { "\(pad(self.year, 4))-\(pad(self.month, 2))-\(pad(self.day, 2))" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension PostgresDate: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.dateArray }
    public var postgresBind: SQLBind { .init(text: self.description, typeOID: TypeOID.date) }
}

/// Zero-padded decimal digits, without `String(format:)`.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
