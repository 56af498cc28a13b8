import Foundation

// The portal's directory of institutions and its page per institution: register data of
// institutions only. No person is named beyond what a published listing names, and the
// only contact shown is the institution's own published phone.

/// Which institutions the public directory lists: those registered and not closed.
/// A closed (注销) institution leaves the directory, but its page stays reachable, since
/// its published inspections and listings remain public records that link to it.
public enum PublicDirectory {
    public static let listedStatuses: [Institution.Status] = [.operating, .suspended]
}

/// A directory search: part of the name and one district, either or both absent.
public struct PublicDirectoryFilter: Sendable, Equatable {
    public var nameContains: String?
    public var district: String?

    public init(nameContains: String? = nil, district: String? = nil) {
        self.nameContains = nameContains
        self.district = district
    }
}

/// One line of the directory.
public struct PublicDirectoryEntry: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var district: String
    public var address: String
    public var status: Institution.Status
    public var beds: Int
    public var contactPhone: String
    /// The current (published) rating's level; `nil` when unrated (未评定).
    public var ratingLevel: Int?

    public init(
        id: UUID,
        name: String,
        district: String,
        address: String,
        status: Institution.Status,
        beds: Int,
        contactPhone: String,
        ratingLevel: Int?
    ) {
        self.id = id
        self.name = name
        self.district = district
        self.address = address
        self.status = status
        self.beds = beds
        self.contactPhone = contactPhone
        self.ratingLevel = ratingLevel
    }
}

/// A page of the directory: the rows shown and how many match in all.
public struct PublicDirectoryPage: Sendable, Equatable {
    public var total: Int
    public var entries: [PublicDirectoryEntry]
    /// Every district with a listed institution, for the filter.
    public var districts: [String]

    public init(total: Int, entries: [PublicDirectoryEntry], districts: [String]) {
        self.total = total
        self.entries = entries
        self.districts = districts
    }
}

/// What the register publishes of one institution.
public struct PublicRegisterEntry: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var creditCode: String
    public var operatorType: Institution.OperatorType
    public var district: String
    public var address: String
    public var status: Institution.Status
    public var beds: Int
    public var nursingBeds: Int
    public var contactPhone: String

    public init(
        id: UUID,
        name: String,
        creditCode: String,
        operatorType: Institution.OperatorType,
        district: String,
        address: String,
        status: Institution.Status,
        beds: Int,
        nursingBeds: Int,
        contactPhone: String
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
        self.contactPhone = contactPhone
    }
}

/// A published listing of the institution: why, on what legal basis, from when to when.
public struct PublicInstitutionListing: Sendable, Equatable {
    public var reason: BlacklistEntry.Reason?
    public var legalBasis: String
    /// When the listing took effect; `nil` if the entry does not say.
    public var listedAt: Date?
    public var listedUntil: Date

    public init(reason: BlacklistEntry.Reason?, legalBasis: String, listedAt: Date?, listedUntil: Date) {
        self.reason = reason
        self.legalBasis = legalBasis
        self.listedAt = listedAt
        self.listedUntil = listedUntil
    }
}

/// A published inspection of the institution.
public struct PublicInspectionRecord: Sendable, Equatable {
    public var id: UUID
    /// The day the inspection was done (its last submission, in the tenant's time
    /// zone), `YYYY-MM-DD`; not the day it was scheduled for.
    public var doneOn: String
    public var compliant: Bool
    /// Findings: the failed items of its evaluation.
    public var failedItems: Int

    public init(id: UUID, doneOn: String, compliant: Bool, failedItems: Int) {
        self.id = id
        self.doneOn = doneOn
        self.compliant = compliant
        self.failedItems = failedItems
    }
}

/// The portal's page of one institution.
public struct PublicInstitutionPage: Sendable {
    public var register: PublicRegisterEntry
    /// The current (published) rating, if any.
    public var rating: PublicRating?
    public var listings: [PublicInstitutionListing]
    /// Newest first.
    public var inspections: [PublicInspectionRecord]
    /// Major hazards not yet verified as rectified (nor closed).
    public var openMajorHazards: Int
    /// Complaints about it found substantiated (wholly or partly) in the last 12 months:
    /// a count only, never their text or who complained.
    public var substantiatedComplaints: Int

    public init(
        register: PublicRegisterEntry,
        rating: PublicRating?,
        listings: [PublicInstitutionListing],
        inspections: [PublicInspectionRecord],
        openMajorHazards: Int,
        substantiatedComplaints: Int = 0
    ) {
        self.substantiatedComplaints = substantiatedComplaints
        self.register = register
        self.rating = rating
        self.listings = listings
        self.inspections = inspections
        self.openMajorHazards = openMajorHazards
    }
}
