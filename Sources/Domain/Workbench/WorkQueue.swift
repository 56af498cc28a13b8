import Foundation

/// What waits for a regulator's action, queue by queue: the to-do list of the workbench.
public enum WorkQueue: String, Sendable, CaseIterable {
    /// Inspections submitted by inspectors, to review.
    case inspectionsToReview = "inspections-to-review"
    /// Rectifications reported done, whose evidence waits to be verified.
    case rectificationsToVerify = "rectifications-to-verify"
    /// Requests to extend a hazard's deadline, undecided.
    case extensionRequests = "extension-requests"
    /// Objections of institutions to a notified blacklist entry.
    case objections
    /// Hazards past their deadline and not yet verified.
    case overdueHazards = "overdue-hazards"
    /// Draws planned or committed, not yet drawn.
    case drawsWaiting = "draws-waiting"
    /// Complaints and other cases not yet concluded.
    case openCases = "open-cases"
}

/// One line of a queue, as a person reads it.
public struct WorkItem: Sendable, Equatable {
    public var id: UUID
    /// What it is: a hazard's description, a draw's name, a case's number.
    public var title: String
    public var institutionName: String?
    /// The day that matters: a deadline, the scheduled day, the day it came in.
    public var day: String?
    public var state: String

    public init(id: UUID, title: String, institutionName: String?, day: String?, state: String) {
        self.id = id
        self.title = title
        self.institutionName = institutionName
        self.day = day
        self.state = state
    }
}
