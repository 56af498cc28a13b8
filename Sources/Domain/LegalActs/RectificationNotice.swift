import Foundation

/// A rectification notice (责令限期整改通知书).
///
/// draft → issued (a number, the content fixed and hashed) → served (送达: the deadline
/// runs from the day of receipt) → complied or not complied, decided on a revisit (复查).
/// An issued or served notice is superseded when a correction naming it is issued; the
/// register keeps both. Once issued, what the notice says never changes (a trigger
/// refuses it); only its lifecycle moves.
public struct RectificationNotice: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, issued, served, complied
        case notComplied = "not_complied"
        case superseded

        public var isFinal: Bool { self == .complied || self == .notComplied || self == .superseded }
    }

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case complied
        case notComplied = "not_complied"
    }

    /// One thing to put right, with the rule it breaks; from a finding or a hazard, or written.
    public struct Item: Sendable, Equatable, Codable {
        public var text: String
        public var legalBasis: String
        public var hazardID: UUID?
        public var findingID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text
            case legalBasis = "legal_basis"
            case hazardID = "hazard_id"
            case findingID = "finding_id"
        }

        public init(text: String, legalBasis: String, hazardID: UUID? = nil, findingID: UUID? = nil) {
            self.text = text
            self.legalBasis = legalBasis
            self.hazardID = hazardID
            self.findingID = findingID
        }
    }

    /// The party as the register named it on the day of issue.
    public struct Party: Sendable, Equatable, Codable {
        public var name: String
        public var creditCode: String
        public var legalRepresentative: String
        public var address: String

        enum CodingKeys: String, CodingKey {
            case name, address
            case creditCode = "credit_code"
            case legalRepresentative = "legal_representative"
        }

        public init(name: String, creditCode: String, legalRepresentative: String, address: String) {
            self.name = name
            self.creditCode = creditCode
            self.legalRepresentative = legalRepresentative
            self.address = address
        }
    }

    /// What the issued document says, exactly: the text that is hashed, printed and kept.
    public struct Content: Sendable, Equatable, Codable {
        public var kind: LegalDocument.Kind
        public var number: String
        public var issuedOn: String
        public var authority: String
        public var party: Party
        public var facts: String
        public var items: [Item]
        public var legalBasis: String
        public var deadlineDays: Int
        public var consequence: String
        /// The number of the document this one corrects.
        public var corrects: String?

        enum CodingKeys: String, CodingKey {
            case kind, number, authority, party, facts, items, consequence, corrects
            case issuedOn = "issued_on"
            case legalBasis = "legal_basis"
            case deadlineDays = "deadline_days"
        }
    }

    /// How the notice reached the institution (送达).
    public struct Service: Sendable, Equatable, Codable {
        public enum Channel: String, Sendable, Codable, CaseIterable {
            /// Handed over; the receiver signs a receipt (送达回证), kept as a photo or scan.
            case inPerson = "in_person"
            /// Registered post; the day of receipt from the return slip or tracking.
            case post
            /// Confirmed by the institution itself, in the API or on its page.
            case electronic
        }

        public var channel: Channel
        /// The day the institution received it: the deadline runs from here.
        public var receivedOn: String
        /// Who received or confirmed it.
        public var receiver: String
        public var receipt: Attachment?
        public var postalNumber: String?
        public var recordedAt: Date

        enum CodingKeys: String, CodingKey {
            case channel, receiver, receipt
            case receivedOn = "received_on"
            case postalNumber = "postal_number"
            case recordedAt = "recorded_at"
        }

        public init(channel: Channel, receivedOn: String, receiver: String, receipt: Attachment?, postalNumber: String?, recordedAt: Date) {
            self.channel = channel
            self.receivedOn = receivedOn
            self.receiver = receiver
            self.receipt = receipt
            self.postalNumber = postalNumber
            self.recordedAt = recordedAt
        }

        /// What each channel needs, on `today` (the tenant's date): a signed receipt in
        /// person, a postal number by post, and never a day of receipt in the future.
        public func validate(today: String, issuedOn: String?) throws {
            var validator = Validator()
            validator.text(self.receiver, "receiver", max: 100)
            validator.check(CalendarDate.isValid(self.receivedOn), "received_on", "must be a date YYYY-MM-DD")
            if CalendarDate.isValid(self.receivedOn) {
                validator.check(self.receivedOn <= today, "received_on", "must not be in the future")
                if let issuedOn { validator.check(self.receivedOn >= issuedOn, "received_on", "must not be before the day of issue") }
            }
            switch self.channel {
            case .inPerson:
                validator.check(self.receipt != nil, "receipt", "is required when served in person (the signed receipt)")
                validator.check(self.postalNumber == nil, "postal_number", "is taken only when served by post")
            case .post:
                // The return slip (回执) may be attached as the receipt.
                validator.text(self.postalNumber, "postal_number", max: 50)
            case .electronic:
                validator.check(self.postalNumber == nil, "postal_number", "is taken only when served by post")
            }
            try validator.finish()
        }
    }

    public var id: UUID
    public var state: State
    public var institutionID: UUID
    /// The institution by name, read with the notice.
    public var institution: InstitutionSummary?
    public var caseID: UUID?
    public var inspectionID: UUID?
    /// The notice this one corrects (its number is in the content).
    public var correctsID: UUID?
    /// Editable while a draft; copied into `content` at issue.
    public var facts: String
    public var items: [Item]
    public var legalBasis: String
    public var deadlineDays: Int
    public var number: String?
    public var content: Content?
    public var contentSHA256: String?
    public var issuedAt: Date?
    public var service: Service?
    /// The last day to comply: the day of receipt plus `deadline_days`.
    public var deadline: String?
    public var revisitInspectionID: UUID?
    public var outcomeNote: String?
    public var concludedAt: Date?
    public var supersededBy: UUID?
    public var overdue: Bool
    public var warnedFor: String?
    public var createdAt: Date
    public var version: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, state, institution, facts, items, number, content, service, deadline, overdue, version
        case institutionID = "institution_id"
        case caseID = "case_id"
        case inspectionID = "inspection_id"
        case correctsID = "corrects_id"
        case legalBasis = "legal_basis"
        case deadlineDays = "deadline_days"
        case contentSHA256 = "content_sha256"
        case issuedAt = "issued_at"
        case revisitInspectionID = "revisit_inspection_id"
        case outcomeNote = "outcome_note"
        case concludedAt = "concluded_at"
        case supersededBy = "superseded_by"
        case warnedFor = "warned_for"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        caseID: UUID?,
        inspectionID: UUID?,
        correctsID: UUID?,
        draft: Draft,
        at now: Date
    ) {
        self.id = id
        self.state = .draft
        self.institutionID = institutionID
        self.caseID = caseID
        self.inspectionID = inspectionID
        self.correctsID = correctsID
        self.facts = draft.facts
        self.items = draft.items
        self.legalBasis = draft.legalBasis
        self.deadlineDays = draft.deadlineDays
        self.overdue = false
        self.createdAt = now
        self.version = 1
        self.updatedAt = now
    }

    /// What a regulator writes into a draft.
    public struct Draft: Sendable, Equatable {
        public var facts: String
        public var items: [Item]
        public var legalBasis: String
        public var deadlineDays: Int

        public init(facts: String, items: [Item], legalBasis: String, deadlineDays: Int) {
            self.facts = facts
            self.items = items
            self.legalBasis = legalBasis
            self.deadlineDays = deadlineDays
        }

        public func validate() throws {
            var validator = Validator()
            validator.text(self.facts, "facts", max: 4000)
            validator.text(self.legalBasis, "legal_basis", max: 2000)
            validator.check((1...365).contains(self.deadlineDays), "deadline_days", "must be within 1…365")
            validator.check(!self.items.isEmpty, "items", "must name at least one thing to put right")
            validator.check(self.items.count <= 100, "items", "must name at most 100 things")
            for (index, item) in self.items.enumerated() {
                validator.text(item.text, "items[\(index)].text", max: 1000)
                validator.text(item.legalBasis, "items[\(index)].legal_basis", max: 1000)
            }
            try validator.finish()
        }
    }

    public var draft: Draft {
        Draft(facts: self.facts, items: self.items, legalBasis: self.legalBasis, deadlineDays: self.deadlineDays)
    }
}

extension RectificationNotice {
    /// The draft with new text; nil once issued.
    public func editing(_ draft: Draft, at now: Date) -> RectificationNotice? {
        guard self.state == .draft else { return nil }
        var next = self
        next.facts = draft.facts
        next.items = draft.items
        next.legalBasis = draft.legalBasis
        next.deadlineDays = draft.deadlineDays
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Issues the draft under `number` on `issuedOn`: the content is fixed and hashed.
    /// Returns the notice and the canonical text that was hashed; nil unless a draft.
    public func issuing(
        number: String,
        issuedOn: String,
        authority: String,
        party: Party,
        consequence: String,
        corrects: String?,
        at now: Date
    ) throws -> (notice: RectificationNotice, canonical: String)? {
        guard self.state == .draft else { return nil }
        let content = Content(
            kind: .rectificationNotice,
            number: number,
            issuedOn: issuedOn,
            authority: authority,
            party: party,
            facts: self.facts,
            items: self.items,
            legalBasis: self.legalBasis,
            deadlineDays: self.deadlineDays,
            consequence: consequence,
            corrects: corrects
        )
        let canonical = try LegalDocument.canonical(content)
        var next = self
        next.state = .issued
        next.number = number
        next.content = content
        next.contentSHA256 = LegalDocument.sha256(canonical)
        next.issuedAt = now
        next.version += 1
        next.updatedAt = now
        return (next, canonical)
    }

    /// Served: the deadline runs from the day of receipt. Nil unless issued.
    public func serving(_ service: Service, at now: Date) -> RectificationNotice? {
        guard self.state == .issued else { return nil }
        var next = self
        next.state = .served
        next.service = service
        next.deadline = CalendarDate.adding(days: self.deadlineDays, to: service.receivedOn)
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Ends a served notice on its revisit. Nil unless served.
    public func concluding(_ outcome: Outcome, note: String, at now: Date) -> RectificationNotice? {
        guard self.state == .served else { return nil }
        var next = self
        next.state = outcome == .complied ? .complied : .notComplied
        next.outcomeNote = note
        next.concludedAt = now
        next.overdue = outcome == .notComplied && self.overdue
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Replaced by the correction `by`, once that is issued. Nil unless issued or served.
    public func superseding(by id: UUID, at now: Date) -> RectificationNotice? {
        guard self.state == .issued || self.state == .served else { return nil }
        var next = self
        next.state = .superseded
        next.supersededBy = id
        next.concludedAt = now
        next.overdue = false
        next.version += 1
        next.updatedAt = now
        return next
    }
}

/// What the daily job does to one served notice on `today`: warn once that its deadline
/// is near, flag once that it has passed.
public struct NoticeDeadlineDue: Sendable, Equatable {
    public var warn: Bool
    public var flagOverdue: Bool

    public init(warn: Bool, flagOverdue: Bool) {
        self.warn = warn
        self.flagOverdue = flagOverdue
    }

    public var isEmpty: Bool { !self.warn && !self.flagOverdue }

    /// Pure: late once the deadline day has passed; near from `reminderDays` calendar
    /// days before it, once.
    public static func evaluate(_ notice: RectificationNotice, today: String, reminderDays: Int) -> NoticeDeadlineDue {
        guard notice.state == .served, let deadline = notice.deadline else { return NoticeDeadlineDue(warn: false, flagOverdue: false) }
        let late = today > deadline
        let warnFrom = CalendarDate.adding(days: -reminderDays, to: deadline) ?? deadline
        return NoticeDeadlineDue(warn: !late && today >= warnFrom && notice.warnedFor != deadline, flagOverdue: late && !notice.overdue)
    }
}

extension BlacklistEntry {
    /// The automatic proposal for a notice not complied with on its revisit, citing it.
    public static func proposal(notComplied notice: RectificationNotice, at now: Date) -> BlacklistEntry {
        let number = notice.number ?? ""
        return BlacklistEntry(
            id: UUIDv7.make(),
            institutionID: notice.institutionID,
            reason: .otherSerious,
            facts: "逾期未按\(number)责令限期整改通知书整改（整改期限 \(notice.deadline ?? "")）：\(notice.outcomeNote ?? "")",
            legalBasis: "\(notice.content?.legalBasis ?? notice.legalBasis)；\(number)",
            documents: notice.service?.receipt.map { [$0] } ?? [],
            proposedAt: now,
            sourceID: notice.id
        )
    }
}

extension RectificationNotice.Item: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
