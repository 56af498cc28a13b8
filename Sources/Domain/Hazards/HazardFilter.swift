import Foundation

/// Filters of the hazard register.
public struct HazardFilter: Sendable, Equatable {
    public var institutionID: UUID?
    public var campaignID: UUID?
    public var state: Hazard.State?
    public var overdue: Bool?
    /// Only hazards found by inspections assigned to this inspector.
    public var foundByInspector: UUID?

    public init(institutionID: UUID? = nil, campaignID: UUID? = nil, state: Hazard.State? = nil, overdue: Bool? = nil) {
        self.institutionID = institutionID
        self.campaignID = campaignID
        self.state = state
        self.overdue = overdue
    }
}
