import Foundation

/// A complaint or report (投诉举报) as it came in. It opens a case; the complainant, when
/// named, is kept apart (`Complainant`) and never leaves the regulator.
public struct Complaint: Sendable, Equatable, Codable {
    public enum Channel: String, Sendable, Codable, CaseIterable {
        /// The public portal's form.
        case portal
        /// The 12345 government hotline, through an integration.
        case hotline = "hotline_12345"
        /// Letters and visits (信访).
        case lettersVisits = "letters_visits"
        /// Referred by another department.
        case referral
        case other
    }

    public var id: UUID
    public var caseID: UUID
    public var channel: Channel
    public var institutionID: UUID?
    /// The institution as the complainant named it when it is not in the register.
    public var institutionText: String?
    public var content: String
    public var safety: Bool
    /// Whether a name and contact were given (they are kept apart).
    public var named: Bool
    public var receivedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, channel, content, safety, named
        case caseID = "case_id"
        case institutionID = "institution_id"
        case institutionText = "institution_text"
        case receivedAt = "received_at"
    }

    public init(
        id: UUID,
        caseID: UUID,
        channel: Channel,
        institutionID: UUID?,
        institutionText: String?,
        content: String,
        safety: Bool,
        named: Bool,
        receivedAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.channel = channel
        self.institutionID = institutionID
        self.institutionText = institutionText
        self.content = content
        self.safety = safety
        self.named = named
        self.receivedAt = receivedAt
    }
}

/// Who complained, when they gave a name: for the handling regulator's eyes only.
public struct Complainant: Sendable, Equatable, Codable {
    public var complaintID: UUID
    public var name: String
    public var contact: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, contact
        case complaintID = "complaint_id"
    }

    public init(complaintID: UUID, name: String, contact: String) {
        self.complaintID = complaintID
        self.name = name
        self.contact = contact
    }
}

/// A complaint as sent, by the portal's form or the API, before anything is looked up.
public struct ComplaintIntake: Sendable, Equatable {
    public var channel: Complaint.Channel
    public var institutionID: UUID?
    public var institutionText: String?
    public var content: String
    public var safety: Bool
    public var name: String?
    public var contact: String?

    public init(
        channel: Complaint.Channel,
        institutionID: UUID?,
        institutionText: String?,
        content: String,
        safety: Bool,
        name: String?,
        contact: String?
    ) {
        self.channel = channel
        self.institutionID = institutionID
        self.content = content
        self.safety = safety
        self.name = Self.blankToNil(name)
        self.contact = Self.blankToNil(contact)
        self.institutionText = Self.blankToNil(institutionText)
    }

    static func blankToNil(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    /// The longest complaint text taken (about four pages).
    public static let maxContent = 5000

    /// The rules that need no record: some text, within limits; a name and a contact
    /// come together or not at all (anonymous).
    public func validate() throws {
        var validator = Validator()
        validator.text(self.content, "content", max: Self.maxContent)
        validator.text(self.institutionText, "institution_text", max: 200, required: false)
        validator.text(self.name, "name", max: 100, required: false)
        validator.text(self.contact, "contact", max: 100, required: false)
        validator.check((self.name == nil) == (self.contact == nil), "contact", "a name and a contact are given together, or neither (anonymous)")
        try validator.finish()
    }

    public var isNamed: Bool { self.name != nil }
}

/// The code a complainant follows a complaint with, without an account: 120 random bits
/// as 24 letters and digits (RFC 4648 base32, lower case). Only its SHA-256 is stored.
public enum TrackingCode {
    /// A code from 15 random bytes.
    public static func make(from bytes: [UInt8]) -> String {
        precondition(bytes.count == 15, "a tracking code takes 15 bytes")
        return Base32.encode(Data(bytes)).lowercased()
    }

    /// Whether `text` has the shape of a code (letters are compared in lower case).
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == 24 && text.lowercased().allSatisfy { $0.isASCII && Base32.alphabet.contains(Character($0.uppercased())) }
    }

    /// What is stored and looked up: the hex SHA-256 of the lower-case code.
    public static func digest(_ code: String) -> String {
        SHA256Digest.hex(Data(code.lowercased().utf8))
    }
}

/// What the tracking page shows: the state and the reply, nothing more.
public struct ComplaintStatus: Sendable, Equatable, Codable {
    public var caseNumber: String
    public var state: Case.State
    public var receivedOn: String
    public var reply: String?
    public var concludedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case state, reply
        case caseNumber = "case_number"
        case receivedOn = "received_on"
        case concludedAt = "concluded_at"
    }

    public init(caseNumber: String, state: Case.State, receivedOn: String, reply: String?, concludedAt: Date?) {
        self.caseNumber = caseNumber
        self.state = state
        self.receivedOn = receivedOn
        self.reply = reply
        self.concludedAt = concludedAt
    }

    /// The status of the complaint's case, or of the case it was merged into (whose
    /// outcome every merged complainant gets): a merged case shows as the one it joined.
    public init(of record: Case, resolvedTo target: Case?) {
        let shown = record.state == .merged ? target ?? record : record
        self.init(
            caseNumber: record.number,
            state: shown.state,
            receivedOn: record.receivedOn,
            reply: shown.state.isFinal ? shown.reply : nil,
            concludedAt: shown.state.isFinal ? shown.concludedAt : nil
        )
    }
}

/// What an institution is told once a case about it is concluded and substantiated: the
/// outcome and the regulator's notice, never the internal conclusion or who complained.
public struct CaseOutcome: Sendable, Equatable, Codable {
    public var caseID: UUID
    public var number: String
    public var institutionID: UUID?
    public var result: Case.Result?
    /// The regulator's notice to the institution (nil when none was written).
    public var notice: String?
    public var concludedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, result, notice
        case caseID = "case_id"
        case institutionID = "institution_id"
        case concludedAt = "concluded_at"
    }

    public init(_ record: Case) {
        self.caseID = record.id
        self.number = record.number
        self.institutionID = record.institutionID
        self.result = record.result
        self.notice = record.notice
        self.concludedAt = record.concludedAt
    }
}
