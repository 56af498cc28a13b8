import Foundation

// What the law says must be published (一公开), as the portal and /public show it.

public struct PublicRating: Sendable, Encodable {
    public var institutionID: UUID
    public var institution: String
    public var level: Int
    public var publishedAt: Date
    public var validUntil: Date

    enum CodingKeys: String, CodingKey {
        case institution, level
        case institutionID = "institution_id"
        case publishedAt = "published_at"
        case validUntil = "valid_until"
    }

    public init(institutionID: UUID, institution: String, level: Int, publishedAt: Date, validUntil: Date) {
        self.institutionID = institutionID
        self.institution = institution
        self.level = level
        self.publishedAt = publishedAt
        self.validUntil = validUntil
    }

}

public struct PublicListing: Sendable, Encodable {
    public var id: UUID
    public var institutionID: UUID
    public var institution: String
    public var legalRepresentative: String
    public var reasonCode: String
    public var reason: String
    public var listedAt: Date
    public var listedUntil: Date

    enum CodingKeys: String, CodingKey {
        case id, institution, reason
        case institutionID = "institution_id"
        case legalRepresentative = "legal_representative"
        case reasonCode = "reason_code"
        case listedAt = "listed_at"
        case listedUntil = "listed_until"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        institution: String,
        legalRepresentative: String,
        reasonCode: String,
        reason: String,
        listedAt: Date,
        listedUntil: Date
    ) {
        self.id = id
        self.institutionID = institutionID
        self.institution = institution
        self.legalRepresentative = legalRepresentative
        self.reasonCode = reasonCode
        self.reason = reason
        self.listedAt = listedAt
        self.listedUntil = listedUntil
    }

}

public struct PublicInspection: Sendable, Encodable {
    public var id: UUID
    public var institutionID: UUID
    public var institution: String
    /// The day the inspection was done (its last submission), `YYYY-MM-DD`.
    public var date: String
    public var compliant: Bool
    public var failedItems: Int

    enum CodingKeys: String, CodingKey {
        case id, institution, date, compliant
        case institutionID = "institution_id"
        case failedItems = "failed_items"
    }

    public init(id: UUID, institutionID: UUID, institution: String, date: String, compliant: Bool, failedItems: Int) {
        self.id = id
        self.institutionID = institutionID
        self.institution = institution
        self.date = date
        self.compliant = compliant
        self.failedItems = failedItems
    }

}

public struct PublicIndicator: Sendable, Equatable, Encodable {
    public var value: Double
    public var target: Double
    public var numerator: Int
    public var denominator: Int

    public init(value: Double, target: Double, numerator: Int, denominator: Int) {
        self.value = value
        self.target = target
        self.numerator = numerator
        self.denominator = denominator
    }

}

public struct PublicIndicators: Sendable, Equatable, Encodable {
    public var starRatedShare: PublicIndicator
    public var nursingBedShare: PublicIndicator
    public var complianceRate: PublicIndicator

    enum CodingKeys: String, CodingKey {
        case starRatedShare = "star_rated_share"
        case nursingBedShare = "nursing_bed_share"
        case complianceRate = "gb38600_compliance_rate"
    }

    public init(starRatedShare: PublicIndicator, nursingBedShare: PublicIndicator, complianceRate: PublicIndicator) {
        self.starRatedShare = starRatedShare
        self.nursingBedShare = nursingBedShare
        self.complianceRate = complianceRate
    }

}
