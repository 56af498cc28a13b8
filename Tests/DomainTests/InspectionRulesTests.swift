import Domain
import Foundation
import Testing

@Suite("Inspection workflow, results and the compliance indicator")
struct InspectionRulesTests {
    @Test("only the allowed steps move an inspection, each to its one next state")
    func transitions() {
        var allowed: [String] = []
        for action in InspectionAction.allCases {
            for state in InspectionState.allCases {
                if let next = action.next(from: state) { allowed.append("\(state.rawValue) -\(action.rawValue)-> \(next.rawValue)") }
            }
        }
        #expect(
            allowed.sorted() == [
                "in_progress -submit-> submitted", "planned -start-> in_progress", "reviewed -publish-> published",
                "reviewed -return-> in_progress", "submitted -return-> in_progress", "submitted -review-> reviewed",
            ]
        )
        #expect(InspectionAction.submit.actor == .inspector)
        #expect(InspectionAction.publish.actor == .regulator)
    }

    @Test("visibility: regulators all, inspectors their assignments, institutions their own once published")
    func visibility() {
        let inspector = UUID()
        let institution = UUID()
        var inspection = Inspection(
            id: UUID(),
            institutionID: institution,
            templateID: UUID(),
            templateVersionID: UUID(),
            drawID: nil,
            scheduledOn: "2026-12-01",
            state: .reviewed,
            inspectorIDs: [inspector],
            createdAt: Date(),
            updatedAt: Date()
        )
        func principal(_ role: Role, _ subject: UUID?) -> Principal { Principal(tokenID: UUID(), tenantID: UUID(), role: role, subjectID: subject) }
        #expect(InspectionAccess.decide(principal(.regulator, nil), .read(inspection)).isAllowed)
        #expect(InspectionAccess.decide(principal(.inspector, inspector), .read(inspection)).isAllowed)
        #expect(!InspectionAccess.decide(principal(.inspector, UUID()), .read(inspection)).isAllowed)
        #expect(!InspectionAccess.decide(principal(.institution, institution), .read(inspection)).isAllowed)
        inspection.state = .published
        #expect(InspectionAccess.decide(principal(.institution, institution), .read(inspection)).isAllowed)
        #expect(!InspectionAccess.decide(principal(.institution, UUID()), .read(inspection)).isAllowed)
    }

    @Test("calendar dates are checked, leap years included")
    func dates() {
        #expect(CalendarDate.isValid("2028-02-29"))
        #expect(!CalendarDate.isValid("2026-02-29"))
        #expect(!CalendarDate.isValid("2026-13-01"))
        #expect(!CalendarDate.isValid("2026-1-01"))
        #expect(!CalendarDate.isValid("２０２６-01-01"))
    }

    @Test("a day is formatted in the zone, agreeing with Calendar across offsets and years")
    func dayInZone() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let honolulu = try #require(TimeZone(identifier: "Pacific/Honolulu"))
        // 2026-11-23T16:30:00Z is already the 24th in Shanghai, still the 23rd in Honolulu.
        let instant = Date(timeIntervalSince1970: 1_795_451_400)
        #expect(CalendarDate.string(from: instant, in: shanghai) == "2026-11-24")
        #expect(CalendarDate.string(from: instant, in: honolulu) == "2026-11-23")
        #expect(CalendarDate.string(from: Date(timeIntervalSince1970: -1), in: TimeZone(secondsFromGMT: 0)) == "1969-12-31")
        var calendar = Calendar(identifier: .gregorian)
        for zone in [shanghai, honolulu] {
            calendar.timeZone = zone
            for step in stride(from: 0.0, to: 4.0e9, by: 7_919_999.5) {
                let date = Date(timeIntervalSince1970: step)
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
                #expect(CalendarDate.string(from: date, in: zone) == expected)
            }
        }
    }

    @Test("the compliance rate counts uninspected institutions against it and lists failures")
    func indicator() {
        let ids = (0..<4).map { _ in UUID() }
        let failed = ComplianceIndicator.FailedItem(code: "BR-02", text: "疏散通道畅通", mandatory: true)
        let indicator = ComplianceIndicator(
            standard: "GB 38600-2019",
            standings: [
                .init(institutionID: ids[0], name: "a", district: "d", inspectionID: UUID(), compliant: true, failedItems: []),
                .init(institutionID: ids[1], name: "b", district: "d", inspectionID: UUID(), compliant: true, failedItems: []),
                .init(institutionID: ids[2], name: "c", district: "d", inspectionID: UUID(), compliant: false, failedItems: [failed]),
                .init(institutionID: ids[3], name: "d", district: "d", inspectionID: nil, compliant: nil, failedItems: []),
            ]
        )
        #expect(indicator.rate == 0.5)
        #expect(indicator.inspected == 3)
        #expect(indicator.notInspected == [ids[3]])
        #expect(indicator.nonCompliant.map(\.institutionID) == [ids[2]])
        #expect(indicator.nonCompliant.first?.failedItems == [failed])
        #expect(ComplianceIndicator(standard: "x", standings: []).rate == 0)
    }

    @Test("results are checked against the checklist, and disagreements listed in checklist order")
    func results() {
        let checklist = ChecklistVersion(
            id: UUID(),
            templateID: UUID(),
            scope: .tenant,
            version: 1,
            state: .published,
            title: "t",
            standard: nil,
            items: [
                ChecklistItem(code: "A", section: "s", text: "a", hazardCategory: .general),
                ChecklistItem(code: "B", section: "s", text: "b", allowsNotApplicable: true, risk: .falls),
                ChecklistItem(code: "C", section: "s", text: "c", hazardCategory: .general),
            ],
            createdAt: Date(),
            publishedAt: Date()
        )
        var validator = Validator()
        ItemResult.validate(
            [
                ItemResult(itemCode: "A", result: .notApplicable),
                ItemResult(itemCode: "B", result: .notApplicable),
                ItemResult(itemCode: "B", result: .pass),
                ItemResult(itemCode: "Z", result: .pass),
                ItemResult(itemCode: "C", result: .pass, finding: Finding(description: "x", major: false)),
            ],
            against: checklist,
            into: &validator
        )
        #expect(validator.errors.map(\.field) == ["results[0].result", "results[2].item_code", "results[3].item_code", "results[4].finding"])
        let own = [ItemResult(itemCode: "A", result: .pass), ItemResult(itemCode: "B", result: .pass), ItemResult(itemCode: "C", result: .pass)]
        let inspected = [ItemResult(itemCode: "A", result: .fail), ItemResult(itemCode: "B", result: .pass)]
        let disagreements = Disagreement.list(checklist, selfAssessed: own, inspected: inspected)
        #expect(disagreements.map(\.itemCode) == ["A", "C"])
        #expect(disagreements.last?.inspected == nil)
        let outcome = ChecklistEvaluation.evaluate(checklist, results: inspected)
        #expect(outcome.missingCodes == ["C"])
        #expect(!outcome.compliant)
    }

    @Test("checklist items: unique codes, one guarded thing each, sane weights")
    func items() {
        var validator = Validator()
        ChecklistItem.validate(
            [
                ChecklistItem(code: "A", section: "s", text: "a", weight: 101, hazardCategory: .general),
                ChecklistItem(code: "A", section: "s", text: "a", risk: .choking, hazardCategory: .general),
                ChecklistItem(code: "", section: "", text: "", hazardCategory: .general),
            ],
            into: &validator
        )
        #expect(
            validator.errors.map(\.field) == [
                "items[0].weight", "items[1].code", "items[1]", "items[2].code", "items[2].section", "items[2].text",
            ]
        )
        var empty = Validator()
        ChecklistItem.validate([], into: &empty)
        #expect(empty.errors.map(\.field) == ["items"])
    }
}
