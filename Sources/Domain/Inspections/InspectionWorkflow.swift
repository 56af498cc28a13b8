import Foundation

/// The life of an inspection: planned → in_progress → submitted → reviewed → published.
/// A regulator may return a submitted or reviewed inspection to its inspectors, with a
/// reason, which puts it back in progress. Pure rules; the store records who and when.
public enum InspectionState: String, Sendable, Codable, CaseIterable {
    case planned
    case inProgress = "in_progress"
    case submitted, reviewed, published
}

public enum InspectionAction: String, Sendable, Codable, CaseIterable {
    case start, submit
    case returnToInspector = "return"
    case review, publish

    /// Who may take this step: inspectors work the inspection, regulators judge it.
    public var actor: Role {
        switch self {
        case .start, .submit: .inspector
        case .returnToInspector, .review, .publish: .regulator
        }
    }

    /// The state this step leads to from `state`, or `nil` when it is not allowed there.
    public func next(from state: InspectionState) -> InspectionState? {
        switch (self, state) {
        case (.start, .planned): .inProgress
        case (.submit, .inProgress): .submitted
        case (.returnToInspector, .submitted), (.returnToInspector, .reviewed): .inProgress
        case (.review, .submitted): .reviewed
        case (.publish, .reviewed): .published
        default: nil
        }
    }
}

extension InspectionState {
    /// Results may be recorded only while the inspection is being worked.
    public var acceptsResults: Bool { self == .planned || self == .inProgress }
    /// A regulator has judged it: counts for indicators and comparisons.
    public var isReviewed: Bool { self == .reviewed || self == .published }
}

/// Metadata of a piece of evidence; the bytes are stored elsewhere.
public struct Attachment: Sendable, Equatable, Codable {
    public var fileName: String
    /// Lower-case hex SHA-256 of the file.
    public var sha256: String
    public var size: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sha256, size
        case fileName = "file_name"
    }

    public init(fileName: String, sha256: String, size: Int) {
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
    }

    public static func validate(_ attachments: [Attachment], field: String, into validator: inout Validator) {
        validator.check(attachments.count <= 20, field, "must list at most 20 attachments")
        for (index, attachment) in attachments.enumerated() {
            let name = "\(field)[\(index)]"
            validator.text(attachment.fileName, "\(name).file_name", max: 255)
            validator.check(
                !attachment.fileName.contains("/") && !attachment.fileName.contains("\\"),
                "\(name).file_name",
                "must be a file name, not a path"
            )
            validator.check(
                attachment.sha256.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil,
                "\(name).sha256",
                "must be 64 lower-case hex digits"
            )
            validator.check(attachment.size >= 0, "\(name).size", "must not be negative")
        }
    }
}

/// What an inspector found wrong with a failed item; it can become a hazard.
public struct Finding: Sendable, Equatable, Codable {
    public var description: String
    public var major: Bool

    public init(description: String, major: Bool) {
        self.description = description
        self.major = major
    }
}

/// The result of one checklist item, in an inspection or a self-assessment.
public struct ItemResult: Sendable, Equatable, Codable {
    public var itemCode: String
    public var result: ChecklistEvaluation.Result
    public var note: String
    public var attachments: [Attachment]
    public var finding: Finding?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case result, note, attachments, finding
        case itemCode = "item_code"
    }

    public init(
        itemCode: String,
        result: ChecklistEvaluation.Result,
        note: String = "",
        attachments: [Attachment] = [],
        finding: Finding? = nil
    ) {
        self.itemCode = itemCode
        self.result = result
        self.note = note
        self.attachments = attachments
        self.finding = finding
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.itemCode = try container.decode(String.self, forKey: .itemCode)
        self.result = try container.decode(ChecklistEvaluation.Result.self, forKey: .result)
        self.note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
        self.attachments = try container.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
        self.finding = try container.decodeIfPresent(Finding.self, forKey: .finding)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.itemCode, forKey: .itemCode)
        try container.encode(self.result, forKey: .result)
        try container.encode(self.note, forKey: .note)
        try container.encode(self.attachments, forKey: .attachments)
        try container.encode(self.finding, forKey: .finding)
    }

    /// Checks results against a checklist: known items, each at most once, N/A only where
    /// allowed, findings only on failed items.
    public static func validate(_ results: [ItemResult], against checklist: ChecklistVersion, into validator: inout Validator) {
        validator.check(!results.isEmpty, "results", "must list at least one result")
        var seen: Set<String> = []
        for (index, result) in results.enumerated() {
            let field = "results[\(index)]"
            guard let item = checklist.item(result.itemCode) else {
                validator.check(false, "\(field).item_code", "is not an item of this checklist")
                continue
            }
            validator.check(seen.insert(result.itemCode).inserted, "\(field).item_code", "repeats \(result.itemCode)")
            validator.check(
                result.result != .notApplicable || item.allowsNotApplicable,
                "\(field).result",
                "not_applicable is not allowed for \(item.code)"
            )
            validator.text(result.note, "\(field).note", max: 4000, required: false)
            Attachment.validate(result.attachments, field: "\(field).attachments", into: &validator)
            if let finding = result.finding {
                validator.check(result.result == .fail, "\(field).finding", "may be raised only on a failed item")
                validator.text(finding.description, "\(field).finding.description", max: 4000)
            }
        }
    }

    static func byCode(_ results: [ItemResult]) -> [String: ChecklistEvaluation.Result] {
        Dictionary(results.map { ($0.itemCode, $0.result) }, uniquingKeysWith: { _, last in last })
    }
}

extension ChecklistEvaluation {
    /// Evaluates recorded results against a checklist version.
    public static func evaluate(_ checklist: ChecklistVersion, results: [ItemResult]) -> Outcome {
        self.evaluate(checklist.evaluationItems, results: ItemResult.byCode(results))
    }
}

extension Attachment: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension Finding: JSONKeyed {
    public static var jsonKeys: Set<String> { ["description", "major"] }
}

extension ItemResult: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}
