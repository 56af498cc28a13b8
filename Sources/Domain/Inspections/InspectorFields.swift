import Foundation

/// The fields of an inspector a regulator sends; absent ones stay as they are.
public struct InspectorFields: Sendable, Equatable, Codable {
    public var name: String?
    public var certificateNumber: String?
    public var districts: [String]?
    public var active: Bool?
    public var affiliations: [UUID]?
    public var version: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, districts, active, affiliations, version
        case certificateNumber = "certificate_number"
    }

    public init() {}

    /// The record with these fields applied, if it keeps the rules.
    public func apply(to inspector: Inspector) throws -> Inspector {
        var next = inspector
        next.name = self.name ?? next.name
        next.certificateNumber = self.certificateNumber ?? next.certificateNumber
        next.districts = self.districts ?? next.districts
        next.active = self.active ?? next.active
        next.affiliations = self.affiliations ?? next.affiliations
        var validator = Validator()
        next.validate(into: &validator)
        try validator.finish()
        return next
    }

    /// The fields a new inspector needs; the version is the service's.
    public func validateForCreation() throws {
        var validator = Validator()
        validator.check(self.name != nil, "name", "is required")
        validator.check(self.certificateNumber != nil, "certificate_number", "is required")
        validator.check(self.version == nil, "version", "is set by the service")
        try validator.finish()
    }
}
