import Foundation

/// A penalty decision as published (双公示, 行政处罚信息): exactly the fields the national
/// format names, nothing of the register's own (no case, no evidence, no statement).
public struct PublicPenalty: Sendable, Equatable, Codable {
    public var partyName: String
    /// 行政相对人类别: an institution is a legal person or unincorporated organisation.
    public var partyCategory: String
    public var creditCode: String
    public var legalRepresentative: String
    public var decisionNumber: String
    public var violationKind: String
    public var facts: String
    public var legalBasis: String
    public var penaltyCategories: String
    public var penaltyContent: String
    /// 罚款金额（万元）and 没收违法所得金额（万元）as exact decimal text (`0.5`), nil when none.
    public var fineTenThousandYuan: String?
    public var confiscationTenThousandYuan: String?
    public var decidedOn: String
    public var publicationEnd: String
    public var authority: String
    public var authorityCreditCode: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case facts, authority
        case partyName = "party_name"
        case partyCategory = "party_category"
        case creditCode = "credit_code"
        case legalRepresentative = "legal_representative"
        case decisionNumber = "decision_number"
        case violationKind = "violation_kind"
        case legalBasis = "legal_basis"
        case penaltyCategories = "penalty_categories"
        case penaltyContent = "penalty_content"
        case fineTenThousandYuan = "fine_10k_yuan"
        case confiscationTenThousandYuan = "confiscation_10k_yuan"
        case decidedOn = "decided_on"
        case publicationEnd = "publication_end"
        case authorityCreditCode = "authority_credit_code"
    }

    /// The published form of a decided, published decision; nil for any other.
    public init?(_ decision: PenaltyDecision) {
        guard let content = decision.content, let number = decision.number, let end = decision.publicationEnd else { return nil }
        func total(_ category: PenaltyDecision.Category) -> String? {
            let amounts = content.penalties.filter { $0.category == category }.compactMap(\.amountYuan)
            return amounts.isEmpty ? nil : Self.tenThousands(amounts.reduce(0, +))
        }
        self.partyName = content.party.name
        self.partyCategory = "法人及非法人组织"
        self.creditCode = content.party.creditCode
        self.legalRepresentative = content.party.legalRepresentative
        self.decisionNumber = number
        self.violationKind = content.violationKind
        self.facts = content.facts
        self.legalBasis = content.legalBasis
        var categories: [String] = []
        for penalty in content.penalties where !categories.contains(penalty.category.label.text(in: .chinese)) {
            categories.append(penalty.category.label.text(in: .chinese))
        }
        self.penaltyCategories = categories.joined(separator: "、")
        self.penaltyContent = content.penalties.map(\.content).joined(separator: "；")
        self.fineTenThousandYuan = total(.fine)
        self.confiscationTenThousandYuan = total(.confiscation)
        self.decidedOn = content.decidedOn
        self.publicationEnd = end
        self.authority = content.authority
        self.authorityCreditCode = content.authorityCreditCode
    }

    /// Yuan in units of 10,000, exactly: 5000 → `0.5`, 123456 → `12.3456`, 20000 → `2`.
    public static func tenThousands(_ yuan: Int) -> String {
        let whole = yuan / 10_000
        let part = yuan % 10_000
        guard part != 0 else { return String(whole) }
        var digits = String(part)
        digits = String(repeating: "0", count: 4 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// The CSV's headings, in the order of `CodingKeys`, as the national format names them.
    public static let headings: [(key: String, chinese: String)] = [
        ("party_name", "行政相对人名称"), ("party_category", "行政相对人类别"), ("credit_code", "统一社会信用代码"),
        ("legal_representative", "法定代表人"), ("decision_number", "行政处罚决定书文号"), ("violation_kind", "违法行为类型"),
        ("facts", "违法事实"), ("legal_basis", "处罚依据"), ("penalty_categories", "处罚类别"), ("penalty_content", "处罚内容"),
        ("fine_10k_yuan", "罚款金额（万元）"), ("confiscation_10k_yuan", "没收违法所得、没收非法财物的金额（万元）"),
        ("decided_on", "处罚决定日期"), ("publication_end", "公示截止期"), ("authority", "处罚机关"),
        ("authority_credit_code", "处罚机关统一社会信用代码"),
    ]

    /// One CSV line (RFC 4180 quoting) in the order of `headings`.
    public var csvValues: [String] {
        [
            self.partyName, self.partyCategory, self.creditCode, self.legalRepresentative, self.decisionNumber, self.violationKind,
            self.facts, self.legalBasis, self.penaltyCategories, self.penaltyContent, self.fineTenThousandYuan ?? "",
            self.confiscationTenThousandYuan ?? "", self.decidedOn, self.publicationEnd, self.authority,
            self.authorityCreditCode,
        ]
    }
}
