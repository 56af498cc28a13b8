import Foundation

/// A matter (案件/事项) the regulator must handle, whatever started it; today a complaint.
///
/// received → accepted (受理) → investigating → concluded (办结, with a result and a
/// conclusion), or rejected (不予受理, with a reason) or merged into another case. Each
/// step is a row of its timeline; the deadlines run on the tenant's working days.
public struct Case: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case complaint
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case received, accepted, investigating, concluded, rejected, merged

        public var isFinal: Bool { self == .concluded || self == .rejected || self == .merged }
    }

    /// How a concluded case came out.
    public enum Result: String, Sendable, Codable, CaseIterable {
        case substantiated
        case partlySubstantiated = "partly_substantiated"
        case unsubstantiated
        case referred = "outside_remit_referred"

        /// Whether the institution did wrong (the risk term and the institution's event count these).
        public var isSubstantiated: Bool { self == .substantiated || self == .partlySubstantiated }
    }

    public enum Action: String, Sendable, Codable, CaseIterable {
        case accept, reject, investigate, conclude, merge, extend, assign

        /// The state an action leads to from `state`; nil when it may not be taken.
        public func next(from state: State) -> State? {
            switch (self, state) {
            case (.accept, .received): .accepted
            case (.reject, .received): .rejected
            case (.investigate, .accepted): .investigating
            case (.conclude, .accepted), (.conclude, .investigating): .concluded
            case (.merge, .received), (.merge, .accepted), (.merge, .investigating): .merged
            case (.extend, .accepted), (.extend, .investigating): state
            case (.assign, let state) where !state.isFinal: state
            default: nil
            }
        }
    }

    public var id: UUID
    /// `YYYY-NNNNNN`: the tenant's sequence of the year, without gaps.
    public var number: String
    public var kind: Kind
    public var institutionID: UUID?
    /// The institution by name, read with the case.
    public var institution: InstitutionSummary?
    /// Who handles it: a unit or a person of the regulator.
    public var handler: String?
    /// The regulator's account that handles it, when a person was assigned: from then on
    /// only that person reads who complained (`CaseAccess`).
    public var handlerAccountID: UUID?
    public var state: State
    /// Residents' safety is at stake (abuse, injury, fire, a missing resident): the short
    /// acknowledgement limit applies.
    public var safety: Bool
    /// What the matter is, as received.
    public var description: String
    /// How it came in (`portal`, `hotline_12345`, `letters_visits`, `referral`, `other`).
    public var channel: Complaint.Channel
    /// The day it was received, in the tenant's time zone.
    public var receivedOn: String
    /// The working day by which it must be accepted or rejected.
    public var acknowledgeBy: String
    /// The working day by which it must be concluded, once accepted.
    public var concludeBy: String?
    public var extensionReason: String?
    public var result: Result?
    public var conclusion: String?
    /// What the complainant is told (shown on the tracking page; every complainant of a
    /// merged case reads it, so it names none of them).
    public var reply: String?
    /// What the institution is told of a substantiated outcome (never the conclusion's
    /// internal findings, never who complained).
    public var notice: String?
    public var mergedInto: UUID?
    /// Late on its current deadline (the daily job sets it).
    public var overdue: Bool
    /// The deadlines the daily job has already warned about and flagged, so each is
    /// announced once.
    public var warnedFor: String?
    public var flaggedFor: String?
    public var receivedAt: Date
    public var acceptedAt: Date?
    public var concludedAt: Date?
    public var version: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, number, kind, institution, handler, state, safety, description, channel, result, conclusion, reply, notice, overdue
        case version
        case institutionID = "institution_id"
        case receivedOn = "received_on"
        case acknowledgeBy = "acknowledge_by"
        case concludeBy = "conclude_by"
        case extensionReason = "extension_reason"
        case handlerAccountID = "handler_account_id"
        case mergedInto = "merged_into"
        case warnedFor = "warned_for"
        case flaggedFor = "flagged_for"
        case receivedAt = "received_at"
        case acceptedAt = "accepted_at"
        case concludedAt = "concluded_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        number: String,
        institutionID: UUID?,
        safety: Bool,
        description: String,
        channel: Complaint.Channel,
        receivedOn: String,
        acknowledgeBy: String,
        receivedAt: Date
    ) {
        self.id = id
        self.number = number
        self.kind = .complaint
        self.institutionID = institutionID
        self.state = .received
        self.safety = safety
        self.description = description
        self.channel = channel
        self.receivedOn = receivedOn
        self.acknowledgeBy = acknowledgeBy
        self.overdue = false
        self.receivedAt = receivedAt
        self.version = 1
        self.updatedAt = receivedAt
    }

    /// The deadline the case runs against now: acknowledgement until accepted, then
    /// conclusion; none once final.
    public var currentDeadline: String? {
        switch self.state {
        case .received: self.acknowledgeBy
        case .accepted, .investigating: self.concludeBy
        case .concluded, .rejected, .merged: nil
        }
    }

    /// Whether it was concluded by its deadline (nil while open or when not concluded).
    public func concludedOnTime(timeZone: TimeZone?) -> Bool? {
        guard self.state == .concluded, let concludedAt, let concludeBy else { return nil }
        return CalendarDate.string(from: concludedAt, in: timeZone) <= concludeBy
    }

    /// `YYYY-NNNNNN` for the `sequence`-th case of `year`.
    public static func number(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// What one step asks for besides its action.
public struct CaseStepInput: Sendable, Equatable {
    public var text: String?
    public var result: Case.Result?
    public var reply: String?
    public var notice: String?
    public var handler: String?
    /// To assign a person: a regulator's account of the tenant (the use case checks it).
    public var handlerAccountID: UUID?
    public var into: UUID?

    public init(
        text: String? = nil,
        result: Case.Result? = nil,
        reply: String? = nil,
        notice: String? = nil,
        handler: String? = nil,
        handlerAccountID: UUID? = nil,
        into: UUID? = nil
    ) {
        self.text = text
        self.result = result
        self.reply = reply
        self.notice = notice
        self.handler = handler
        self.handlerAccountID = handlerAccountID
        self.into = into
    }

    /// The fields an action needs, checked without any record: a reason to reject, merge
    /// or extend; to reject or conclude, the reply the complainant reads (apart from the
    /// internal reason or conclusion); to conclude, a result; a case to merge into; a
    /// handler to assign. The notice to the institution goes only with a conclusion.
    public func validate(for action: Case.Action) throws {
        var validator = Validator()
        let needsText = action == .reject || action == .extend || action == .conclude || action == .merge
        validator.text(self.text, "text", max: 4000, required: needsText)
        validator.text(self.reply, "reply", max: 2000, required: action == .conclude || action == .reject)
        validator.text(self.notice, "notice", max: 2000, required: false)
        validator.check(action == .conclude || self.notice == nil, "notice", "is taken only to conclude")
        // A person assigned by account is named by the account when no unit is given.
        validator.text(self.handler, "handler", max: 100, required: action == .assign && self.handlerAccountID == nil)
        validator.check(action == .assign || self.handlerAccountID == nil, "handler_account_id", "is taken only to assign")
        validator.check(
            action == .conclude ? self.result != nil : self.result == nil,
            "result",
            action == .conclude ? "is required" : "is taken only to conclude"
        )
        validator.check(action == .merge ? self.into != nil : self.into == nil, "into", action == .merge ? "is required" : "is taken only to merge")
        try validator.finish()
    }
}

extension Case {
    /// Takes a step on `today` (the tenant's date), the deadlines from `calendar` and `policy`.
    /// Returns nil when the state does not allow it (a 409 for the caller).
    public func applying(
        _ action: Action,
        _ input: CaseStepInput,
        today: String,
        calendar: WorkingCalendar,
        policy: CasePolicy,
        at now: Date
    ) -> Case? {
        guard let state = action.next(from: self.state) else { return nil }
        if action == .extend && self.extensionReason != nil { return nil }
        var next = self
        next.state = state
        next.version += 1
        next.updatedAt = now
        switch action {
        case .accept:
            next.acceptedAt = now
            next.concludeBy = policy.concludeBy(channel: self.channel, acceptedOn: today, calendar: calendar)
            next.overdue = false
        case .reject:
            next.conclusion = input.text
            next.reply = input.reply
            next.concludedAt = now
            next.overdue = false
        case .investigate: break
        case .conclude:
            next.result = input.result
            next.conclusion = input.text
            next.reply = input.reply
            next.notice = input.notice
            next.concludedAt = now
            next.overdue = false
        case .merge:
            next.mergedInto = input.into
            next.concludedAt = now
            next.overdue = false
        case .extend:
            next.extensionReason = input.text
            next.concludeBy = policy.extended(channel: self.channel, from: self.concludeBy ?? today, calendar: calendar)
            next.overdue = false
        case .assign:
            next.handler = input.handler
            next.handlerAccountID = input.handlerAccountID
        }
        return next
    }
}

/// A tenant's time limits for cases, in working days, and the risk factor of complaints.
public struct CasePolicy: Sendable, Equatable, Codable {
    /// Acknowledge (受理) when residents' safety is at stake.
    public var acknowledgeSafetyDays: Int
    /// Acknowledge otherwise.
    public var acknowledgeDays: Int
    /// Conclude (办结) from acceptance.
    public var concludeDays: Int
    /// The one extension.
    public var extensionDays: Int
    /// Warn this many working days before a deadline.
    public var reminderDays: Int
    /// The draw's risk weight gains this much per substantiated complaint of the last 12 months (at most 3 counted).
    public var complaintRiskFactor: Int
    /// Letters and visits (信访) run on the national rules' calendar days instead: 60 to
    /// conclude, at most 30 more.
    public var lettersVisitsConcludeDays: Int
    public var lettersVisitsExtensionDays: Int

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case acknowledgeSafetyDays = "acknowledge_safety_days"
        case acknowledgeDays = "acknowledge_days"
        case concludeDays = "conclude_days"
        case extensionDays = "extension_days"
        case reminderDays = "reminder_days"
        case complaintRiskFactor = "complaint_risk_factor"
        case lettersVisitsConcludeDays = "letters_visits_conclude_days"
        case lettersVisitsExtensionDays = "letters_visits_extension_days"
    }

    public init(
        acknowledgeSafetyDays: Int = 1,
        acknowledgeDays: Int = 5,
        concludeDays: Int = 15,
        extensionDays: Int = 15,
        reminderDays: Int = 2,
        complaintRiskFactor: Int = 1,
        lettersVisitsConcludeDays: Int = 60,
        lettersVisitsExtensionDays: Int = 30
    ) {
        self.lettersVisitsConcludeDays = lettersVisitsConcludeDays
        self.lettersVisitsExtensionDays = lettersVisitsExtensionDays
        self.acknowledgeSafetyDays = acknowledgeSafetyDays
        self.acknowledgeDays = acknowledgeDays
        self.concludeDays = concludeDays
        self.extensionDays = extensionDays
        self.reminderDays = reminderDays
        self.complaintRiskFactor = complaintRiskFactor
    }

    public func validate() throws {
        var validator = Validator()
        validator.check((1...30).contains(self.acknowledgeSafetyDays), "acknowledge_safety_days", "must be within 1…30")
        validator.check((1...30).contains(self.acknowledgeDays), "acknowledge_days", "must be within 1…30")
        validator.check((1...90).contains(self.concludeDays), "conclude_days", "must be within 1…90")
        validator.check((1...60).contains(self.extensionDays), "extension_days", "must be within 1…60")
        validator.check((0...10).contains(self.reminderDays), "reminder_days", "must be within 0…10")
        validator.check((0...5).contains(self.complaintRiskFactor), "complaint_risk_factor", "must be within 0…5")
        validator.check((1...60).contains(self.lettersVisitsConcludeDays), "letters_visits_conclude_days", "must be within 1…60")
        validator.check((0...30).contains(self.lettersVisitsExtensionDays), "letters_visits_extension_days", "must be within 0…30")
        try validator.finish()
    }

    public func acknowledgeBy(safety: Bool, receivedOn: String, calendar: WorkingCalendar) -> String {
        calendar.adding(workingDays: safety ? self.acknowledgeSafetyDays : self.acknowledgeDays, to: receivedOn)
    }

    /// The conclusion deadline from acceptance: working days, or calendar days for 信访.
    public func concludeBy(channel: Complaint.Channel, acceptedOn: String, calendar: WorkingCalendar) -> String {
        guard channel == .lettersVisits else { return calendar.adding(workingDays: self.concludeDays, to: acceptedOn) }
        return CalendarDate.adding(days: self.lettersVisitsConcludeDays, to: acceptedOn) ?? acceptedOn
    }

    /// The deadline after the one extension.
    public func extended(channel: Complaint.Channel, from deadline: String, calendar: WorkingCalendar) -> String {
        guard channel == .lettersVisits else { return calendar.adding(workingDays: self.extensionDays, to: deadline) }
        return CalendarDate.adding(days: self.lettersVisitsExtensionDays, to: deadline) ?? deadline
    }
}

extension CasePolicy: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

/// What the daily job does to one open case on `today`: warn once that a deadline is
/// near, flag once that it has passed.
public struct CaseDeadlineDue: Sendable, Equatable {
    public var warn: Bool
    public var flagOverdue: Bool

    public init(warn: Bool, flagOverdue: Bool) {
        self.warn = warn
        self.flagOverdue = flagOverdue
    }

    public var isEmpty: Bool { !self.warn && !self.flagOverdue }

    /// Pure: late once the deadline day has passed; near from `reminderDays` working
    /// days before it. Each is announced once per deadline (an extension is a new one).
    public static func evaluate(_ record: Case, today: String, calendar: WorkingCalendar, policy: CasePolicy) -> CaseDeadlineDue {
        guard let deadline = record.currentDeadline else { return CaseDeadlineDue(warn: false, flagOverdue: false) }
        let late = today > deadline
        let warnFrom = calendar.subtracting(workingDays: policy.reminderDays, from: deadline)
        return CaseDeadlineDue(
            warn: !late && today >= warnFrom && record.warnedFor != deadline,
            flagOverdue: late && record.flaggedFor != deadline
        )
    }
}
