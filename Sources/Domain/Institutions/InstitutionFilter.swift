import Foundation

/// Filters of the institution list.
public struct InstitutionFilter: Sendable, Equatable {
    public var district: String?
    public var operatorType: Institution.OperatorType?
    public var status: Institution.Status?
    /// Case-insensitive substring of the name.
    public var nameContains: String?
    /// 统一社会信用代码, exactly.
    public var creditCode: String?

    public init(
        district: String? = nil,
        operatorType: Institution.OperatorType? = nil,
        status: Institution.Status? = nil,
        nameContains: String? = nil
    ) {
        self.district = district
        self.operatorType = operatorType
        self.status = status
        self.nameContains = nameContains
    }
}
