import Foundation

/// A regulator's ad hoc inspection, as asked for (the draw creates them in bulk).
public struct NewInspection: Sendable, Equatable {
    public var institutionID: UUID
    public var checklistTemplateVersionID: UUID?
    public var scheduledOn: String
    public var inspectorIDs: [UUID]

    public init(institutionID: UUID, checklistTemplateVersionID: UUID?, scheduledOn: String, inspectorIDs: [UUID]) {
        self.institutionID = institutionID
        self.checklistTemplateVersionID = checklistTemplateVersionID
        self.scheduledOn = scheduledOn
        self.inspectorIDs = inspectorIDs
    }

    /// The rules that need no record: a real date, one to twenty distinct inspectors.
    public func validate() throws {
        var validator = Validator()
        validator.check(CalendarDate.isValid(self.scheduledOn), "scheduled_on", "must be a date YYYY-MM-DD")
        validator.check(!self.inspectorIDs.isEmpty, "inspector_ids", "must name at least one inspector")
        validator.check(self.inspectorIDs.count <= 20, "inspector_ids", "must name at most 20 inspectors")
        validator.check(Set(self.inspectorIDs).count == self.inspectorIDs.count, "inspector_ids", "must not repeat an inspector")
        try validator.finish()
    }
}

/// An inspection with its results and findings, as a reader sees it.
public struct InspectionDetail: Sendable {
    public var inspection: Inspection
    public var results: [ItemResult]
    public var findings: [InspectionFinding]

    public init(inspection: Inspection, results: [ItemResult], findings: [InspectionFinding]) {
        self.inspection = inspection
        self.results = results
        self.findings = findings
    }
}
