import Foundation

/// A penalty decision (行政处罚决定书).
///
/// draft → notified (事先告知: the facts, basis and intended penalty told to the party,
/// with the windows to state its case and, for a heavy penalty, to ask for a hearing) →
/// decided (the number, the content fixed and hashed). A decided decision is published
/// (双公示) within the tenant's limit and leaves the public list at the end of its period
/// or on granted credit repair (信用修复); the register keeps it.
public struct PenaltyDecision: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, notified, decided
    }

    /// The categories of the Administrative Penalty Law (2021, art. 9) a civil-affairs
    /// bureau may impose (detention is the police's).
    public enum Category: String, Sendable, Codable, CaseIterable {
        case warning
        case circulatedCriticism = "circulated_criticism"
        case fine
        case confiscation
        case permitSuspension = "permit_suspension"
        case permitRevocation = "permit_revocation"
        case operationLimit = "operation_limit"
        case suspensionOrder = "suspension_order"
        case closureOrder = "closure_order"

        /// A penalty of this category gives the party the right to a hearing whatever its amount.
        var isHeavy: Bool { [.permitSuspension, .permitRevocation, .operationLimit, .suspensionOrder, .closureOrder].contains(self) }
        var hasAmount: Bool { self == .fine || self == .confiscation }
    }

    public struct Penalty: Sendable, Equatable, Codable {
        public var category: Category
        public var content: String
        /// In yuan, for a fine or a confiscation.
        public var amountYuan: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case category, content
            case amountYuan = "amount_yuan"
        }

        public init(category: Category, content: String, amountYuan: Int? = nil) {
            self.category = category
            self.content = content
            self.amountYuan = amountYuan
        }
    }

    /// The prior notice (告知): when the party was told, and until when it may answer.
    public struct PriorNotice: Sendable, Equatable, Codable {
        public var notifiedOn: String
        public var statementUntil: String
        public var hearingRight: Bool
        public var hearingUntil: String?

        enum CodingKeys: String, CodingKey {
            case notifiedOn = "notified_on"
            case statementUntil = "statement_until"
            case hearingRight = "hearing_right"
            case hearingUntil = "hearing_until"
        }
    }

    /// What the party said (陈述申辩), or that it waived the right; and a hearing it asked for.
    public struct Statement: Sendable, Equatable, Codable {
        public var text: String
        public var waived: Bool
        public var hearingRequested: Bool
        public var recordedOn: String

        enum CodingKeys: String, CodingKey {
            case text, waived
            case hearingRequested = "hearing_requested"
            case recordedOn = "recorded_on"
        }

        public init(text: String, waived: Bool, hearingRequested: Bool, recordedOn: String) {
            self.text = text
            self.waived = waived
            self.hearingRequested = hearingRequested
            self.recordedOn = recordedOn
        }
    }

    public struct Hearing: Sendable, Equatable, Codable {
        public var heldOn: String
        public var summary: String

        enum CodingKeys: String, CodingKey {
            case heldOn = "held_on"
            case summary
        }

        public init(heldOn: String, summary: String) {
            self.heldOn = heldOn
            self.summary = summary
        }
    }

    /// What the decision says, fixed and hashed when decided.
    public struct Content: Sendable, Equatable, Codable {
        public var kind: LegalDocument.Kind
        public var number: String
        public var caseNumber: String?
        public var party: RectificationNotice.Party
        public var facts: String
        public var evidence: [String]
        public var legalBasis: String
        public var violationKind: String
        public var serious: Bool
        public var penalties: [Penalty]
        public var follows: [String]
        /// The number of the decision this one corrects.
        public var corrects: String?
        public var statement: String
        public var decidedOn: String
        public var authority: String
        public var authorityCreditCode: String
        public var review: String

        enum CodingKeys: String, CodingKey {
            case kind, number, party, facts, evidence, serious, penalties, follows, corrects, statement, authority, review
            case caseNumber = "case_number"
            case legalBasis = "legal_basis"
            case violationKind = "violation_kind"
            case decidedOn = "decided_on"
            case authorityCreditCode = "authority_credit_code"
        }
    }

    /// The party's application to leave the public list, and its decision.
    public struct Repair: Sendable, Equatable, Codable {
        public var reason: String
        public var requestedOn: String
        public var granted: Bool?
        public var decisionReason: String?
        public var decidedOn: String?

        enum CodingKeys: String, CodingKey {
            case reason, granted
            case requestedOn = "requested_on"
            case decisionReason = "decision_reason"
            case decidedOn = "decided_on"
        }

        public init(reason: String, requestedOn: String) {
            self.reason = reason
            self.requestedOn = requestedOn
        }
    }

    public var id: UUID
    public var state: State
    public var institutionID: UUID
    public var institution: InstitutionSummary?
    public var caseID: UUID?
    public var noticeIDs: [UUID]
    /// The decided decision this one corrects; it is superseded when this one is decided.
    public var correctsID: UUID?
    public var supersededBy: UUID?
    public var supersededOn: String?
    public var facts: String
    public var evidence: [String]
    public var legalBasis: String
    public var violationKind: String
    public var serious: Bool
    public var penalties: [Penalty]
    /// Months shown in public once published, within the bounds for `serious`.
    public var publicationMonths: Int
    public var priorNotice: PriorNotice?
    public var statement: Statement?
    public var hearing: Hearing?
    public var number: String?
    public var content: Content?
    public var contentSHA256: String?
    public var decidedAt: Date?
    public var publishedOn: String?
    public var publicationEnd: String?
    public var repair: Repair?
    public var repairedOn: String?
    public var createdAt: Date
    public var version: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, state, institution, facts, evidence, serious, penalties, statement, hearing, number, content, repair, version
        case institutionID = "institution_id"
        case caseID = "case_id"
        case noticeIDs = "notice_ids"
        case correctsID = "corrects_id"
        case supersededBy = "superseded_by"
        case supersededOn = "superseded_on"
        case legalBasis = "legal_basis"
        case violationKind = "violation_kind"
        case publicationMonths = "publication_months"
        case priorNotice = "prior_notice"
        case contentSHA256 = "content_sha256"
        case decidedAt = "decided_at"
        case publishedOn = "published_on"
        case publicationEnd = "publication_end"
        case repairedOn = "repaired_on"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// What a regulator writes before the decision: the facts, evidence, basis and penalties.
    public struct Draft: Sendable, Equatable {
        public var facts: String
        public var evidence: [String]
        public var legalBasis: String
        public var violationKind: String
        public var serious: Bool
        public var penalties: [Penalty]
        public var publicationMonths: Int?

        public init(
            facts: String,
            evidence: [String],
            legalBasis: String,
            violationKind: String,
            serious: Bool,
            penalties: [Penalty],
            publicationMonths: Int?
        ) {
            self.facts = facts
            self.evidence = evidence
            self.legalBasis = legalBasis
            self.violationKind = violationKind
            self.serious = serious
            self.penalties = penalties
            self.publicationMonths = publicationMonths
        }

        public func validate(_ policy: PenaltyPolicy) throws {
            var validator = Validator()
            validator.text(self.facts, "facts", max: 8000)
            validator.text(self.legalBasis, "legal_basis", max: 2000)
            validator.text(self.violationKind, "violation_kind", max: 100)
            validator.check(!self.evidence.isEmpty, "evidence", "must name at least one piece of evidence")
            validator.check(self.evidence.count <= 100, "evidence", "must name at most 100 things")
            for (index, text) in self.evidence.enumerated() { validator.text(text, "evidence[\(index)]", max: 1000) }
            validator.check(!self.penalties.isEmpty, "penalties", "must name at least one penalty")
            validator.check(self.penalties.count <= 10, "penalties", "must name at most 10 things")
            for (index, penalty) in self.penalties.enumerated() {
                let field = "penalties[\(index)]"
                validator.text(penalty.content, "\(field).content", max: 1000)
                if penalty.category.hasAmount {
                    validator.check(
                        (1...100_000_000).contains(penalty.amountYuan ?? 0),
                        "\(field).amount_yuan",
                        "must be a whole number of yuan within 1…100000000"
                    )
                } else {
                    validator.check(penalty.amountYuan == nil, "\(field).amount_yuan", "is only for a fine or a confiscation")
                }
            }
            if let months = self.publicationMonths {
                validator.check(
                    PenaltyPolicy.publicationBounds(serious: self.serious).contains(months),
                    "publication_months",
                    self.serious ? "must be within 12…36 months for a serious violation" : "must be within 3…12 months for a general violation"
                )
            }
            try validator.finish()
        }
    }

    public init(
        id: UUID,
        institutionID: UUID,
        caseID: UUID?,
        noticeIDs: [UUID],
        correctsID: UUID? = nil,
        draft: Draft,
        policy: PenaltyPolicy,
        at now: Date
    ) {
        self.id = id
        self.state = .draft
        self.institutionID = institutionID
        self.caseID = caseID
        self.noticeIDs = noticeIDs
        self.correctsID = correctsID
        self.facts = draft.facts
        self.evidence = draft.evidence
        self.legalBasis = draft.legalBasis
        self.violationKind = draft.violationKind.trimmingCharacters(in: .whitespacesAndNewlines)
        self.serious = draft.serious
        self.penalties = draft.penalties
        self.publicationMonths = draft.publicationMonths ?? policy.defaultMonths(serious: draft.serious)
        self.createdAt = now
        self.version = 1
        self.updatedAt = now
    }

    /// The draft rewritten. Nil unless a draft.
    public func editing(_ draft: Draft, policy: PenaltyPolicy, at now: Date) -> PenaltyDecision? {
        guard self.state == .draft else { return nil }
        var next = PenaltyDecision(
            id: self.id,
            institutionID: self.institutionID,
            caseID: self.caseID,
            noticeIDs: self.noticeIDs,
            correctsID: self.correctsID,
            draft: draft,
            policy: policy,
            at: self.createdAt
        )
        next.version = self.version + 1
        next.updatedAt = now
        return next
    }

    /// True when the intended penalties give the party the right to a hearing (听证):
    /// a suspension, revocation, limit or closure, or a fine or confiscation of at least
    /// the tenant's threshold.
    public static func hearingRight(_ penalties: [Penalty], policy: PenaltyPolicy) -> Bool {
        penalties.contains { $0.category.isHeavy || ($0.category.hasAmount && ($0.amountYuan ?? 0) >= policy.hearingAmountYuan) }
    }

    /// Notified today: the windows run in working days (the law's 三日、五日 are working days, art. 85).
    public func notifying(today: String, policy: PenaltyPolicy, calendar: WorkingCalendar, at now: Date) -> PenaltyDecision? {
        guard self.state == .draft else { return nil }
        let right = Self.hearingRight(self.penalties, policy: policy)
        var next = self
        next.state = .notified
        next.priorNotice = PriorNotice(
            notifiedOn: today,
            statementUntil: calendar.adding(workingDays: policy.statementDays, to: today),
            hearingRight: right,
            hearingUntil: right ? calendar.adding(workingDays: policy.hearingDays, to: today) : nil
        )
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Why the decision cannot be made today, or nil when it can: the party's windows
    /// have passed or it has answered (a waiver, or its statement), and a hearing it asked
    /// for has been held.
    public func decisionBlocked(today: String) -> Message? {
        guard self.state == .notified, let notice = self.priorNotice else { return "only a notified decision can be decided" }
        if self.statement?.hearingRequested == true, self.hearing == nil {
            return "the party asked for a hearing: record the hearing first"
        }
        let answered = self.statement != nil
        if !answered, today <= notice.statementUntil {
            return "the party may state its case until \(notice.statementUntil)"
        }
        if notice.hearingRight, !answered, let until = notice.hearingUntil, today <= until {
            return "the party may ask for a hearing until \(until)"
        }
        return nil
    }

    /// Decided: the number, the content fixed and hashed. Nil unless it may be decided today.
    public func deciding(
        number: String,
        today: String,
        party: RectificationNotice.Party,
        caseNumber: String?,
        follows: [String],
        corrects: String? = nil,
        policy: PenaltyPolicy,
        authority: String,
        at now: Date
    ) throws -> (PenaltyDecision, canonical: String)? {
        guard self.decisionBlocked(today: today) == nil else { return nil }
        let statement: String
        if let said = self.statement {
            statement = said.waived ? "当事人放弃陈述、申辩。" : "当事人陈述、申辩：\(said.text)"
        } else {
            statement = "当事人在规定期限内未提出陈述、申辩。"
        }
        let content = Content(
            kind: .penaltyDecision,
            number: number,
            caseNumber: caseNumber,
            party: party,
            facts: self.facts,
            evidence: self.evidence,
            legalBasis: self.legalBasis,
            violationKind: self.violationKind,
            serious: self.serious,
            penalties: self.penalties,
            follows: follows,
            corrects: corrects,
            statement: statement + (self.hearing.map { "本机关于\($0.heldOn)举行听证：\($0.summary)" } ?? ""),
            decidedOn: today,
            authority: authority,
            authorityCreditCode: policy.authorityCreditCode,
            review: policy.review
        )
        let canonical = try LegalDocument.canonical(content)
        var next = self
        next.state = .decided
        next.number = number
        next.content = content
        next.contentSHA256 = LegalDocument.sha256(canonical)
        next.decidedAt = now
        next.version += 1
        next.updatedAt = now
        return (next, canonical)
    }

    /// The last day it must be published by: `publicationDays` working days after the decision.
    public func publicationDue(calendar: WorkingCalendar, policy: PenaltyPolicy) -> String? {
        guard self.state == .decided, let decidedOn = self.content?.decidedOn else { return nil }
        return calendar.adding(workingDays: policy.publicationDays, to: decidedOn)
    }

    /// Published today, shown for its months. Nil unless decided and not yet published.
    public func publishing(today: String, at now: Date) -> PenaltyDecision? {
        guard self.state == .decided, self.publishedOn == nil, let end = CalendarDate.adding(months: self.publicationMonths, to: today)
        else { return nil }
        var next = self
        next.publishedOn = today
        next.publicationEnd = end
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// Shown in public on `today`: published, its period not over, not repaired or corrected.
    public func isPublic(today: String) -> Bool {
        guard let published = self.publishedOn, let end = self.publicationEnd else { return false }
        return published <= today && today < end && self.repairedOn == nil && self.supersededOn == nil
    }

    /// Corrected by `correction`, decided today: it leaves the public list, stays in the
    /// register, and says what corrects it. Nil unless decided and not yet corrected.
    public func superseding(by correction: UUID, today: String, at now: Date) -> PenaltyDecision? {
        guard self.state == .decided, self.supersededBy == nil else { return nil }
        var next = self
        next.supersededBy = correction
        next.supersededOn = today
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// The first day the party may apply for credit repair: after the minimum period.
    public var repairFrom: String? {
        guard let published = self.publishedOn else { return nil }
        return CalendarDate.adding(months: PenaltyPolicy.publicationBounds(serious: self.serious).lowerBound, to: published)
    }

    /// Why the party may not apply for credit repair today, or nil when it may.
    public func repairBlocked(today: String) -> Message? {
        guard self.isPublic(today: today), let from = self.repairFrom else { return "only a decision in publication can be repaired" }
        if let repair = self.repair, repair.granted == nil { return "an application is already waiting for its decision" }
        if today < from { return "credit repair may be asked for from \(from), after the minimum publication period" }
        return nil
    }

    /// Ids of earlier decided decisions of the same institution and kind of violation in
    /// the twelve months before `today`: a second one proposes a blacklist entry.
    public static func repeats(of decision: PenaltyDecision, among earlier: [PenaltyDecision], today: String) -> [PenaltyDecision] {
        let since = CalendarDate.adding(months: -12, to: today) ?? today
        let kind = decision.violationKind.lowercased()
        return earlier.filter { other in
            other.id != decision.id && other.state == .decided && other.institutionID == decision.institutionID
                && other.violationKind.lowercased() == kind && (other.content?.decidedOn ?? "") >= since
        }
    }
}

/// A tenant's rules for penalty decisions.
public struct PenaltyPolicy: Sendable, Equatable, Codable {
    /// e.g. `沈民罚决`.
    public var decisionPrefix: String
    /// Working days to state a case after the prior notice (陈述申辩).
    public var statementDays: Int
    /// Working days to ask for a hearing (听证; the law's five days).
    public var hearingDays: Int
    /// A fine or confiscation of at least this many yuan gives the right to a hearing.
    public var hearingAmountYuan: Int
    /// Working days from the decision to its publication (双公示: seven).
    public var publicationDays: Int
    public var generalMonths: Int
    public var seriousMonths: Int
    /// The authority's unified social credit code, as published.
    public var authorityCreditCode: String
    /// How to seek review or sue, as printed on the decision.
    public var review: String
    /// The draw's risk weight gains this while a decision against the institution is in publication.
    public var riskFactor: Int
    /// No star rating is published for an institution while a decision against it is in publication.
    public var blockRating: Bool

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case review
        case decisionPrefix = "decision_prefix"
        case statementDays = "statement_days"
        case hearingDays = "hearing_days"
        case hearingAmountYuan = "hearing_amount_yuan"
        case publicationDays = "publication_days"
        case generalMonths = "general_months"
        case seriousMonths = "serious_months"
        case authorityCreditCode = "authority_credit_code"
        case riskFactor = "risk_factor"
        case blockRating = "block_rating"
    }

    public static let defaultReview =
        "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"

    public init(
        decisionPrefix: String = "民罚决",
        statementDays: Int = 3,
        hearingDays: Int = 5,
        hearingAmountYuan: Int = 50_000,
        publicationDays: Int = 7,
        generalMonths: Int = 3,
        seriousMonths: Int = 12,
        authorityCreditCode: String = "",
        review: String = PenaltyPolicy.defaultReview,
        riskFactor: Int = 2,
        blockRating: Bool = true
    ) {
        self.decisionPrefix = decisionPrefix
        self.statementDays = statementDays
        self.hearingDays = hearingDays
        self.hearingAmountYuan = hearingAmountYuan
        self.publicationDays = publicationDays
        self.generalMonths = generalMonths
        self.seriousMonths = seriousMonths
        self.authorityCreditCode = authorityCreditCode
        self.review = review
        self.riskFactor = riskFactor
        self.blockRating = blockRating
    }

    /// Months in public: a general violation 3 months to a year, a serious one 1 to 3 years.
    public static func publicationBounds(serious: Bool) -> ClosedRange<Int> { serious ? 12...36 : 3...12 }

    func defaultMonths(serious: Bool) -> Int { serious ? self.seriousMonths : self.generalMonths }

    public func validate() throws {
        var validator = Validator()
        validator.text(self.decisionPrefix, "decision_prefix", max: 20)
        validator.check(
            !self.decisionPrefix.contains { "〔〕[]0123456789".contains($0) || $0.isWhitespace },
            "decision_prefix",
            "must not hold digits, brackets or spaces (the year and number follow it)"
        )
        validator.check((1...30).contains(self.statementDays), "statement_days", "must be within 1…30")
        validator.check((5...30).contains(self.hearingDays), "hearing_days", "must be within 5…30")
        validator.check((1...100_000_000).contains(self.hearingAmountYuan), "hearing_amount_yuan", "must be within 1…100000000")
        validator.check((1...7).contains(self.publicationDays), "publication_days", "must be within 1…7")
        validator.check(Self.publicationBounds(serious: false).contains(self.generalMonths), "general_months", "must be within 3…12")
        validator.check(Self.publicationBounds(serious: true).contains(self.seriousMonths), "serious_months", "must be within 12…36")
        validator.text(self.authorityCreditCode, "authority_credit_code", max: 18, required: false)
        validator.text(self.review, "review", max: 1000)
        validator.check((0...5).contains(self.riskFactor), "risk_factor", "must be within 0…5")
        try validator.finish()
    }
}

extension PenaltyPolicy: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension PenaltyDecision.Penalty: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension CalendarDate {
    /// `date` plus `months` calendar months (the last day of a shorter month when the day
    /// does not exist in it: 2026-08-31 + 6 months is 2027-02-28).
    public static func adding(months: Int, to date: String) -> String? {
        guard self.isValid(date), let start = RFC3339Text.date(from: date + "T00:00:00Z") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let moved = calendar.date(byAdding: .month, value: months, to: start) else { return nil }
        return self.string(from: moved, in: TimeZone(identifier: "UTC"))
    }
}

extension BlacklistEntry {
    /// The automatic proposal for a second penalty for the same kind of violation within
    /// twelve months, citing the decisions.
    public static func proposal(repeated decision: PenaltyDecision, earlier: [PenaltyDecision], at now: Date) -> BlacklistEntry {
        let numbers = ([decision] + earlier).compactMap(\.number)
        return BlacklistEntry(
            id: UUIDv7.make(),
            institutionID: decision.institutionID,
            reason: .otherSerious,
            facts: "十二个月内因同类违法行为（\(decision.violationKind)）受到第二次行政处罚：\(numbers.joined(separator: "、"))",
            legalBasis: "\(decision.legalBasis)；\(numbers.joined(separator: "、"))",
            documents: [],
            proposedAt: now,
            sourceID: decision.id
        )
    }
}
