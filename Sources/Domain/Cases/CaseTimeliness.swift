import Foundation

/// The share of cases concluded on time (办结及时率), by month of conclusion and by the
/// district of the institution concerned, and per month over all districts.
public struct CaseTimeliness: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        /// `YYYY-MM`, in the tenant's time zone.
        public var month: String
        /// The institution's district; nil for cases about no institution (in `by_district`),
        /// or for the month's total (in `by_month`).
        public var district: String?
        public var concluded: Int
        public var onTime: Int
        /// onTime ÷ concluded; nil when nothing was concluded.
        public var share: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case month, district, concluded, share
            case onTime = "on_time"
        }

        public init(month: String, district: String?, concluded: Int, onTime: Int) {
            self.month = month
            self.district = district
            self.concluded = concluded
            self.onTime = onTime
            self.share = concluded > 0 ? Double(onTime) / Double(concluded) : nil
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.month, forKey: .month)
            try container.encode(self.district, forKey: .district)
            try container.encode(self.concluded, forKey: .concluded)
            try container.encode(self.onTime, forKey: .onTime)
            try container.encode(self.share, forKey: .share)
        }
    }

    public var byDistrict: [Row]
    public var byMonth: [Row]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case byDistrict = "by_district"
        case byMonth = "by_month"
    }

    /// Pure: the rows as counted (month, district, concluded, on time), and their monthly totals.
    public init(counts: [(month: String, district: String?, concluded: Int, onTime: Int)]) {
        self.byDistrict = counts.map { Row(month: $0.month, district: $0.district, concluded: $0.concluded, onTime: $0.onTime) }
            .sorted { ($0.month, $0.district ?? "") < ($1.month, $1.district ?? "") }
        var totals: [String: (Int, Int)] = [:]
        for count in counts {
            let total = totals[count.month] ?? (0, 0)
            totals[count.month] = (total.0 + count.concluded, total.1 + count.onTime)
        }
        self.byMonth = totals.keys.sorted().map { month in
            Row(month: month, district: nil, concluded: totals[month]?.0 ?? 0, onTime: totals[month]?.1 ?? 0)
        }
    }
}
