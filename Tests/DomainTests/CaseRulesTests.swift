import Domain
import Foundation
import Testing

@Suite("Cases: working days, the state machine, deadlines, tracking codes")
struct CaseRulesTests {
    static let calendar = WorkingCalendar.tenant([])
    static let at = RFC3339Text.date(from: "2026-09-24T02:00:00Z")!

    static func record(receivedOn: String = "2026-09-24", acknowledgeBy: String = "2026-10-09", safety: Bool = false) -> Case {
        Case(
            id: UUID(),
            number: Case.number(year: 2026, sequence: 17),
            institutionID: UUID(),
            safety: safety,
            description: "夜间无人值守",
            channel: .portal,
            receivedOn: receivedOn,
            acknowledgeBy: acknowledgeBy,
            receivedAt: Self.at
        )
    }

    @Test("weekdays work, weekends rest, the national holidays and 调休 Saturdays of 2026 are as announced")
    func workingDays() {
        let calendar = Self.calendar
        #expect(calendar.isWorkingDay("2026-09-24"))  // a Thursday
        #expect(!calendar.isWorkingDay("2026-09-19"))  // a Saturday
        #expect(!calendar.isWorkingDay("2026-10-01"))  // 国庆节
        #expect(calendar.isWorkingDay("2026-10-10"))  // a Saturday worked for 国庆节
        #expect(calendar.isWorkingDay("2026-09-20"))  // a Sunday worked for 国庆节
        #expect(!calendar.isWorkingDay("2026-02-17"))  // 春节 on a Tuesday
        #expect(calendar.isWorkingDay("2026-02-14"))  // the Saturday before 春节
        #expect(
            calendar.days(ofYear: 2026).filter { $0.kind == .workday }.map(\.date) == [
                "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
            ]
        )
        #expect(calendar.days(ofYear: 2026).filter { $0.kind == .holiday }.count == 33)
        #expect(calendar.days(ofYear: 2025).isEmpty)
    }

    @Test("limits in working days skip the 国庆 week and count its 调休 Saturday")
    func limitsAcrossHolidays() {
        let calendar = Self.calendar
        // Received Thursday 24 September: 25–27 中秋节, 28 Mon (1), 29 (2), 30 (3), 1–7 October
        // 国庆节, 8 Thu (4), 9 Fri (5). Five working days end on 9 October.
        #expect(calendar.adding(workingDays: 5, to: "2026-09-24") == "2026-10-09")
        // Fifteen from 8 October: 9 Fri, 10 Sat (调休), 12–16, 19–23, 26, 27, 28 → the 28th.
        #expect(calendar.adding(workingDays: 15, to: "2026-10-08") == "2026-10-28")
        #expect(calendar.adding(workingDays: 1, to: "2026-09-30") == "2026-10-08")
        #expect(calendar.adding(workingDays: 0, to: "2026-10-03") == "2026-10-03")
        #expect(calendar.subtracting(workingDays: 2, from: "2026-10-08") == "2026-09-29")
        // A tenant's own day replaces the national one.
        let local = WorkingCalendar.tenant([.init(date: "2026-10-08", kind: .holiday, name: "本地假日")])
        #expect(local.adding(workingDays: 5, to: "2026-09-24") == "2026-10-10")  // then the 调休 Saturday
        let workedHoliday = WorkingCalendar.tenant([.init(date: "2026-10-02", kind: .workday, name: "值班")])
        #expect(workedHoliday.adding(workingDays: 5, to: "2026-09-24") == "2026-10-08")  // 28, 29, 30, 2, 8
    }

    @Test("acknowledgement: 1 working day for safety matters, 5 otherwise")
    func acknowledgement() {
        let policy = CasePolicy()
        #expect(policy.acknowledgeBy(safety: true, receivedOn: "2026-09-30", calendar: Self.calendar) == "2026-10-08")
        #expect(policy.acknowledgeBy(safety: false, receivedOn: "2026-09-24", calendar: Self.calendar) == "2026-10-09")
        #expect(policy.acknowledgeBy(safety: true, receivedOn: "2026-11-06", calendar: Self.calendar) == "2026-11-09")  // Fri → Mon
    }

    @Test("only the allowed steps succeed")
    func transitions() {
        var allowed: [String] = []
        for action in Case.Action.allCases {
            for state in Case.State.allCases {
                if let next = action.next(from: state) { allowed.append("\(state.rawValue) -\(action.rawValue)-> \(next.rawValue)") }
            }
        }
        #expect(
            allowed.sorted() == [
                "accepted -assign-> accepted", "accepted -conclude-> concluded", "accepted -extend-> accepted",
                "accepted -investigate-> investigating", "accepted -merge-> merged", "investigating -assign-> investigating",
                "investigating -conclude-> concluded", "investigating -extend-> investigating", "investigating -merge-> merged",
                "received -accept-> accepted", "received -assign-> received", "received -merge-> merged", "received -reject-> rejected",
            ]
        )
    }

    @Test("accept starts the conclusion limit; extend adds to it once; conclude records result, conclusion and reply")
    func steps() throws {
        let policy = CasePolicy()
        let received = Self.record()
        #expect(received.currentDeadline == "2026-10-09")
        #expect(
            received.applying(
                .conclude,
                .init(text: "x", result: .substantiated, reply: "y"),
                today: "2026-09-25",
                calendar: Self.calendar,
                policy: policy,
                at: Self.at
            ) == nil
        )
        let accepted = try #require(received.applying(.accept, .init(), today: "2026-09-25", calendar: Self.calendar, policy: policy, at: Self.at))
        // 15 working days from Friday 25 September: 28, 29, 30, 8, 9, 10 (Sat), 12–16, 19–22 → 22 October.
        #expect(accepted.concludeBy == "2026-10-22")
        #expect(accepted.currentDeadline == "2026-10-22")
        #expect(accepted.version == received.version + 1)
        let extended = try #require(
            accepted.applying(.extend, .init(text: "需要消防部门鉴定"), today: "2026-10-20", calendar: Self.calendar, policy: policy, at: Self.at)
        )
        #expect(extended.concludeBy == Self.calendar.adding(workingDays: 15, to: "2026-10-22"))
        #expect(extended.state == .accepted)
        #expect(extended.applying(.extend, .init(text: "again"), today: "2026-10-21", calendar: Self.calendar, policy: policy, at: Self.at) == nil)
        let concluded = try #require(
            extended.applying(
                .conclude,
                .init(text: "查实夜间无人值守", result: .partlySubstantiated, reply: "经查部分属实，已责令整改。"),
                today: "2026-10-30",
                calendar: Self.calendar,
                policy: policy,
                at: Self.at
            )
        )
        #expect(concluded.state == .concluded && concluded.result == .partlySubstantiated)
        #expect(concluded.reply == "经查部分属实，已责令整改。" && concluded.currentDeadline == nil)
        #expect(concluded.concludedOnTime(timeZone: nil) == true)
        #expect(concluded.applying(.assign, .init(handler: "科室"), today: "2026-10-30", calendar: Self.calendar, policy: policy, at: Self.at) == nil)
    }

    @Test("each step takes what it needs and nothing it does not")
    func stepInputs() {
        #expect(throws: DomainError.self) { try CaseStepInput(reply: "答复").validate(for: .reject) }
        #expect(throws: DomainError.self) { try CaseStepInput(text: "结论", reply: "答复").validate(for: .conclude) }
        #expect(throws: DomainError.self) { try CaseStepInput(text: "结论", result: .substantiated).validate(for: .conclude) }
        #expect(throws: DomainError.self) { try CaseStepInput(result: .substantiated).validate(for: .accept) }
        #expect(throws: DomainError.self) { try CaseStepInput().validate(for: .merge) }
        #expect(throws: DomainError.self) { try CaseStepInput(text: String(repeating: "长", count: 4001)).validate(for: .extend) }
        #expect((try? CaseStepInput(text: "结论", result: .unsubstantiated, reply: "不属实").validate(for: .conclude)) != nil)
        #expect(throws: DomainError.self) { try CaseStepInput(into: UUID()).validate(for: .merge) }
        #expect((try? CaseStepInput(text: "重复投诉", into: UUID()).validate(for: .merge)) != nil)
        #expect(throws: DomainError.self) { try CaseStepInput(text: "理由").validate(for: .reject) }
        #expect(throws: DomainError.self) { try CaseStepInput(text: "理由", reply: "答复", notice: "告知").validate(for: .reject) }
        #expect((try? CaseStepInput().validate(for: .accept)) != nil)
    }

    @Test("the deadline job warns once before, flags once after, per deadline")
    func deadlineDue() {
        let policy = CasePolicy(reminderDays: 2)
        var record = Self.record(acknowledgeBy: "2026-10-09")
        #expect(CaseDeadlineDue.evaluate(record, today: "2026-09-29", calendar: Self.calendar, policy: policy).isEmpty)
        // Two working days before Friday 9 October: the 8th, then 30 September, before the holiday.
        #expect(
            CaseDeadlineDue.evaluate(record, today: "2026-09-30", calendar: Self.calendar, policy: policy) == .init(warn: true, flagOverdue: false)
        )
        #expect(CaseDeadlineDue.evaluate(record, today: "2026-10-05", calendar: Self.calendar, policy: policy).warn)
        record.warnedFor = "2026-10-09"
        #expect(CaseDeadlineDue.evaluate(record, today: "2026-10-09", calendar: Self.calendar, policy: policy).isEmpty)
        #expect(
            CaseDeadlineDue.evaluate(record, today: "2026-10-10", calendar: Self.calendar, policy: policy) == .init(warn: false, flagOverdue: true)
        )
        record.flaggedFor = "2026-10-09"
        #expect(CaseDeadlineDue.evaluate(record, today: "2026-10-12", calendar: Self.calendar, policy: policy).isEmpty)
        record.state = .concluded
        #expect(
            CaseDeadlineDue.evaluate(Self.record(acknowledgeBy: "2026-10-09"), today: "2026-10-12", calendar: Self.calendar, policy: policy)
                .flagOverdue
        )
        #expect(CaseDeadlineDue.evaluate(record, today: "2026-10-12", calendar: Self.calendar, policy: policy).isEmpty)
    }

    @Test("numbers are the year and six digits; tracking codes carry 120 bits in 24 letters and digits")
    func numbersAndCodes() {
        #expect(Case.number(year: 2026, sequence: 123) == "2026-000123")
        #expect(Case.number(year: 2026, sequence: 1_234_567) == "2026-1234567")
        let zeros = TrackingCode.make(from: Array(repeating: 0, count: 15))
        #expect(zeros == String(repeating: "a", count: 24))
        let ones = TrackingCode.make(from: Array(repeating: 0xff, count: 15))
        #expect(ones == String(repeating: "7", count: 24))
        let code = TrackingCode.make(from: (1...15).map { UInt8($0) })
        #expect(TrackingCode.isWellFormed(code) && TrackingCode.isWellFormed(code.uppercased()))
        #expect(!TrackingCode.isWellFormed(String(code.dropLast())) && !TrackingCode.isWellFormed(code.dropLast() + "1"))
        #expect(TrackingCode.digest(code) == TrackingCode.digest(code.uppercased()))
        #expect(TrackingCode.digest(code).count == 64 && TrackingCode.digest(code) != TrackingCode.digest(zeros))
    }

    @Test("an intake needs text within limits; name and contact come together or not at all")
    func intake() {
        func intake(_ content: String, name: String? = nil, contact: String? = nil) -> ComplaintIntake {
            ComplaintIntake(channel: .portal, institutionID: nil, institutionText: " ", content: content, safety: false, name: name, contact: contact)
        }
        #expect((try? intake("护工打骂老人").validate()) != nil)
        #expect(intake("x", name: "  ", contact: "").isNamed == false)
        #expect(intake("x").institutionText == nil)
        #expect(throws: DomainError.self) { try intake("   ").validate() }
        #expect(throws: DomainError.self) { try intake(String(repeating: "字", count: 5001)).validate() }
        #expect(throws: DomainError.self) { try intake("x", name: "张三").validate() }
        #expect(throws: DomainError.self) { try intake("x", contact: "138").validate() }
        #expect((try? intake(String(repeating: "字", count: 5000), name: "张三", contact: "13800000000").validate()) != nil)
    }

    @Test("a merged complaint shows the outcome of the case it joined")
    func mergedStatus() {
        var merged = Self.record()
        merged.state = .merged
        var target = Self.record()
        target.number = "2026-000001"
        target.state = .concluded
        target.reply = "已查实并整改"
        target.concludedAt = Self.at
        let status = ComplaintStatus(of: merged, resolvedTo: target)
        #expect(status.caseNumber == merged.number && status.state == .concluded && status.reply == "已查实并整改")
        var open = Self.record()
        open.reply = "draft"
        #expect(ComplaintStatus(of: open, resolvedTo: nil).reply == nil)
    }

    @Test("a rate window takes its limit, then tells how long to wait, then opens again")
    func rateWindow() {
        let start = Self.at
        var window = RateWindow(limit: 2, seconds: 600, at: start)
        #expect(window.take(at: start) == nil)
        #expect(window.take(at: start.addingTimeInterval(10)) == nil)
        #expect(window.take(at: start.addingTimeInterval(100)) == 500)
        #expect(!window.hasEnded(at: start.addingTimeInterval(599)))
        window.giveBack()
        #expect(window.take(at: start.addingTimeInterval(110)) == nil)
        #expect(window.take(at: start.addingTimeInterval(600)) == nil)
        #expect(window.count == 1)
    }
}

extension CaseRulesTests {
    @Test("cases concluded on time: shares by month and district, and the month's total, counted by hand")
    func timeliness() {
        let figures = CaseTimeliness(counts: [
            (month: "2026-10", district: "和平区", concluded: 4, onTime: 3),
            (month: "2026-10", district: nil, concluded: 1, onTime: 0),
            (month: "2026-10", district: "沈河区", concluded: 2, onTime: 2),
            (month: "2026-11", district: "和平区", concluded: 0, onTime: 0),
        ])
        #expect(figures.byDistrict.map(\.district) == [nil, "和平区", "沈河区", "和平区"])
        #expect(figures.byDistrict[1].share == 0.75 && figures.byDistrict[3].share == nil)
        #expect(figures.byMonth.map(\.month) == ["2026-10", "2026-11"])
        #expect(figures.byMonth[0].concluded == 7 && figures.byMonth[0].onTime == 5)
        #expect(figures.byMonth[0].share == 5.0 / 7.0 && figures.byMonth[1].share == nil)
    }
}

extension CaseRulesTests {
    @Test("letters and visits (信访) run on calendar days: 60 to conclude, 30 more once")
    func lettersAndVisits() throws {
        var record = Self.record()
        record.channel = .lettersVisits
        let policy = CasePolicy()
        let accepted = try #require(record.applying(.accept, .init(), today: "2026-09-25", calendar: Self.calendar, policy: policy, at: Self.at))
        #expect(accepted.concludeBy == "2026-11-24")  // 25 September + 60 days, holidays included
        let extended = try #require(
            accepted.applying(.extend, .init(text: "需要补充材料"), today: "2026-11-20", calendar: Self.calendar, policy: policy, at: Self.at)
        )
        #expect(extended.concludeBy == "2026-12-24")
        #expect(throws: DomainError.self) { try CasePolicy(lettersVisitsConcludeDays: 61).validate() }
    }
}
