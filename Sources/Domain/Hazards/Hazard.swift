import Foundation

/// A hazard (隐患) to be rectified by a deadline.
///
/// open → rectifying (the institution submits a plan) → rectified (it submits evidence)
/// → verified (an inspector or the regulator accepts), or rejected back to rectifying.
/// The institution may be closed instead (`closed`, from any state before verified).
public struct Hazard: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case open, rectifying, rectified, verified, closed
    }

    public enum Source: String, Sendable, Codable, CaseIterable {
        case inspection
        case selfReport = "self_report"
        case regulator
    }

    public enum Action: String, Sendable, Codable, CaseIterable {
        case submitPlan = "plan"
        case submitEvidence = "evidence"
        case verify, reject
        case closeInstitution = "close"

        /// Plans and evidence are the institution's; judging is for inspectors and regulators.
        public var byInstitution: Bool { self == .submitPlan || self == .submitEvidence }

        public func next(from state: State) -> State? {
            switch (self, state) {
            case (.submitPlan, .open), (.submitPlan, .rectifying): .rectifying
            case (.submitEvidence, .rectifying): .rectified
            case (.verify, .rectified): .verified
            case (.reject, .rectified): .rectifying
            case (.closeInstitution, .open), (.closeInstitution, .rectifying), (.closeInstitution, .rectified): .closed
            default: nil
            }
        }
    }

    public struct Extension: Sendable, Equatable, Codable {
        public enum Decision: String, Sendable, Codable, CaseIterable { case pending, approved, denied }
        public var requestedDeadline: String
        public var reason: String
        public var decision: Decision
        public var requestedAt: Date
        public var decidedAt: Date?

        enum CodingKeys: String, CodingKey {
            case reason, decision
            case requestedDeadline = "requested_deadline"
            case requestedAt = "requested_at"
            case decidedAt = "decided_at"
        }

        public init(requestedDeadline: String, reason: String, requestedAt: Date) {
            self.requestedDeadline = requestedDeadline
            self.reason = reason
            self.decision = .pending
            self.requestedAt = requestedAt
        }
    }

    public var id: UUID
    public var institutionID: UUID
    /// The institution by name, read with the hazard (never stored in its document).
    public var institution: InstitutionSummary?
    public var campaignID: UUID?
    public var source: Source
    public var findingID: UUID?
    public var inspectionID: UUID?
    public var catalogueCode: String?
    public var category: HazardCategory
    public var major: Bool
    public var fireRelated: Bool
    public var location: String
    public var description: String
    public var evidence: [Attachment]
    /// `YYYY-MM-DD`, in the tenant's time zone.
    public var deadline: String
    public var responsiblePerson: String
    public var state: State
    public var plan: String?
    public var rectificationNote: String?
    public var rejectionReason: String?
    public var extensions: [Extension]
    public var overdue: Bool
    /// 挂牌督办: an overdue major hazard under formal supervision.
    public var supervised: Bool
    public var remindedAt: Date?
    public var reportedAt: Date
    public var verifiedAt: Date?
    public var version: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, source, category, major, location, description, evidence, deadline, state, plan, extensions, overdue
        case supervised, version, institution
        case institutionID = "institution_id"
        case campaignID = "campaign_id"
        case findingID = "finding_id"
        case inspectionID = "inspection_id"
        case catalogueCode = "catalogue_code"
        case fireRelated = "fire_related"
        case responsiblePerson = "responsible_person"
        case rectificationNote = "rectification_note"
        case rejectionReason = "rejection_reason"
        case remindedAt = "reminded_at"
        case reportedAt = "reported_at"
        case verifiedAt = "verified_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        campaignID: UUID?,
        source: Source,
        category: HazardCategory,
        major: Bool,
        fireRelated: Bool,
        location: String,
        description: String,
        deadline: String,
        responsiblePerson: String,
        reportedAt: Date
    ) {
        self.id = id
        self.institutionID = institutionID
        self.campaignID = campaignID
        self.source = source
        self.category = category
        self.major = major
        self.fireRelated = fireRelated
        self.location = location
        self.description = description
        self.evidence = []
        self.deadline = deadline
        self.responsiblePerson = responsiblePerson
        self.state = .open
        self.extensions = []
        self.overdue = false
        self.supervised = false
        self.reportedAt = reportedAt
        self.version = 1
        self.updatedAt = reportedAt
    }

    public var isSettled: Bool { self.state == .verified || self.state == .closed }

    /// Takes a step; `text` is the plan, the evidence note or the rejection reason.
    public func applying(_ action: Action, text: String?, evidence: [Attachment] = [], at now: Date) -> Hazard? {
        guard let state = action.next(from: self.state) else { return nil }
        var next = self
        next.state = state
        next.version += 1
        next.updatedAt = now
        switch action {
        case .submitPlan: next.plan = text
        case .submitEvidence:
            next.rectificationNote = text
            next.evidence += evidence
        case .reject: next.rejectionReason = text
        case .verify:
            next.verifiedAt = now
            next.overdue = false
        case .closeInstitution: next.overdue = false
        }
        return next
    }
}

/// A tenant's hazard settings: default deadlines by severity and the reminder lead.
public struct HazardPolicy: Sendable, Equatable, Codable {
    public var majorDeadlineDays: Int
    public var generalDeadlineDays: Int
    public var reminderDays: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case majorDeadlineDays = "major_deadline_days"
        case generalDeadlineDays = "general_deadline_days"
        case reminderDays = "reminder_days"
    }

    public init(majorDeadlineDays: Int = 30, generalDeadlineDays: Int = 15, reminderDays: Int = 3) {
        self.majorDeadlineDays = majorDeadlineDays
        self.generalDeadlineDays = generalDeadlineDays
        self.reminderDays = reminderDays
    }

    public func defaultDeadline(major: Bool, from today: String) -> String {
        CalendarDate.adding(days: major ? self.majorDeadlineDays : self.generalDeadlineDays, to: today) ?? today
    }
}

/// What the daily deadline job does to one hazard on `today` (the tenant's date).
public struct HazardDeadlineDue: Sendable, Equatable {
    public var markOverdue: Bool
    public var supervise: Bool
    public var proposeBlacklist: Bool
    public var remind: Bool

    public init(markOverdue: Bool, supervise: Bool, proposeBlacklist: Bool, remind: Bool) {
        self.markOverdue = markOverdue
        self.supervise = supervise
        self.proposeBlacklist = proposeBlacklist
        self.remind = remind
    }

    public var isEmpty: Bool { !self.markOverdue && !self.supervise && !self.proposeBlacklist && !self.remind }

    /// Pure: overdue once the deadline day has passed; a major one goes under formal
    /// supervision; a major fire hazard still unrectified is proposed for the blacklist
    /// (reason 4; a proposal the regulator must confirm); a reminder `reminderDays`
    /// before the deadline, once.
    public static func evaluate(_ hazard: Hazard, today: String, policy: HazardPolicy) -> HazardDeadlineDue {
        guard !hazard.isSettled else { return HazardDeadlineDue(markOverdue: false, supervise: false, proposeBlacklist: false, remind: false) }
        let late = today > hazard.deadline
        let unrectified = hazard.state == .open || hazard.state == .rectifying
        let reminderDay = CalendarDate.adding(days: -policy.reminderDays, to: hazard.deadline) ?? hazard.deadline
        return HazardDeadlineDue(
            markOverdue: late && !hazard.overdue,
            supervise: late && hazard.major && !hazard.supervised,
            proposeBlacklist: late && hazard.major && hazard.fireRelated && unrectified,
            remind: !late && today >= reminderDay && hazard.remindedAt == nil
        )
    }
}

extension CalendarDate {
    /// `YYYY-MM-DD` plus `days` (negative goes back), or nil for an invalid date.
    public static func adding(days: Int, to date: String) -> String? {
        guard self.isValid(date), let start = RFC3339Text.date(from: date + "T00:00:00Z") else { return nil }
        return self.string(from: start.addingTimeInterval(Double(days) * 86_400), in: TimeZone(identifier: "UTC"))
    }
}

extension HazardPolicy: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
