import Foundation

/// An entry of the credit blacklist (养老服务市场失信联合惩戒对象名单, 民政部 2019).
///
/// proposed → notified → listed → removed; proposed or notified → withdrawn. Once
/// notified, the institution sees the entry and may object (or waive objection) within
/// the tenant's window; it can be listed only after the window closed, unless waived.
/// A listing ends as removed: expired at its end date, repaired early on application
/// after 2 years (信用修复), or revoked.
public struct BlacklistEntry: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case proposed, notified, listed, removed, withdrawn
    }

    public enum RemovalKind: String, Sendable, Codable, CaseIterable {
        case expired, repaired, revoked
    }

    /// Reason codes 1–9 of the 2019 measures, and court-declared dishonest debtors.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case outsideScope = "1"
        case infringingRights = "2"
        case defraudingElders = "3"
        case unrectifiedFireHazard = "4"
        case safetyAccident = "5"
        case subsidyFraud = "6"
        case obstructingInspection = "7"
        case noAnnualReport = "8"
        case otherSerious = "9"
        case dishonestDebtor = "court_dishonest"

        public var text: String {
            switch self {
            case .outsideScope: "超出登记宗旨和业务范围从事活动 (acting outside the registered purpose or scope)"
            case .infringingRights: "侵害老年人合法权益 (infringing residents' rights)"
            case .defraudingElders: "欺骗、诈骗老年人 (defrauding elders: illegal fund-raising, sham health products)"
            case .unrectifiedFireHazard: "重大火灾隐患未在期限内整改 (a major fire hazard not rectified by its deadline)"
            case .safetyAccident: "对安全责任事故负有主要或直接责任 (main or direct responsibility for a safety accident)"
            case .subsidyFraud: "骗取补贴 (obtaining subsidies by fraud)"
            case .obstructingInspection: "拒绝、阻碍或在检查中弄虚作假 (refusing, obstructing or faking during inspection)"
            case .noAnnualReport: "未按规定报送年度报告或公开信息 (not filing annual reports or disclosures)"
            case .otherSerious: "其他严重违法违规行为 (other serious violations)"
            case .dishonestDebtor: "被人民法院依法判定为失信被执行人 (declared a dishonest judgment debtor by a court)"
            }
        }

        /// The reason in the reader's language: the Chinese of `text`, or the English in
        /// its parenthesis (`text` keeps both, as the API and the public record give it).
        public func text(in language: Language) -> String {
            guard let open = self.text.range(of: " (") else { return self.text }
            return language == .english ? String(self.text[open.upperBound...].dropLast()) : String(self.text[..<open.lowerBound])
        }
    }

    public enum Action: String, Sendable, Codable, CaseIterable {
        case notify, object, waive, list, withdraw, remove
    }

    public var id: UUID
    public var institutionID: UUID
    public var reason: Reason
    public var facts: String
    public var legalBasis: String
    public var documents: [Attachment]
    public var state: State
    public var proposedAt: Date
    public var notifiedAt: Date?
    public var objectionDeadline: Date?
    public var objection: String?
    /// Files the institution gave with its objection; absent until it objects with some.
    public var objectionEvidence: [Attachment]?
    public var objectionWaived: Bool
    public var listedAt: Date?
    public var listedUntil: Date?
    public var removedAt: Date?
    public var removalKind: RemovalKind?
    public var withdrawnAt: Date?
    /// Set when the entry was proposed automatically (e.g. by the hazard escalation).
    public var sourceID: UUID?
    public var version: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, reason, facts, documents, state, objection, version
        case institutionID = "institution_id"
        case legalBasis = "legal_basis"
        case proposedAt = "proposed_at"
        case notifiedAt = "notified_at"
        case objectionDeadline = "objection_deadline"
        case objectionWaived = "objection_waived"
        case objectionEvidence = "objection_evidence"
        case listedAt = "listed_at"
        case listedUntil = "listed_until"
        case removedAt = "removed_at"
        case removalKind = "removal_kind"
        case withdrawnAt = "withdrawn_at"
        case sourceID = "source_id"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        institutionID: UUID,
        reason: Reason,
        facts: String,
        legalBasis: String,
        documents: [Attachment],
        proposedAt: Date,
        sourceID: UUID? = nil
    ) {
        self.id = id
        self.institutionID = institutionID
        self.reason = reason
        self.facts = facts
        self.legalBasis = legalBasis
        self.documents = documents
        self.state = .proposed
        self.proposedAt = proposedAt
        self.objectionWaived = false
        self.sourceID = sourceID
        self.version = 1
        self.updatedAt = proposedAt
    }

    /// The tenant's blacklist settings.
    public struct Policy: Sendable, Equatable, Codable {
        public var objectionDays: Int
        public var listingYears: Int
        /// Early removal (信用修复) may be applied for after this many years.
        public var repairAfterYears: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case objectionDays = "objection_days"
            case listingYears = "listing_years"
            case repairAfterYears = "repair_after_years"
        }

        public init(objectionDays: Int = 10, listingYears: Int = 3, repairAfterYears: Int = 2) {
            self.objectionDays = objectionDays
            self.listingYears = listingYears
            self.repairAfterYears = repairAfterYears
        }

        public func validate(into validator: inout Validator) {
            validator.check((1...90).contains(self.objectionDays), "objection_days", "must be within 1…90")
            validator.check((1...10).contains(self.listingYears), "listing_years", "must be within 1…10")
            validator.check(
                self.repairAfterYears >= 0 && self.repairAfterYears <= self.listingYears,
                "repair_after_years",
                "must be within 0…listing_years"
            )
        }
    }

    public enum TransitionError: Error, Equatable, CustomStringConvertible {
        public var description: String { self.message.description }

        case notAllowed(action: Action, state: State)
        case objectionWindowOpen(until: Date)
        case objectionWindowClosed
        case repairTooEarly(possibleFrom: Date)
        case notYetExpired(until: Date)

        public var message: Message {
            switch self {
            case .notAllowed(let action, let state): "an entry that is \(state.label) cannot be sent to \(action.label)"
            case .objectionWindowOpen(let until): "the objection window is open until \(until)"
            case .objectionWindowClosed: "the objection window has closed"
            case .repairTooEarly(let from): "early removal (信用修复) may be applied for from \(from)"
            case .notYetExpired(let until): "the listing runs until \(until)"
            }
        }
    }

    /// Applies `action` at `now`; pure. `removal` names how a listing ends.
    public func applying(
        _ action: Action,
        at now: Date,
        policy: Policy,
        text: String? = nil,
        removal: RemovalKind? = nil
    ) throws(TransitionError) -> BlacklistEntry {
        var next = self
        next.updatedAt = now
        next.version = self.version + 1
        let calendar = Calendar(identifier: .gregorian)
        switch (action, self.state) {
        case (.notify, .proposed):
            next.state = .notified
            next.notifiedAt = now
            next.objectionDeadline = calendar.date(byAdding: .day, value: policy.objectionDays, to: now)
        case (.object, .notified), (.waive, .notified):
            guard let deadline = self.objectionDeadline, now < deadline else { throw .objectionWindowClosed }
            if action == .object { next.objection = text } else { next.objectionWaived = true }
        case (.list, .notified):
            if !self.objectionWaived, let deadline = self.objectionDeadline, now < deadline {
                throw .objectionWindowOpen(until: deadline)
            }
            next.state = .listed
            next.listedAt = now
            next.listedUntil = calendar.date(byAdding: .year, value: policy.listingYears, to: now)
        case (.withdraw, .proposed), (.withdraw, .notified):
            next.state = .withdrawn
            next.withdrawnAt = now
        case (.remove, .listed):
            let kind = removal ?? .revoked
            if kind == .expired, let until = self.listedUntil, now < until { throw .notYetExpired(until: until) }
            if kind == .repaired, let listedAt = self.listedAt,
                let from = calendar.date(byAdding: .year, value: policy.repairAfterYears, to: listedAt), now < from
            {
                throw .repairTooEarly(possibleFrom: from)
            }
            next.state = .removed
            next.removedAt = now
            next.removalKind = kind
        default:
            throw .notAllowed(action: action, state: self.state)
        }
        return next
    }

    /// Whether the institution may see the entry: from notification on (never a bare proposal).
    public var isVisibleToInstitution: Bool { self.state != .proposed && !(self.state == .withdrawn && self.notifiedAt == nil) }
}

extension BlacklistEntry {
    /// The proposal the daily deadline work makes for a major fire hazard left
    /// unrectified past its deadline, in the wording of the rules it rests on.
    public static func proposal(unrectified hazard: Hazard, at now: Date) -> BlacklistEntry {
        BlacklistEntry(
            id: UUIDv7.make(),
            institutionID: hazard.institutionID,
            reason: .unrectifiedFireHazard,
            facts: "重大火灾隐患逾期未整改：\(hazard.description)（整改期限 \(hazard.deadline)）",
            legalBasis: "养老服务市场失信联合惩戒对象名单管理办法（试行）: 重大火灾隐患未在期限内整改",
            documents: hazard.evidence,
            proposedAt: now,
            sourceID: hazard.id
        )
    }
}

extension BlacklistEntry.Policy: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
