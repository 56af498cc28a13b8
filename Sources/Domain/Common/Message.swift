import Foundation

/// The language a person reads: Chinese unless the request asks for English.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    /// `?lang=en` wins; otherwise the first of `Accept-Language`'s tags that names
    /// Chinese or English (weights ignored: a browser lists its first choice first).
    public init(query: String?, acceptLanguage: String?) {
        if let query {
            self = query.lowercased().hasPrefix("en") ? .english : .chinese
            return
        }
        let tags = (acceptLanguage ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        self = tags.first(where: { $0.hasPrefix("en") || $0.hasPrefix("zh") })?.hasPrefix("en") == true ? .english : .chinese
    }
}

/// A text a person reads: written in English in the code, where its literal is the key
/// of the catalogue, and rendered at the edge in the reader's language. An interpolation
/// becomes a numbered placeholder (`must be at most {0} characters`), so one key serves
/// every value; a date interpolated is shown as a local date in the reader's time zone,
/// and a message interpolated is translated in its turn.
public struct Message: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public enum Argument: Sendable, Hashable {
        case text(String)
        case date(Date)
        case message(Message)
    }

    /// The English template, `{n}` where the n-th argument goes.
    public let english: String
    /// What the catalogue is searched by: the English template, or for a term (an enum
    /// value shown to a person) its context and value, `hazard.state|open`.
    public let key: String
    public let arguments: [Argument]

    public init(key: String, arguments: [Argument] = []) {
        self.english = key
        self.key = key
        self.arguments = arguments
    }

    /// An enum value as a word: its wire value in English (so English messages read as
    /// before), its catalogue entry in Chinese.
    public init(term: String, context: String) {
        self.english = term
        self.key = context + "|" + term
        self.arguments = []
    }

    public init(stringLiteral value: String) { self.init(key: value) }

    public init(stringInterpolation: StringInterpolation) {
        self.init(key: stringInterpolation.key, arguments: stringInterpolation.arguments)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var key = ""
        var arguments: [Argument] = []

        public init(literalCapacity: Int, interpolationCount: Int) { self.key.reserveCapacity(literalCapacity + 3 * interpolationCount) }

        public mutating func appendLiteral(_ literal: String) { self.key += literal }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { self.append(.text(value.description)) }

        public mutating func appendInterpolation(_ value: Date) { self.append(.date(value)) }

        public mutating func appendInterpolation(_ value: Message) { self.append(.message(value)) }

        /// A value shown as it is, never translated (a code, a name, a number).
        public mutating func appendInterpolation(verbatim value: String) { self.append(.text(value)) }

        mutating func append(_ argument: Argument) {
            self.key += "{\(self.arguments.count)}"
            self.arguments.append(argument)
        }
    }

    /// Two messages are the same when they read the same, however they were written (a
    /// literal or an interpolation).
    public static func == (lhs: Message, rhs: Message) -> Bool { lhs.text(in: .english) == rhs.text(in: .english) }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.text(in: .english)) }

    /// The English text, for logs and descriptions.
    public var description: String { self.text(in: .english) }

    /// The text in `language`, dates in `timeZone` (the tenant's; China's by default).
    /// A key the catalogue lacks falls back to English (a test fails on any such key).
    public func text(in language: Language, timeZone: TimeZone = MessageCatalogue.defaultTimeZone) -> String {
        let template = language == .english ? self.english : (MessageCatalogue.chinese[self.key] ?? self.english)
        guard !self.arguments.isEmpty else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]),
                self.arguments.indices.contains(index)
            else {
                result.append("{")
                rest = rest[afterOpen...]
                continue
            }
            result += Self.render(self.arguments[index], language, timeZone)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func render(_ argument: Argument, _ language: Language, _ timeZone: TimeZone) -> String {
        switch argument {
        case .text(let text): text
        case .message(let message): message.text(in: language, timeZone: timeZone)
        case .date(let date): LocalTime.string(from: date, in: timeZone)
        }
    }

    /// Whether the catalogue translates this message and everything interpolated in it.
    public var isTranslated: Bool {
        MessageCatalogue.chinese[self.key] != nil || !self.key.contains(where: \.isLetter)
            ? self.arguments.allSatisfy { if case .message(let inner) = $0 { inner.isTranslated } else { true } }
            : false
    }
}

/// An enum whose values are shown to people: `label` is the value as a word of the
/// reader's language. `MessageCatalogueTests` checks every case of every such enum.
public protocol Labelled: RawRepresentable, CaseIterable where RawValue == String {
    /// The catalogue's context for the values, e.g. `hazard.state`.
    static var labelContext: String { get }
}

extension Labelled {
    public var label: Message { Message(term: self.rawValue, context: Self.labelContext) }
}

/// A moment as a person reads it: `2026-12-11 21:52` in a time zone, to the minute.
public enum LocalTime {
    public static func string(from date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}

extension Message {
    /// A message written where the type is not otherwise known: `Message("…")`.
    public init(_ message: Message) { self = message }
}
