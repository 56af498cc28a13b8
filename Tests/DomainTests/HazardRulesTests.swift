import Domain
import Foundation
import Testing

@Suite("Hazards: life cycle, deadlines, campaign progress")
struct HazardRulesTests {
    static func hazard(major: Bool = true, fire: Bool = true, deadline: String = "2026-12-01", state: Hazard.State = .open) -> Hazard {
        var hazard = Hazard(
            id: UUID(),
            institutionID: UUID(),
            campaignID: nil,
            source: .regulator,
            category: .dailyManagement,
            major: major,
            fireRelated: fire,
            location: "三楼",
            description: "疏散通道堵塞",
            deadline: deadline,
            responsiblePerson: "王建国",
            reportedAt: RFC3339Text.date(from: "2026-11-02T02:00:00Z")!
        )
        hazard.state = state
        return hazard
    }

    @Test("only the allowed steps succeed")
    func transitions() {
        var allowed: [String] = []
        for action in Hazard.Action.allCases {
            for state in Hazard.State.allCases {
                if let next = action.next(from: state) { allowed.append("\(state.rawValue) -\(action.rawValue)-> \(next.rawValue)") }
            }
        }
        #expect(
            allowed.sorted() == [
                "open -close-> closed", "open -plan-> rectifying", "rectified -close-> closed",
                "rectified -reject-> rectifying", "rectified -verify-> verified", "rectifying -close-> closed",
                "rectifying -evidence-> rectified", "rectifying -plan-> rectifying",
            ]
        )
        let hazard = Self.hazard()
        #expect(hazard.applying(.verify, text: nil, at: Date()) == nil)
        let rectified = hazard.applying(.submitPlan, text: "plan", at: Date())?.applying(.submitEvidence, text: "done", at: Date())
        #expect(rectified?.state == .rectified)
        #expect(rectified?.applying(.reject, text: "照片不清", at: Date())?.state == .rectifying)
    }

    @Test("the deadline rules on a fixed calendar: overdue, supervision, blacklist proposal, reminder")
    func deadlines() {
        let policy = HazardPolicy(majorDeadlineDays: 30, generalDeadlineDays: 15, reminderDays: 3)
        let open = Self.hazard()
        #expect(HazardDeadlineDue.evaluate(open, today: "2026-11-27", policy: policy).isEmpty)
        #expect(
            HazardDeadlineDue.evaluate(open, today: "2026-11-28", policy: policy)
                == .init(markOverdue: false, supervise: false, proposeBlacklist: false, remind: true)
        )
        #expect(HazardDeadlineDue.evaluate(open, today: "2026-12-01", policy: policy).remind)  // the deadline day itself is not late
        #expect(
            HazardDeadlineDue.evaluate(open, today: "2026-12-02", policy: policy)
                == .init(markOverdue: true, supervise: true, proposeBlacklist: true, remind: false)
        )
        var flagged = open
        flagged.overdue = true
        flagged.supervised = true
        // Still proposed each day (the store keeps one proposal per hazard), never re-flagged.
        #expect(
            HazardDeadlineDue.evaluate(flagged, today: "2026-12-05", policy: policy)
                == .init(markOverdue: false, supervise: false, proposeBlacklist: true, remind: false)
        )
        // Rectified but not yet verified: overdue, but no blacklist proposal.
        #expect(HazardDeadlineDue.evaluate(Self.hazard(state: .rectified), today: "2026-12-02", policy: policy).proposeBlacklist == false)
        #expect(
            HazardDeadlineDue.evaluate(Self.hazard(major: false, fire: true), today: "2026-12-02", policy: policy)
                == .init(markOverdue: true, supervise: false, proposeBlacklist: false, remind: false)
        )
        #expect(HazardDeadlineDue.evaluate(Self.hazard(major: true, fire: false), today: "2026-12-02", policy: policy).proposeBlacklist == false)
        #expect(HazardDeadlineDue.evaluate(Self.hazard(state: .verified), today: "2027-01-01", policy: policy).isEmpty)
        #expect(policy.defaultDeadline(major: true, from: "2026-12-15") == "2027-01-14")
        #expect(policy.defaultDeadline(major: false, from: "2026-02-20") == "2026-03-07")
    }

    @Test("calendar helpers: adding days, the Monday of a week")
    func calendar() {
        #expect(CalendarDate.adding(days: -3, to: "2026-03-01") == "2026-02-26")
        #expect(CalendarDate.mondayOf("2026-11-23") == "2026-11-23")  // a Monday
        #expect(CalendarDate.mondayOf("2026-11-29") == "2026-11-23")  // the Sunday after
        #expect(CalendarDate.mondayOf("2026-11-22") == "2026-11-16")
    }

    @Test("campaign progress on a fixture equals figures computed by hand")
    func progress() {
        let enrolled: [CampaignProgress.Enrolled] = [
            .init(district: "和平区", inspected: true), .init(district: "和平区", inspected: true),
            .init(district: "和平区", inspected: false), .init(district: "沈河区", inspected: false),
        ]
        var verified = Self.hazard(major: true)
        verified.state = .verified
        verified.verifiedAt = RFC3339Text.date(from: "2026-11-10T02:00:00Z")
        var rectified = Self.hazard(major: false)
        rectified.state = .rectified
        var overdue = Self.hazard(major: true)
        overdue.overdue = true
        let late = Self.hazard(major: false)
        let hazards = [("和平区", verified), ("和平区", rectified), ("和平区", overdue), ("沈河区", late)].map { (district: $0.0, hazard: $0.1) }
        let progress = CampaignProgress.compute(enrolled: enrolled, hazards: hazards, weeksFrom: "2026-11-01", to: "2026-11-20")
        #expect(progress.total.institutions == 4 && progress.total.inspected == 2 && progress.total.inspectedShare == 0.5)
        #expect(progress.total.hazardsFound == 4 && progress.total.rectified == 2 && progress.total.verified == 1)
        #expect(progress.total.overdue == 1 && progress.total.majorOpen == 1 && progress.total.rectificationRate == 0.25)
        let heping = progress.districts.first { $0.district == "和平区" }!
        #expect(heping.institutions == 3 && heping.inspected == 2 && heping.hazardsFound == 3 && heping.rectificationRate == 1.0 / 3.0)
        let shenhe = progress.districts.first { $0.district == "沈河区" }!
        #expect(shenhe.institutions == 1 && shenhe.inspectedShare == 0 && shenhe.majorOpen == 0)
        // Weeks from Monday 2026-10-26: all four found in the week of 11-02, one verified the week of 11-09.
        #expect(progress.weeks.map(\.week) == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"])
        #expect(progress.weeks.map(\.found) == [0, 4, 0, 0])
        #expect(progress.weeks.map(\.verified) == [0, 0, 1, 0])
        #expect(progress.weeks.map(\.openAtEnd) == [0, 4, 3, 3])
    }
}
