/// Errors from the PostgreSQL client, typed by SQLSTATE where callers need to react.
///
/// `description` is deliberately generic so that database text never reaches an HTTP
/// client by accident; `logDescription` carries the server's message for logs.
public struct LibpqError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 23505
        case uniqueViolation
        /// 23503
        case foreignKeyViolation
        /// 23514
        case checkViolation
        /// 23502
        case notNullViolation
        /// 40001
        case serializationFailure
        /// 40P01
        case deadlockDetected
        /// The server could not be reached, or the connection broke mid-use.
        case connectionUnavailable
        /// No pooled connection became free in time.
        case poolTimeout
        /// A value in a row could not be decoded to the requested Swift type.
        case decoding
        /// Any other server error; see `sqlState`.
        case server
    }

    public let kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public let sqlState: String?
    /// The server's primary message: for logs only.
    public let message: String
    /// The server's detail field: for logs only.
    public let detail: String?
    /// The constraint that was violated, when the server names one.
    public let constraint: String?

    public init(
        kind: Kind,
        sqlState: String? = nil,
        message: String,
        detail: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    init(sqlState: String?, message: String, detail: String?, constraint: String?) {
        let kind: Kind =
            switch sqlState {
            case "23505": .uniqueViolation
            case "23503": .foreignKeyViolation
            case "23514": .checkViolation
            case "23502": .notNullViolation
            case "40001": .serializationFailure
            case "40P01": .deadlockDetected
            case let state?
            where state.hasPrefix("08") || state == "57P01" || state == "57P02"
                || state == "57P03":
                .connectionUnavailable
            default: .server
            }
        self.init(kind: kind, sqlState: sqlState, message: message, detail: detail, constraint: constraint)
    }

    public var description: String {
        "LibpqError(\(self.kind)\(self.sqlState.map { ", sqlstate: \($0)" } ?? ""))"
    }

    /// Full text for logs; never send this to a client.
    public var logDescription: String {
        var text = "\(self.description): \(self.message)"
        // An integrity violation's detail quotes the row ("Failing row contains (…)", "Key
        // (…)=(…)"), which may hold personal data: the constraint's name says enough.
        if let detail, !(self.sqlState?.hasPrefix("23") ?? false) { text += " (\(detail))" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }

    /// Whether retrying the same work on a fresh connection may succeed.
    public var isConnectionFailure: Bool { self.kind == .connectionUnavailable }
}
