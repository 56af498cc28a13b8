import Foundation

/// A tenant's star-rating scheme (GB/T 37276-2018 as its implementing rules set it): the
/// sections with their maximum points, the level thresholds, the prerequisites and how
/// long a rating stays valid. Tenant data; `standard` is the default of domain.md.
public struct RatingScheme: Sendable, Equatable, Codable {
    public struct Section: Sendable, Equatable, Codable {
        public var key: String
        public var name: String
        public var max: Int

        public init(key: String, name: String, max: Int) {
            self.key = key
            self.name = name
            self.max = max
        }
    }

    /// Level `level` needs a total of at least `minTotal` and at least `minShare` of
    /// every section's maximum.
    public struct Level: Sendable, Equatable, Codable {
        public var level: Int
        public var minTotal: Int
        public var minShare: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case level
            case minTotal = "min_total"
            case minShare = "min_share"
        }

        public init(level: Int, minTotal: Int, minShare: Double) {
            self.level = level
            self.minTotal = minTotal
            self.minShare = minShare
        }
    }

    public struct Prerequisites: Sendable, Equatable, Codable {
        /// A listed institution is not rated.
        public var notBlacklisted: Bool
        /// No serious accident, abuse or falsification within this many years.
        public var cleanRecordYears: Int
        public var minOperatingYears: Int
        /// The highest level a first rating may give.
        public var firstRatingMaxLevel: Int
        /// An upgrade no sooner than this many years after the last rating.
        public var upgradeAfterYears: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case notBlacklisted = "not_blacklisted"
            case cleanRecordYears = "clean_record_years"
            case minOperatingYears = "min_operating_years"
            case firstRatingMaxLevel = "first_rating_max_level"
            case upgradeAfterYears = "upgrade_after_years"
        }

        public init(notBlacklisted: Bool, cleanRecordYears: Int, minOperatingYears: Int, firstRatingMaxLevel: Int, upgradeAfterYears: Int) {
            self.notBlacklisted = notBlacklisted
            self.cleanRecordYears = cleanRecordYears
            self.minOperatingYears = minOperatingYears
            self.firstRatingMaxLevel = firstRatingMaxLevel
            self.upgradeAfterYears = upgradeAfterYears
        }
    }

    public var total: Int
    public var sections: [Section]
    public var levels: [Level]
    public var prerequisites: Prerequisites
    public var validityYears: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case total, sections, levels, prerequisites
        case validityYears = "validity_years"
    }

    public init(total: Int, sections: [Section], levels: [Level], prerequisites: Prerequisites, validityYears: Int) {
        self.total = total
        self.sections = sections
        self.levels = levels
        self.prerequisites = prerequisites
        self.validityYears = validityYears
    }

    /// The defaults of domain.md: 1000 points, thresholds of one city's rules.
    public static let standard = RatingScheme(
        total: 1000,
        sections: [
            Section(key: "environment", name: "环境", max: 120),
            Section(key: "facilities", name: "设施设备", max: 130),
            Section(key: "operations", name: "运营管理", max: 150),
            Section(key: "services", name: "服务", max: 600),
        ],
        levels: [
            Level(level: 1, minTotal: 360, minShare: 0.4),
            Level(level: 2, minTotal: 450, minShare: 0.5),
            Level(level: 3, minTotal: 570, minShare: 0.6),
            Level(level: 4, minTotal: 780, minShare: 0.8),
            Level(level: 5, minTotal: 900, minShare: 0.9),
        ],
        prerequisites: Prerequisites(
            notBlacklisted: true,
            cleanRecordYears: 2,
            minOperatingYears: 1,
            firstRatingMaxLevel: 3,
            upgradeAfterYears: 2
        ),
        validityYears: 3
    )

    public func validate(into validator: inout Validator) {
        validator.check(!self.sections.isEmpty, "sections", "must list at least one section")
        validator.check(Set(self.sections.map(\.key)).count == self.sections.count, "sections", "must not repeat a key")
        for (index, section) in self.sections.enumerated() {
            validator.check(
                section.key.range(of: "^[a-z][a-z0-9_]{0,39}$", options: .regularExpression) != nil,
                "sections[\(index)].key",
                "must be 1–40 lower-case letters, digits or '_'"
            )
            validator.text(section.name, "sections[\(index)].name", max: 100)
            validator.check(section.max > 0, "sections[\(index)].max", "must be positive")
        }
        validator.check(
            self.sections.map(\.max).reduce(0, +) == self.total,
            "sections",
            "maxima sum to \(self.sections.map(\.max).reduce(0, +)), not the total \(self.total)"
        )
        validator.check(!self.levels.isEmpty, "levels", "must list at least one level")
        for (index, level) in self.levels.enumerated() {
            validator.check(level.level == index + 1, "levels[\(index)].level", "must be \(index + 1): levels run 1, 2, 3, … in order")
            validator.check(level.minTotal >= 0 && level.minTotal <= self.total, "levels[\(index)].min_total", "must be within 0…\(self.total)")
            validator.check(level.minShare >= 0 && level.minShare <= 1, "levels[\(index)].min_share", "must be within 0…1")
            if index > 0 {
                let previous = self.levels[index - 1]
                validator.check(level.minTotal > previous.minTotal, "levels[\(index)].min_total", "must be greater than level \(previous.level)'s")
                validator.check(level.minShare > previous.minShare, "levels[\(index)].min_share", "must be greater than level \(previous.level)'s")
            }
        }
        let prerequisites = self.prerequisites
        validator.check((0...20).contains(prerequisites.cleanRecordYears), "prerequisites.clean_record_years", "must be within 0…20")
        validator.check((0...20).contains(prerequisites.minOperatingYears), "prerequisites.min_operating_years", "must be within 0…20")
        validator.check(
            (1...max(1, self.levels.count)).contains(prerequisites.firstRatingMaxLevel),
            "prerequisites.first_rating_max_level",
            "must be one of the levels"
        )
        validator.check((0...20).contains(prerequisites.upgradeAfterYears), "prerequisites.upgrade_after_years", "must be within 0…20")
        validator.check((1...10).contains(self.validityYears), "validity_years", "must be within 1…10")
    }
}

extension RatingScheme.Section: JSONKeyed {
    public static var jsonKeys: Set<String> { ["key", "name", "max"] }
}

extension RatingScheme.Level: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension RatingScheme.Prerequisites: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension RatingScheme: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
