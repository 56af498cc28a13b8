import Foundation

/// An institution in the register (养老机构名录).
public struct Institution: Sendable, Equatable, Codable {
    public enum OperatorType: String, Sendable, Codable, CaseIterable {
        /// 公办
        case `public`
        /// 公建民营
        case publicBuiltPrivateRun = "public_built_private_run"
        /// 民办
        case `private`
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case operating, suspended, closed
    }

    public var id: UUID
    public var name: String
    public var creditCode: String
    public var operatorType: OperatorType
    public var district: String
    public var address: String
    public var status: Status
    public var beds: Int
    public var nursingBeds: Int
    public var residents: Int
    public var staff: Int
    public var legalRepresentative: String
    public var contactPhone: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, district, address, status, beds, residents, staff, version
        case creditCode = "credit_code"
        case operatorType = "operator_type"
        case nursingBeds = "nursing_beds"
        case legalRepresentative = "legal_representative"
        case contactPhone = "contact_phone"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        name: String,
        creditCode: String,
        operatorType: OperatorType,
        district: String,
        address: String,
        status: Status,
        beds: Int,
        nursingBeds: Int,
        residents: Int,
        staff: Int,
        legalRepresentative: String,
        contactPhone: String,
        version: Int,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.operatorType = operatorType
        self.district = district
        self.address = address
        self.status = status
        self.beds = beds
        self.nursingBeds = nursingBeds
        self.residents = residents
        self.staff = staff
        self.legalRepresentative = legalRepresentative
        self.contactPhone = contactPhone
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The operating figures an institution may report itself; everything else is identity.
    public static let operatingFigureFields: Set<String> = ["beds", "nursing_beds", "residents", "staff"]

    /// Checks the register's rules on a complete record.
    public func validate() throws {
        var validator = Validator()
        validator.text(self.name, "name", max: 200)
        if let problem = CreditCode.problem(with: self.creditCode) {
            validator.check(false, "credit_code", CreditCode.message(for: problem))
        }
        validator.text(self.district, "district", max: 100)
        validator.text(self.address, "address", max: 300, required: false)
        validator.text(self.legalRepresentative, "legal_representative", max: 100, required: false)
        validator.text(self.contactPhone, "contact_phone", max: 40, required: false)
        validator.check(
            self.contactPhone.allSatisfy { $0.isNumber || "+-() ".contains($0) },
            "contact_phone",
            "may hold only digits, spaces and + - ( )"
        )
        let figures = [("beds", self.beds), ("nursing_beds", self.nursingBeds), ("residents", self.residents), ("staff", self.staff)]
        for (field, value) in figures {
            validator.check(value >= 0, field, "must not be negative")
            validator.check(value <= 1_000_000, field, "must be at most 1000000")
        }
        validator.check(self.nursingBeds <= self.beds, "nursing_beds", "must not exceed beds (\(self.beds))")
        try validator.finish()
    }
}

/// The fields of an institution that a client sends; every one optional so that the
/// same type serves creation (all required) and partial updates.
public struct InstitutionFields: Sendable, Equatable, Codable {
    public var name: String?
    public var creditCode: String?
    public var operatorType: Institution.OperatorType?
    public var district: String?
    public var address: String?
    public var status: Institution.Status?
    public var beds: Int?
    public var nursingBeds: Int?
    public var residents: Int?
    public var staff: Int?
    public var legalRepresentative: String?
    public var contactPhone: String?
    /// On updates: the version the client last read (alternative to `If-Match`).
    public var version: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, district, address, status, beds, residents, staff, version
        case creditCode = "credit_code"
        case operatorType = "operator_type"
        case nursingBeds = "nursing_beds"
        case legalRepresentative = "legal_representative"
        case contactPhone = "contact_phone"
    }

    public init() {}

    /// The JSON keys that were present, for rules about who may change what.
    public var presentKeys: Set<String> {
        var keys: Set<String> = []
        let pairs: [(String, Bool)] = [
            ("name", self.name != nil), ("credit_code", self.creditCode != nil),
            ("operator_type", self.operatorType != nil), ("district", self.district != nil),
            ("address", self.address != nil), ("status", self.status != nil), ("beds", self.beds != nil),
            ("nursing_beds", self.nursingBeds != nil), ("residents", self.residents != nil),
            ("staff", self.staff != nil), ("legal_representative", self.legalRepresentative != nil),
            ("contact_phone", self.contactPhone != nil),
        ]
        for (key, present) in pairs where present { keys.insert(key) }
        return keys
    }

    /// A new institution from a complete set of fields.
    public func makeInstitution(id: UUID, at now: Date) throws -> Institution {
        var validator = Validator()
        let required: [(String, Bool)] = [
            ("name", self.name == nil), ("credit_code", self.creditCode == nil),
            ("operator_type", self.operatorType == nil), ("district", self.district == nil),
            ("status", self.status == nil),
        ]
        for (field, missing) in required where missing { validator.check(false, field, "is required") }
        try validator.finish()
        let institution = Institution(
            id: id,
            name: self.name!,
            creditCode: self.creditCode!,
            operatorType: self.operatorType!,
            district: self.district!,
            address: self.address ?? "",
            status: self.status!,
            beds: self.beds ?? 0,
            nursingBeds: self.nursingBeds ?? 0,
            residents: self.residents ?? 0,
            staff: self.staff ?? 0,
            legalRepresentative: self.legalRepresentative ?? "",
            contactPhone: self.contactPhone ?? "",
            version: 1,
            createdAt: now,
            updatedAt: now
        )
        try institution.validate()
        return institution
    }

    /// The institution with these fields applied over it, validated, one version on.
    public func apply(to current: Institution, at now: Date) throws -> Institution {
        var next = current
        if let name { next.name = name }
        if let creditCode { next.creditCode = creditCode }
        if let operatorType { next.operatorType = operatorType }
        if let district { next.district = district }
        if let address { next.address = address }
        if let status { next.status = status }
        if let beds { next.beds = beds }
        if let nursingBeds { next.nursingBeds = nursingBeds }
        if let residents { next.residents = residents }
        if let staff { next.staff = staff }
        if let legalRepresentative { next.legalRepresentative = legalRepresentative }
        if let contactPhone { next.contactPhone = contactPhone }
        try next.validate()
        next.version = current.version + 1
        next.updatedAt = now
        return next
    }
}

extension Institution: DirectJSONWritable {
    /// The register's lists are the largest responses; this skips `Encodable`'s overhead.
    func writeJSON(to writer: JSONByteWriter) {
        writer.beginObject()
        writer.key("id")
        writer.writeUUID(self.id)
        writer.key("name")
        writer.writeString(self.name)
        writer.key("credit_code")
        writer.writeString(self.creditCode)
        writer.key("operator_type")
        writer.writeString(self.operatorType.rawValue)
        writer.key("district")
        writer.writeString(self.district)
        writer.key("address")
        writer.writeString(self.address)
        writer.key("status")
        writer.writeString(self.status.rawValue)
        writer.key("beds")
        writer.writeInt(self.beds)
        writer.key("nursing_beds")
        writer.writeInt(self.nursingBeds)
        writer.key("residents")
        writer.writeInt(self.residents)
        writer.key("staff")
        writer.writeInt(self.staff)
        writer.key("legal_representative")
        writer.writeString(self.legalRepresentative)
        writer.key("contact_phone")
        writer.writeString(self.contactPhone)
        writer.key("version")
        writer.writeInt(self.version)
        writer.key("created_at")
        writer.writeDate(self.createdAt)
        writer.key("updated_at")
        writer.writeDate(self.updatedAt)
        writer.endObject()
    }
}
