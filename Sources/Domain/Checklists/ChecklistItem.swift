import Foundation

/// The nine risks of GB 38600's 服务防护 ("九防").
public enum ServiceRisk: String, Sendable, Codable, CaseIterable {
    /// 噎食
    case choking
    /// 食品药品误食
    case wrongIngestion = "wrong_ingestion"
    /// 压疮
    case pressureSores = "pressure_sores"
    /// 烫伤
    case burns
    /// 坠床
    case bedFalls = "bed_falls"
    /// 跌倒
    case falls
    /// 他伤和自伤
    case injurySelfHarm = "injury_self_harm"
    /// 走失
    case wandering
    /// 文娱活动意外
    case recreationAccidents = "recreation_accidents"
}

/// The five categories of the 2023 major-accident-hazard criteria (养老机构重大事故隐患判定标准),
/// plus ordinary (non-major) hazards.
public enum HazardCategory: String, Sendable, Codable, CaseIterable {
    case facilitiesEquipment = "facilities_equipment"
    case qualifications
    case dailyManagement = "daily_management"
    case illegalService = "illegal_service"
    case other
    case general
}

/// One requirement of a checklist. It guards exactly one thing: one of the nine risks,
/// or a hazard category.
public struct ChecklistItem: Sendable, Equatable, Codable {
    public var code: String
    public var section: String
    public var text: String
    public var textEn: String
    public var guidance: String
    public var mandatory: Bool
    public var weight: Int
    public var allowsNotApplicable: Bool
    public var risk: ServiceRisk?
    public var hazardCategory: HazardCategory?
    /// A failed fire-related item becomes a fire hazard in a campaign.
    public var fireRelated: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, section, text, guidance, mandatory, weight, risk
        case textEn = "text_en"
        case allowsNotApplicable = "allows_not_applicable"
        case hazardCategory = "hazard_category"
        case fireRelated = "fire_related"
    }

    public init(
        code: String,
        section: String,
        text: String,
        textEn: String = "",
        guidance: String = "",
        mandatory: Bool = true,
        weight: Int = 1,
        allowsNotApplicable: Bool = false,
        risk: ServiceRisk? = nil,
        hazardCategory: HazardCategory? = nil,
        fireRelated: Bool = false
    ) {
        self.code = code
        self.section = section
        self.text = text
        self.textEn = textEn
        self.guidance = guidance
        self.mandatory = mandatory
        self.weight = weight
        self.allowsNotApplicable = allowsNotApplicable
        self.risk = risk
        self.hazardCategory = hazardCategory
        self.fireRelated = fireRelated
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decode(String.self, forKey: .code)
        self.section = try container.decode(String.self, forKey: .section)
        self.text = try container.decode(String.self, forKey: .text)
        self.textEn = try container.decodeIfPresent(String.self, forKey: .textEn) ?? ""
        self.guidance = try container.decodeIfPresent(String.self, forKey: .guidance) ?? ""
        self.mandatory = try container.decodeIfPresent(Bool.self, forKey: .mandatory) ?? true
        self.weight = try container.decodeIfPresent(Int.self, forKey: .weight) ?? 1
        self.allowsNotApplicable = try container.decodeIfPresent(Bool.self, forKey: .allowsNotApplicable) ?? false
        self.risk = try container.decodeIfPresent(ServiceRisk.self, forKey: .risk)
        self.hazardCategory = try container.decodeIfPresent(HazardCategory.self, forKey: .hazardCategory)
        self.fireRelated = try container.decodeIfPresent(Bool.self, forKey: .fireRelated) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.code, forKey: .code)
        try container.encode(self.section, forKey: .section)
        try container.encode(self.text, forKey: .text)
        try container.encode(self.textEn, forKey: .textEn)
        try container.encode(self.guidance, forKey: .guidance)
        try container.encode(self.mandatory, forKey: .mandatory)
        try container.encode(self.weight, forKey: .weight)
        try container.encode(self.allowsNotApplicable, forKey: .allowsNotApplicable)
        try container.encode(self.risk, forKey: .risk)
        try container.encode(self.hazardCategory, forKey: .hazardCategory)
        try container.encode(self.fireRelated, forKey: .fireRelated)
    }

    /// The item as the evaluation sees it.
    public var evaluationItem: ChecklistEvaluation.Item {
        ChecklistEvaluation.Item(
            code: self.code,
            section: self.section,
            mandatory: self.mandatory,
            weight: Double(self.weight),
            allowsNotApplicable: self.allowsNotApplicable
        )
    }

    public static let maxItems = 500

    /// Checks a whole checklist: at least one item, unique codes, and each item sound.
    public static func validate(_ items: [ChecklistItem], into validator: inout Validator) {
        validator.check(!items.isEmpty, "items", "must list at least one item")
        validator.check(items.count <= Self.maxItems, "items", "must list at most \(Self.maxItems) items")
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let field = "items[\(index)]"
            validator.check(
                item.code.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"#, options: .regularExpression) != nil,
                "\(field).code",
                "must be 1–32 letters, digits, '.', '_' or '-'"
            )
            validator.check(seen.insert(item.code).inserted, "\(field).code", "repeats the code \(item.code)")
            validator.text(item.section, "\(field).section", max: 100)
            validator.text(item.text, "\(field).text", max: 2000)
            validator.text(item.textEn, "\(field).text_en", max: 2000, required: false)
            validator.text(item.guidance, "\(field).guidance", max: 4000, required: false)
            validator.check((0...100).contains(item.weight), "\(field).weight", "must be between 0 and 100")
            validator.check(
                (item.risk == nil) != (item.hazardCategory == nil),
                "\(field)",
                "must name exactly one of risk and hazard_category"
            )
        }
    }
}

extension ChecklistItem: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
