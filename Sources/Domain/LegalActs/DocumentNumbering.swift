import Foundation

/// What every legal act shares: a document number (文号) from the tenant's pattern, and a
/// SHA-256 of its canonical content, so a printed copy can be checked against the register.
public enum LegalDocument {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case rectificationNotice = "rectification_notice"
        case penaltyDecision = "penalty_decision"
    }

    /// `沈民责改〔2026〕17号`: the tenant's prefix, the year of issue, the sequence of that year.
    public static func number(prefix: String, year: Int, sequence: Int) -> String {
        "\(prefix)〔\(year)〕\(sequence)号"
    }

    /// The text whose SHA-256 is printed and stored: the document as JSON with sorted keys,
    /// no spaces and unescaped slashes, in UTF-8. The register keeps this text as it was
    /// hashed, so checking a copy needs no knowledge of how it was made.
    public static func canonical<Content: Encodable>(_ content: Content) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(content), as: UTF8.self)
    }

    public static func sha256(_ canonical: String) -> String { SHA256Digest.hex(Data(canonical.utf8)) }
}

/// A tenant's settings for its legal acts: the prefixes of its document numbers, the
/// authority that signs them, and the consequence a notice warns of.
public struct DocumentPolicy: Sendable, Equatable, Codable {
    /// e.g. `沈民责改`.
    public var noticePrefix: String
    /// The issuing authority as printed; empty means the tenant's name.
    public var authority: String
    /// What a notice says happens when it is not complied with.
    public var consequence: String
    /// Warn this many days before a notice's deadline.
    public var reminderDays: Int

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case noticePrefix = "notice_prefix"
        case authority, consequence
        case reminderDays = "reminder_days"
    }

    public static let defaultConsequence =
        "逾期不改正的，本机关将依据《养老机构管理办法》第四十六条的规定依法处理，并将相关情况记入信用记录。"

    public init(
        noticePrefix: String = "民责改",
        authority: String = "",
        consequence: String = DocumentPolicy.defaultConsequence,
        reminderDays: Int = 3
    ) {
        self.noticePrefix = noticePrefix
        self.authority = authority
        self.consequence = consequence
        self.reminderDays = reminderDays
    }

    public func validate() throws {
        var validator = Validator()
        validator.text(self.noticePrefix, "notice_prefix", max: 20)
        validator.check(
            !self.noticePrefix.contains { "〔〕[]0123456789".contains($0) || $0.isWhitespace },
            "notice_prefix",
            "must not hold digits, brackets or spaces (the year and number follow it)"
        )
        validator.text(self.authority, "authority", max: 100, required: false)
        validator.text(self.consequence, "consequence", max: 1000)
        validator.check((0...30).contains(self.reminderDays), "reminder_days", "must be within 0…30")
        try validator.finish()
    }
}

extension DocumentPolicy: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
