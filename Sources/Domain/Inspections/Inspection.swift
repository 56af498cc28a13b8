import Foundation

/// An inspection of one institution against one checklist version.
public struct Inspection: Sendable, Equatable, Codable {
    /// One step of the workflow: who took it and when.
    public struct Step: Sendable, Equatable, Codable {
        public var action: InspectionAction
        public var from: InspectionState
        public var to: InspectionState
        public var reason: String?
        public var actorRole: String
        public var actorSubjectID: UUID?
        public var at: Date

        enum CodingKeys: String, CodingKey {
            case action, from, to, reason, at
            case actorRole = "actor_role"
            case actorSubjectID = "actor_subject_id"
        }

        public init(
            action: InspectionAction,
            from: InspectionState,
            to: InspectionState,
            reason: String?,
            actorRole: String,
            actorSubjectID: UUID?,
            at: Date
        ) {
            self.action = action
            self.from = from
            self.to = to
            self.reason = reason
            self.actorRole = actorRole
            self.actorSubjectID = actorSubjectID
            self.at = at
        }
    }

    /// The evaluation stored when the inspection is submitted.
    public struct Evaluation: Sendable, Equatable, Codable {
        public var compliant: Bool
        public var score: Double
        public var failedCodes: [String]
        public var failedMandatoryCodes: [String]
        public var sections: [SectionOutcome]

        enum CodingKeys: String, CodingKey {
            case compliant, score, sections
            case failedCodes = "failed_codes"
            case failedMandatoryCodes = "failed_mandatory_codes"
        }

        public init(_ outcome: ChecklistEvaluation.Outcome) {
            self.compliant = outcome.compliant
            self.score = outcome.score
            self.failedCodes = outcome.failedCodes
            self.failedMandatoryCodes = outcome.failedMandatoryCodes
            self.sections = outcome.sections.map(SectionOutcome.init)
        }
    }

    public struct SectionOutcome: Sendable, Equatable, Codable {
        public var name: String
        public var compliant: Bool
        public var score: Double
        public var failedCodes: [String]

        enum CodingKeys: String, CodingKey {
            case name, compliant, score
            case failedCodes = "failed_codes"
        }

        init(_ section: ChecklistEvaluation.Section) {
            self.name = section.name
            self.compliant = section.compliant
            self.score = section.score
            self.failedCodes = section.failedCodes
        }
    }

    public var id: UUID
    public var institutionID: UUID
    public var templateID: UUID
    public var templateVersionID: UUID
    public var drawID: UUID?
    /// The case a targeted inspection was opened for (never with a draw).
    public var caseID: UUID?
    /// `YYYY-MM-DD`.
    public var scheduledOn: String
    public var state: InspectionState
    public var inspectorIDs: [UUID]
    /// The institution and the inspectors by name, read with the inspection (`nil` when
    /// not read, e.g. in the audit trail's copies).
    public var institution: InstitutionSummary?
    public var inspectors: [InspectorSummary]?
    public var evaluation: Evaluation?
    public var returnReason: String?
    public var steps: [Step]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, state, evaluation, steps, version, institution, inspectors
        case institutionID = "institution_id"
        case templateID = "template_id"
        case templateVersionID = "template_version_id"
        case drawID = "draw_id"
        case caseID = "case_id"
        case scheduledOn = "scheduled_on"
        case inspectorIDs = "inspector_ids"
        case returnReason = "return_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        templateID: UUID,
        templateVersionID: UUID,
        drawID: UUID?,
        scheduledOn: String,
        state: InspectionState,
        inspectorIDs: [UUID],
        evaluation: Evaluation? = nil,
        returnReason: String? = nil,
        steps: [Step] = [],
        version: Int = 1,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.institutionID = institutionID
        self.templateID = templateID
        self.templateVersionID = templateVersionID
        self.drawID = drawID
        self.scheduledOn = scheduledOn
        self.state = state
        self.inspectorIDs = inspectorIDs
        self.evaluation = evaluation
        self.returnReason = returnReason
        self.steps = steps
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// `YYYY-MM-DD` calendar dates, checked without time zones.
public enum CalendarDate {
    public static let china = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// The day of `date` in `zone` (default Asia/Shanghai, the service's default zone).
    public static func string(from date: Date, in zone: TimeZone?) -> String {
        let zone = zone ?? Self.china
        // Civil arithmetic on the zone's offset: `Calendar` and `String(format:)` cost
        // microseconds each, and the portal formats thousands of dates per page.
        let local = date.timeIntervalSince1970.rounded(.down) + Double(zone.secondsFromGMT(for: date))
        let seconds = Int64(local)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            (2000...2100).contains(year), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}

/// A finding of a reviewed inspection; `hazardID` is set once a campaign turns it into a hazard.
public struct InspectionFinding: Sendable, Equatable, Codable {
    public var id: UUID
    public var itemCode: String
    public var description: String
    public var major: Bool
    public var fireRelated: Bool
    public var hazardCategory: String?
    public var hazardID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, description, major
        case itemCode = "item_code"
        case fireRelated = "fire_related"
        case hazardCategory = "hazard_category"
        case hazardID = "hazard_id"
    }

    public init(
        id: UUID,
        itemCode: String,
        description: String,
        major: Bool,
        fireRelated: Bool,
        hazardCategory: String?,
        hazardID: UUID?
    ) {
        self.id = id
        self.itemCode = itemCode
        self.description = description
        self.major = major
        self.fireRelated = fireRelated
        self.hazardCategory = hazardCategory
        self.hazardID = hazardID
    }
}
