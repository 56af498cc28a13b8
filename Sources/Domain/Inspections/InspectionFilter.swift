import Foundation

/// Filters of the inspection list.
public struct InspectionFilter: Sendable, Equatable {
    public var institutionID: UUID?
    public var inspectorID: UUID?
    public var drawID: UUID?
    public var state: InspectionState?

    public init(institutionID: UUID? = nil, inspectorID: UUID? = nil, drawID: UUID? = nil, state: InspectionState? = nil) {
        self.institutionID = institutionID
        self.inspectorID = inspectorID
        self.drawID = drawID
        self.state = state
    }
}
