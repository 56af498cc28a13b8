import Foundation

/// A law-enforcement inspector of the pool (执法检查人员名录库).
public struct Inspector: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    /// 执法证号, unique in the tenant.
    public var certificateNumber: String
    /// Districts the inspector may work in; empty means anywhere in the tenant.
    public var districts: [String]
    public var active: Bool
    /// Institutions the inspector works for or is related to: an automatic conflict.
    public var affiliations: [UUID]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, districts, active, affiliations, version
        case certificateNumber = "certificate_number"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        name: String,
        certificateNumber: String,
        districts: [String],
        active: Bool,
        affiliations: [UUID],
        version: Int = 1,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.certificateNumber = certificateNumber
        self.districts = districts
        self.active = active
        self.affiliations = affiliations
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func validate(into validator: inout Validator) {
        validator.text(self.name, "name", max: 100)
        validator.text(self.certificateNumber, "certificate_number", max: 50)
        validator.check(self.districts.count <= 100, "districts", "must list at most 100 districts")
        for (index, district) in self.districts.enumerated() { validator.text(district, "districts[\(index)]", max: 100) }
        validator.check(Set(self.districts).count == self.districts.count, "districts", "must not repeat a district")
        validator.check(self.affiliations.count <= 100, "affiliations", "must list at most 100 institutions")
    }

    /// Whether the inspector may work in `district`.
    public func serves(district: String) -> Bool { self.districts.isEmpty || self.districts.contains(district) }
}

/// A declared conflict of interest (回避) between an inspector and an institution.
public struct InspectorConflict: Sendable, Equatable, Codable {
    public var id: UUID
    public var inspectorID: UUID
    public var institutionID: UUID
    public var reason: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, reason
        case inspectorID = "inspector_id"
        case institutionID = "institution_id"
        case createdAt = "created_at"
    }

    public init(id: UUID, inspectorID: UUID, institutionID: UUID, reason: String, createdAt: Date) {
        self.id = id
        self.inspectorID = inspectorID
        self.institutionID = institutionID
        self.reason = reason
        self.createdAt = createdAt
    }
}
