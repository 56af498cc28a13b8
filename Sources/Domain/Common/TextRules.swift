import Foundation

/// Which characters text from outside may hold. PostgreSQL cannot store NUL in `text` or
/// `jsonb` (22021, 22P05), and the other control characters have no business in names,
/// addresses, URLs or findings: they hide text on screen and break CSV and logs. Tab,
/// line feed and carriage return stay allowed, for multi-line notes.
public enum TextRules {
    /// Why `text` is refused, or `nil` when it may be stored.
    public static func problem(in text: String) -> Message? {
        for scalar in text.unicodeScalars where self.isForbidden(scalar) {
            return "must not contain control characters (U+\(verbatim: Self.hex(scalar.value)))"
        }
        return nil
    }

    /// C0 controls except tab, LF and CR; DEL; C1 controls.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// The first string (value or key) in a parsed JSON value that may not be stored,
    /// named by its path in the same spelling as decoding errors (`scope.districts[0]`).
    public static func firstProblem(inJSON value: Any, path: String = "") -> FieldError? {
        if let text = value as? String {
            return self.problem(in: text).map { FieldError(path.isEmpty ? "body" : path, $0) }
        }
        if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                if let found = self.firstProblem(inJSON: element, path: "\(path)[\(index)]") { return found }
            }
        }
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let reason = self.problem(in: key) { return FieldError(path.isEmpty ? "body" : path, "has a key that \(reason)") }
                if let found = self.firstProblem(inJSON: object[key]!, path: child) { return found }
            }
        }
        return nil
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A type read from request JSON whose object has exactly these keys, so that a body
/// nested inside another can refuse unknown fields by path.
public protocol JSONKeyed {
    static var jsonKeys: Set<String> { get }
}

extension JSONKeyed where Self: Decodable {
    /// Keys from a `CodingKeys` enum that lists every case.
    public static func keys<K: CodingKey & CaseIterable>(_: K.Type) -> Set<String> {
        Set(K.allCases.map(\.stringValue))
    }
}

/// Repeated keys in JSON objects. Foundation's two JSON readers disagree on them (the
/// dictionary keeps the last value, the decoder the first), so a body that repeats a key
/// could pass a check on one reading and be stored from the other: such bodies are refused.
public enum JSONDuplicateKeys {
    /// The path of the first key that appears twice in one object (`results[1].note`), or
    /// `nil`. `json` must be valid JSON (parse it first); escapes in keys are decoded, so
    /// `"a"` and `"\u0061"` are the same key.
    public static func first(in json: [UInt8]) -> String? {
        struct Frame {
            var isObject: Bool
            var keys: Set<String> = []
            var expectingKey = false
            var path: String
            var index = 0
            var lastKey = ""
        }
        var stack: [Frame] = []
        var position = 0
        func childPath(_ frame: Frame) -> String {
            frame.isObject ? (frame.path.isEmpty ? frame.lastKey : "\(frame.path).\(frame.lastKey)") : "\(frame.path)[\(frame.index)]"
        }
        while position < json.count {
            let byte = json[position]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let path = stack.last.map(childPath) ?? ""
                stack.append(Frame(isObject: byte == UInt8(ascii: "{"), expectingKey: byte == UInt8(ascii: "{"), path: path))
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                stack.removeLast()
                position += 1
            case UInt8(ascii: ","):
                if var frame = stack.popLast() {
                    if frame.isObject { frame.expectingKey = true } else { frame.index += 1 }
                    stack.append(frame)
                }
                position += 1
            case UInt8(ascii: "\""):
                let start = position
                position += 1
                while position < json.count && json[position] != UInt8(ascii: "\"") {
                    position += json[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                position += 1
                guard var frame = stack.popLast() else { continue }
                if frame.isObject && frame.expectingKey {
                    let raw = Array(json[start..<min(position, json.count)])
                    let key = (try? JSONDecoder().decode(String.self, from: Data(raw))) ?? String(decoding: raw, as: UTF8.self)
                    frame.lastKey = key
                    frame.expectingKey = false
                    if !frame.keys.insert(key).inserted { return childPath(frame) }
                }
                stack.append(frame)
            default:
                position += 1
            }
        }
        return nil
    }
}
