import Foundation

/// The hazard catalogue: the five categories of the 2023 major-accident-hazard criteria
/// (养老机构重大事故隐患判定标准, 民政部办公厅 2023-11-27) with typical situations, plus
/// general (non-major) hazards. Tenants refine it with entries of their own.
public struct HazardCatalogueEntry: Sendable, Equatable, Codable {
    public var code: String
    public var category: HazardCategory
    public var major: Bool
    public var fireRelated: Bool
    public var text: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, category, major, text
        case fireRelated = "fire_related"
    }

    public init(code: String, category: HazardCategory, major: Bool, fireRelated: Bool, text: String) {
        self.code = code
        self.category = category
        self.major = major
        self.fireRelated = fireRelated
        self.text = text
    }

    public static let national: [HazardCatalogueEntry] = [
        .init(
            code: "M1-01",
            category: .facilitiesEquipment,
            major: true,
            fireRelated: false,
            text: "房屋经鉴定为C级、D级危房仍在使用 (building rated C/D dangerous still in use)"
        ),
        .init(
            code: "M1-02",
            category: .facilitiesEquipment,
            major: true,
            fireRelated: true,
            text: "消防设施、电气或燃气系统不符合强制性标准 (fire, electrical or gas systems failing mandatory standards)"
        ),
        .init(
            code: "M1-03",
            category: .facilitiesEquipment,
            major: true,
            fireRelated: true,
            text: "使用易燃可燃夹芯彩钢板或装修材料 (flammable sandwich panels or decoration)"
        ),
        .init(
            code: "M1-04",
            category: .facilitiesEquipment,
            major: true,
            fireRelated: false,
            text: "电梯、锅炉、氧气管道等特种设备未经检验或已报废 (unlicensed or scrapped lifts, boilers, oxygen lines)"
        ),
        .init(code: "M2-01", category: .qualifications, major: true, fireRelated: false, text: "内设医疗机构未取得执业许可 (in-house clinic without licence)"),
        .init(code: "M2-02", category: .qualifications, major: true, fireRelated: false, text: "食堂未取得食品经营许可 (canteen without food licence)"),
        .init(
            code: "M3-01",
            category: .dailyManagement,
            major: true,
            fireRelated: true,
            text: "疏散通道、安全出口被占用、堵塞或封闭 (escape routes or exits blocked or locked)"
        ),
        .init(
            code: "M3-02",
            category: .dailyManagement,
            major: true,
            fireRelated: false,
            text: "夜间值守和巡查制度严重缺失 (night duty and rounds seriously missing)"
        ),
        .init(code: "M4-01", category: .illegalService, major: true, fireRelated: false, text: "严重违法违规提供服务 (seriously illegal service provision)"),
        .init(
            code: "M5-01",
            category: .other,
            major: true,
            fireRelated: false,
            text: "其他可能导致群死群伤的隐患 (other hazards that could cause mass casualties)"
        ),
        .init(code: "G-01", category: .general, major: false, fireRelated: true, text: "灭火器过期或配置不足 (extinguishers expired or too few)"),
        .init(code: "G-02", category: .general, major: false, fireRelated: false, text: "安全标志缺失或不规范 (missing or wrong safety signs)"),
        .init(code: "G-03", category: .general, major: false, fireRelated: false, text: "一般安全管理隐患 (general safety-management hazard)"),
    ]
}

extension HazardCatalogueEntry: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
