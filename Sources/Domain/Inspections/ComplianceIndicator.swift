import Foundation

/// The GB 38600 compliance rate (强制性国家标准达标率): the share of active institutions whose
/// latest reviewed inspection against the standard is compliant. An institution never
/// inspected counts against the rate; the plans' target is 100 %.
public struct ComplianceIndicator: Sendable, Equatable, Codable {
    /// One active institution and its latest reviewed inspection, if any.
    public struct Standing: Sendable, Equatable {
        public var institutionID: UUID
        public var name: String
        public var district: String
        public var inspectionID: UUID?
        public var compliant: Bool?
        public var failedItems: [FailedItem]

        public init(
            institutionID: UUID,
            name: String,
            district: String,
            inspectionID: UUID?,
            compliant: Bool?,
            failedItems: [FailedItem]
        ) {
            self.institutionID = institutionID
            self.name = name
            self.district = district
            self.inspectionID = inspectionID
            self.compliant = compliant
            self.failedItems = failedItems
        }
    }

    public struct FailedItem: Sendable, Equatable, Codable {
        public var code: String
        public var text: String
        public var mandatory: Bool

        public init(code: String, text: String, mandatory: Bool) {
            self.code = code
            self.text = text
            self.mandatory = mandatory
        }
    }

    public struct NonCompliant: Sendable, Equatable, Codable {
        public var institutionID: UUID
        public var name: String
        public var district: String
        public var inspectionID: UUID
        public var failedItems: [FailedItem]

        enum CodingKeys: String, CodingKey {
            case name, district
            case institutionID = "institution_id"
            case inspectionID = "inspection_id"
            case failedItems = "failed_items"
        }
    }

    public var standard: String
    public var target: Double
    public var activeInstitutions: Int
    public var inspected: Int
    public var compliant: Int
    /// compliant ÷ active institutions; 0 with no active institution.
    public var rate: Double
    public var notInspected: [UUID]
    public var nonCompliant: [NonCompliant]

    enum CodingKeys: String, CodingKey {
        case standard, target, inspected, compliant, rate
        case activeInstitutions = "active_institutions"
        case notInspected = "not_inspected"
        case nonCompliant = "non_compliant"
    }

    public init(standard: String, standings: [Standing]) {
        self.standard = standard
        self.target = 1
        self.activeInstitutions = standings.count
        self.inspected = standings.filter { $0.inspectionID != nil }.count
        self.compliant = standings.filter { $0.compliant == true }.count
        self.rate = standings.isEmpty ? 0 : Double(self.compliant) / Double(standings.count)
        self.notInspected = standings.filter { $0.inspectionID == nil }.map(\.institutionID)
        self.nonCompliant = standings.compactMap { standing in
            guard let inspection = standing.inspectionID, standing.compliant == false else { return nil }
            return NonCompliant(
                institutionID: standing.institutionID,
                name: standing.name,
                district: standing.district,
                inspectionID: inspection,
                failedItems: standing.failedItems
            )
        }
    }
}
