import Foundation

/// What a person needs to find an institution, shown beside its id wherever a record
/// names one (an inspection, a hazard): not stored with the record, read with it.
public struct InstitutionSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var district: String
    public var address: String
    public var contactPhone: String

    enum CodingKeys: String, CodingKey {
        case id, name, district, address
        case contactPhone = "contact_phone"
    }

    public init(id: UUID, name: String, district: String, address: String, contactPhone: String) {
        self.id = id
        self.name = name
        self.district = district
        self.address = address
        self.contactPhone = contactPhone
    }

    public init(_ institution: Institution) {
        self.init(
            id: institution.id,
            name: institution.name,
            district: institution.district,
            address: institution.address,
            contactPhone: institution.contactPhone
        )
    }
}

/// An inspector by name, beside its id.
public struct InspectorSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String

    public init(id: UUID, name: String) {
        self.id = id
        self.name = name
    }
}
