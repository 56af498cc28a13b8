/// Which characters text from outside may hold. PostgreSQL cannot store NUL in `text` or
/// `jsonb` (22021, 22P05), and the other control characters have no business in names,
/// addresses, URLs or findings: they hide text on screen and break CSV and logs. Tab,
/// line feed and carriage return stay allowed, for multi-line notes.
public enum TextRules {
    /// Why `text` is refused, or `nil` when it may be stored.
    public static func problem(in text: String) -> String? {
        for scalar in text.unicodeScalars where self.isForbidden(scalar) {
            return "must not contain control characters (U+\(Self.hex(scalar.value)))"
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
