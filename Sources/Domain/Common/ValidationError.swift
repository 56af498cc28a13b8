import Foundation

/// One invalid field of an input, named by its JSON key.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: Message

    public init(_ field: String, _ message: Message) {
        self.field = field
        self.message = message
    }
}

/// Domain-level failures, mapped to HTTP problems in one place at the API edge.
public enum DomainError: Error, Sendable, Equatable {
    /// The input breaks rules; each field says why (422), with a summary when one helps.
    case invalid([FieldError], detail: Message? = nil)
    /// The thing does not exist, or the caller may not see it (404).
    case notFound(Message)
    /// A uniqueness rule was broken, e.g. a duplicate credit code (409).
    case conflict(Message)
    /// A rule of the standard refuses the step, named by its own problem slug (409),
    /// e.g. a rating whose prerequisites fail.
    case refused(slug: String, title: Message, detail: Message, errors: [FieldError])
    /// The caller's copy is stale (412).
    case stale(currentVersion: Int)
    /// The caller may see the thing but not do this to it (403); `errors` name the
    /// fields it may not change, when that is why.
    case forbidden(Message, errors: [FieldError] = [])
    /// The body is larger than the limit (413).
    case tooLarge(Message)
    /// The content is of a kind that is not taken (415).
    case unsupportedType(Message)
}

extension DomainError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalid(let errors, _): "invalid: " + errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .notFound(let what): "not found: \(what)"
        case .conflict(let detail): "conflict: \(detail)"
        case .refused(let slug, _, let detail, _): "\(slug): \(detail)"
        case .stale(let version): "stale: current version is \(version)"
        case .forbidden(let detail, _): "forbidden: \(detail)"
        case .tooLarge(let detail): "too large: \(detail)"
        case .unsupportedType(let detail): "unsupported type: \(detail)"
        }
    }
}

/// Collects field errors while checking an input.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func check(_ condition: Bool, _ field: String, _ message: @autoclosure () -> Message) {
        if !condition { self.errors.append(FieldError(field, message())) }
    }

    public mutating func text(_ value: String?, _ field: String, max: Int, required: Bool = true) {
        guard let value else {
            if required { self.errors.append(FieldError(field, "is required")) }
            return
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty {
            self.errors.append(FieldError(field, "must not be blank"))
        } else if value.unicodeScalars.count > max {
            // Counted as PostgreSQL's length() counts (code points), so that text that
            // passes here never fails a column's CHECK (combining marks are one character
            // to Swift, several to the database).
            self.errors.append(FieldError(field, "must be at most \(max) characters"))
        } else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            self.errors.append(FieldError(field, "must not contain control characters"))
        }
    }

    /// Throws `DomainError.invalid` when anything failed.
    public func finish() throws {
        if !self.errors.isEmpty { throw DomainError.invalid(self.errors) }
    }
}

extension FieldError {
    /// The message as a person reads it. In Chinese the field's label leads a message
    /// that reads after the field (`名称不能为空`); a whole sentence stands alone
    /// (`一般隐患不能标为重大隐患`). In English the message is as written.
    public func text(in language: Language, timeZone: TimeZone = MessageCatalogue.defaultTimeZone) -> String {
        let message = self.message.text(in: language, timeZone: timeZone)
        guard language == .chinese, MessageCatalogue.readsAfterField(self.message.key) else { return message }
        return MessageCatalogue.label(of: self.field) + message
    }
}
