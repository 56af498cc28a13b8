import Foundation

/// A fire-safety special campaign (消防安全专项整治): a legal basis, a period, a scope,
/// a target such as "all major hazards cleared by 2026-12-31" (动态清零), and stages.
public struct Campaign: Sendable, Equatable, Codable {
    public struct Scope: Sendable, Equatable, Codable {
        public var districts: [String]?
        public var operatorTypes: [Institution.OperatorType]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case districts
            case operatorTypes = "operator_types"
        }

        public init(districts: [String]? = nil, operatorTypes: [Institution.OperatorType]? = nil) {
            self.districts = districts
            self.operatorTypes = operatorTypes
        }
    }

    public struct Stage: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable, CaseIterable {
            case selfInspection = "self_inspection"
            case inspection, rectification, review
        }
        public var kind: Kind
        public var startsOn: String
        public var endsOn: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind
            case startsOn = "starts_on"
            case endsOn = "ends_on"
        }
    }

    public var id: UUID
    public var name: String
    public var legalBasis: String
    public var startsOn: String
    public var endsOn: String
    public var scope: Scope
    public var target: String
    /// The date by which the target must hold, e.g. major hazards cleared.
    public var targetDate: String
    public var stages: [Stage]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, scope, target, stages
        case legalBasis = "legal_basis"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
        case targetDate = "target_date"
        case createdAt = "created_at"
    }

    public init(
        id: UUID,
        name: String,
        legalBasis: String,
        startsOn: String,
        endsOn: String,
        scope: Scope,
        target: String,
        targetDate: String,
        stages: [Stage],
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.legalBasis = legalBasis
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.scope = scope
        self.target = target
        self.targetDate = targetDate
        self.stages = stages
        self.createdAt = createdAt
    }

    public func validate(into validator: inout Validator) {
        validator.text(self.name, "name", max: 200)
        validator.text(self.legalBasis, "legal_basis", max: 2000)
        validator.text(self.target, "target", max: 500)
        for (field, date) in [("starts_on", self.startsOn), ("ends_on", self.endsOn), ("target_date", self.targetDate)] {
            validator.check(CalendarDate.isValid(date), field, "must be a date YYYY-MM-DD")
        }
        validator.check(self.startsOn <= self.endsOn, "ends_on", "must not be before starts_on")
        for (index, stage) in self.stages.enumerated() {
            validator.check(
                CalendarDate.isValid(stage.startsOn) && CalendarDate.isValid(stage.endsOn) && stage.startsOn <= stage.endsOn,
                "stages[\(index)]",
                "needs dates YYYY-MM-DD with starts_on ≤ ends_on"
            )
            validator.check(
                stage.startsOn >= self.startsOn && stage.endsOn <= self.endsOn,
                "stages[\(index)]",
                "must lie within the campaign's period"
            )
        }
    }
}

/// Progress figures of a campaign, computed from plain facts (pure, so a fixture can be
/// checked by hand).
public struct CampaignProgress: Sendable, Equatable, Codable {
    public struct Enrolled: Sendable, Equatable {
        public var district: String
        public var inspected: Bool
        public init(district: String, inspected: Bool) {
            self.district = district
            self.inspected = inspected
        }
    }

    public struct Figures: Sendable, Equatable, Codable {
        public var district: String?
        public var institutions: Int
        public var inspected: Int
        public var inspectedShare: Double
        public var hazardsFound: Int
        public var rectified: Int
        public var verified: Int
        public var overdue: Int
        /// 整改率: verified ÷ found; `nil` with nothing found (shown "—", never 100 %).
        public var rectificationRate: Double?
        public var majorOpen: Int

        enum CodingKeys: String, CodingKey {
            case district, institutions, inspected, rectified, verified, overdue
            case inspectedShare = "inspected_share"
            case hazardsFound = "hazards_found"
            case rectificationRate = "rectification_rate"
            case majorOpen = "major_open"
        }

        // A rate with nothing to rate is written as null, not left out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.district, forKey: .district)
            try container.encode(self.institutions, forKey: .institutions)
            try container.encode(self.inspected, forKey: .inspected)
            try container.encode(self.inspectedShare, forKey: .inspectedShare)
            try container.encode(self.hazardsFound, forKey: .hazardsFound)
            try container.encode(self.rectified, forKey: .rectified)
            try container.encode(self.verified, forKey: .verified)
            try container.encode(self.overdue, forKey: .overdue)
            try container.encode(self.rectificationRate, forKey: .rectificationRate)
            try container.encode(self.majorOpen, forKey: .majorOpen)
        }
    }

    public struct Week: Sendable, Equatable, Codable {
        /// The Monday the week starts on.
        public var week: String
        public var found: Int
        public var verified: Int
        /// Cumulative to the end of the week.
        public var openAtEnd: Int

        enum CodingKeys: String, CodingKey {
            case week, found, verified
            case openAtEnd = "open_at_end"
        }
    }

    public var total: Figures
    public var districts: [Figures]
    public var weeks: [Week]

    public static func compute(
        enrolled: [Enrolled],
        hazards: [(district: String, hazard: Hazard)],
        weeksFrom start: String,
        to end: String
    ) -> CampaignProgress {
        func figures(_ district: String?, _ enrolled: [Enrolled], _ hazards: [Hazard]) -> Figures {
            let inspected = enrolled.filter(\.inspected).count
            let verified = hazards.filter { $0.state == .verified }.count
            return Figures(
                district: district,
                institutions: enrolled.count,
                inspected: inspected,
                inspectedShare: enrolled.isEmpty ? 0 : Double(inspected) / Double(enrolled.count),
                hazardsFound: hazards.count,
                rectified: hazards.filter { $0.state == .rectified || $0.state == .verified }.count,
                verified: verified,
                overdue: hazards.filter { $0.overdue && !$0.isSettled }.count,
                rectificationRate: hazards.isEmpty ? nil : Double(verified) / Double(hazards.count),
                majorOpen: hazards.filter { $0.major && !$0.isSettled }.count
            )
        }
        let districts = Set(enrolled.map(\.district)).union(hazards.map(\.district)).sorted()
        let byDistrict = districts.map { district in
            figures(district, enrolled.filter { $0.district == district }, hazards.filter { $0.district == district }.map(\.hazard))
        }
        return CampaignProgress(
            total: figures(nil, enrolled, hazards.map(\.hazard)),
            districts: byDistrict,
            weeks: self.weeks(hazards.map(\.hazard), from: start, to: end)
        )
    }

    /// Weekly series (weeks starting Monday, UTC+8 calendar days) from `start` to `end`.
    static func weeks(_ hazards: [Hazard], from start: String, to end: String) -> [Week] {
        guard var monday = CalendarDate.mondayOf(start) else { return [] }
        var weeks: [Week] = []
        while monday <= end, weeks.count < 520 {
            let next = CalendarDate.adding(days: 7, to: monday) ?? end
            func day(_ date: Date?) -> String? { date.map { CalendarDate.string(from: $0, in: nil) } }
            let found = hazards.filter { (day($0.reportedAt) ?? "") >= monday && (day($0.reportedAt) ?? "") < next }.count
            let verified = hazards.filter {
                guard let at = day($0.verifiedAt) else { return false }
                return at >= monday && at < next
            }.count
            let openAtEnd = hazards.filter { (day($0.reportedAt) ?? "") < next && !((day($0.verifiedAt) ?? "9999") < next) }.count
            weeks.append(Week(week: monday, found: found, verified: verified, openAtEnd: openAtEnd))
            monday = next
        }
        return weeks
    }
}

extension CalendarDate {
    /// The Monday on or before a `YYYY-MM-DD` date.
    public static func mondayOf(_ date: String) -> String? {
        guard self.isValid(date), let day = RFC3339Text.date(from: date + "T00:00:00Z") else { return nil }
        // 1970-01-01 was a Thursday.
        let days = Int((day.timeIntervalSince1970 / 86_400).rounded(.down))
        let weekday = ((days % 7) + 7 + 3) % 7  // 0 = Monday
        return self.adding(days: -weekday, to: date)
    }
}

extension Campaign.Scope: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension Campaign.Stage: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
