import Foundation

/// A JSON encoder that writes bytes as it goes, with the service's conventions built in:
/// UUIDs lowercase, dates RFC 3339 UTC with microseconds, `Data` as base64, keys in the
/// order a type encodes them, absent optionals as `null`. Foundation's `JSONEncoder` builds a tree of boxed values
/// first and was most of the CPU time of list responses; this one does not.
///
/// Types that use nested containers or super-encoders are not supported (none of ours
/// do); encoding one throws.
public struct CompactJSONEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> Data {
        let writer = JSONByteWriter()
        try writer.writeValue(value, codingPath: [])
        return Data(writer.bytes)
    }
}

/// JSON text stored as such (a jsonb column), written into the output unchanged.
public struct RawJSON: Encodable, Sendable, Equatable {
    public var text: String

    /// `text` must be valid JSON (it comes from PostgreSQL's jsonb output).
    public init(_ text: String) {
        self.text = text
    }

    /// Other encoders get the text as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }
}

/// The output buffer and the value-level writing rules.
final class JSONByteWriter {
    var bytes: [UInt8] = []

    init() {
        self.bytes.reserveCapacity(512)
    }

    func writeValue(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let direct = value as? any DirectJSONWritable {
            direct.writeJSON(to: self)
            return
        }
        switch value {
        case let raw as RawJSON: self.writeRaw(raw.text)
        case let string as String: self.writeString(string)
        case let uuid as UUID: self.writeUUID(uuid)
        case let date as Date: self.writeDate(date)
        case let data as Data: self.writeString(data.base64EncodedString())
        case let url as URL: self.writeString(url.absoluteString)
        case let number as Double: try self.writeDouble(number, codingPath: codingPath)
        default:
            let encoder = StreamingEncoder(writer: self, codingPath: codingPath)
            try value.encode(to: encoder)
            try encoder.finish()
        }
    }

    func writeDouble(_ value: Double, codingPath: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "not a finite number"))
        }
        if value == value.rounded(), abs(value) < 1e15 {
            self.writeRaw(String(Int64(value)))
        } else {
            self.writeRaw(value.description)
        }
    }

    func writeRaw(_ text: String) {
        self.bytes.append(contentsOf: text.utf8)
    }

    /// Appends a quoted, escaped string: unescaped runs are copied whole, so the cost is
    /// one append per run rather than per byte.
    func writeString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            self.bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
                self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                self.appendEscape(byte)
                runStart = index + 1
            }
            self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            self.bytes.append(UInt8(ascii: "\""))
        }
    }

    private func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): self.bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): self.bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}

/// A hot type that writes its own JSON, skipping the `Encodable` machinery; its output
/// must equal what its `Encodable` conformance would give (tested per type).
protocol DirectJSONWritable {
    func writeJSON(to writer: JSONByteWriter)
}

/// Direct writing of flat objects: keys are static, values written without
/// intermediate strings.
extension JSONByteWriter {
    func beginObject() {
        self.bytes.append(UInt8(ascii: "{"))
    }

    func endObject() {
        self.bytes.append(UInt8(ascii: "}"))
    }

    /// Writes `"key":`, preceded by a comma unless the object was just opened.
    func key(_ key: StaticString) {
        if self.bytes.last != UInt8(ascii: "{") { self.bytes.append(UInt8(ascii: ",")) }
        self.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    func writeInt(_ value: Int) {
        if value < 0 {
            self.bytes.append(UInt8(ascii: "-"))
            if value == .min {
                self.writeRaw(String(value).dropFirst().description)
                return
            }
        }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            self.bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// A UUID in lowercase canonical form, from its bytes.
    func writeUUID(_ id: UUID) {
        let hex: StaticString = "0123456789abcdef"
        self.bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: id.uuid) { raw in
            hex.withUTF8Buffer { digits in
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { self.bytes.append(UInt8(ascii: "-")) }
                    self.bytes.append(digits[Int(byte >> 4)])
                    self.bytes.append(digits[Int(byte & 0x0F)])
                }
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// RFC 3339 UTC with microseconds, written digit by digit.
    func writeDate(_ date: Date) {
        let parts = RFC3339Text.parts(of: date)
        self.bytes.append(UInt8(ascii: "\""))
        self.writeDigits(parts.year, 4)
        self.bytes.append(UInt8(ascii: "-"))
        self.writeDigits(parts.month, 2)
        self.bytes.append(UInt8(ascii: "-"))
        self.writeDigits(parts.day, 2)
        self.bytes.append(UInt8(ascii: "T"))
        self.writeDigits(parts.hour, 2)
        self.bytes.append(UInt8(ascii: ":"))
        self.writeDigits(parts.minute, 2)
        self.bytes.append(UInt8(ascii: ":"))
        self.writeDigits(parts.second, 2)
        self.bytes.append(UInt8(ascii: "."))
        self.writeDigits(parts.microsecond, 6)
        self.bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private func writeDigits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        if rest >= divisor * 10 {
            self.writeInt(value)
            return
        }
        while divisor > 0 {
            self.bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// One value's encoder: opens at most one container, closed by `finish()`.
final class StreamingEncoder: Encoder {
    enum State { case empty, keyed, unkeyed, single }

    let writer: JSONByteWriter
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var state = State.empty
    var count = 0

    init(writer: JSONByteWriter, codingPath: [any CodingKey]) {
        self.writer = writer
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if self.state == .empty {
            self.state = .keyed
            self.writer.bytes.append(UInt8(ascii: "{"))
        }
        return KeyedEncodingContainer(KeyedStreamingContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if self.state == .empty {
            self.state = .unkeyed
            self.writer.bytes.append(UInt8(ascii: "["))
        }
        return UnkeyedStreamingContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if self.state == .empty { self.state = .single }
        return SingleStreamingContainer(encoder: self)
    }

    /// Writes the separator before the next element of the open container.
    func nextElement() {
        if self.count > 0 { self.writer.bytes.append(UInt8(ascii: ",")) }
        self.count += 1
    }

    func writeKey(_ key: some CodingKey) {
        self.nextElement()
        self.writer.writeString(key.stringValue)
        self.writer.bytes.append(UInt8(ascii: ":"))
    }

    func finish() throws {
        switch self.state {
        case .keyed: self.writer.bytes.append(UInt8(ascii: "}"))
        case .unkeyed: self.writer.bytes.append(UInt8(ascii: "]"))
        case .single: break
        case .empty: self.writer.bytes.append(contentsOf: Array("{}".utf8))
        }
    }

    func unsupported(_ what: String) -> EncodingError {
        EncodingError.invalidValue(what, .init(codingPath: self.codingPath, debugDescription: "\(what) is not supported"))
    }
}

struct KeyedStreamingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { self.encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        self.encoder.writeKey(key)
        self.encoder.writer.writeRaw("null")
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.encoder.writeKey(key)
        self.encoder.writer.writeRaw(value ? "true" : "false")
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        self.encoder.writeKey(key)
        self.encoder.writer.writeInt(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        self.encoder.writeKey(key)
        self.encoder.writer.writeString(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.encoder.writeKey(key)
        try self.encoder.writer.writeValue(value, codingPath: self.codingPath + [key])
    }

    /// Absent optionals are written as `null`: every response field is always present.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try self.encodeOrNull(value, forKey: key)
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try self.encodeOrNull(value, forKey: key) }

    private mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try self.encode(value, forKey: key) } else { try self.encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        preconditionFailure("CompactJSONEncoder does not support nested containers")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("CompactJSONEncoder does not support nested containers")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("CompactJSONEncoder does not support super encoders") }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("CompactJSONEncoder does not support super encoders")
    }
}

struct UnkeyedStreamingContainer: UnkeyedEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { self.encoder.codingPath }
    var count: Int { self.encoder.count }

    mutating func encodeNil() throws {
        self.encoder.nextElement()
        self.encoder.writer.writeRaw("null")
    }

    mutating func encode(_ value: String) throws {
        self.encoder.nextElement()
        self.encoder.writer.writeString(value)
    }

    mutating func encode(_ value: Int) throws {
        self.encoder.nextElement()
        self.encoder.writer.writeInt(value)
    }

    mutating func encode(_ value: Bool) throws {
        self.encoder.nextElement()
        self.encoder.writer.writeRaw(value ? "true" : "false")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        self.encoder.nextElement()
        try self.encoder.writer.writeValue(value, codingPath: self.codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("CompactJSONEncoder does not support nested containers")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("CompactJSONEncoder does not support nested containers")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("CompactJSONEncoder does not support super encoders") }
}

struct SingleStreamingContainer: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { self.encoder.codingPath }

    mutating func encodeNil() throws { self.encoder.writer.writeRaw("null") }
    mutating func encode(_ value: Bool) throws { self.encoder.writer.writeRaw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { self.encoder.writer.writeString(value) }
    mutating func encode(_ value: Int) throws { self.encoder.writer.writeInt(value) }
    mutating func encode(_ value: Double) throws { try self.encoder.writer.writeDouble(value, codingPath: self.codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try self.encoder.writer.writeValue(value, codingPath: self.codingPath)
    }
}

/// RFC 3339 in UTC with microseconds, e.g. `2026-11-23T07:02:53.123456Z`: the precision
/// PostgreSQL stores, so a timestamp survives a round trip through JSON unchanged.
public enum RFC3339Text {
    public static func string(from date: Date) -> String {
        let writer = JSONByteWriter()
        writer.writeDate(date)
        return String(decoding: writer.bytes.dropFirst().dropLast(), as: UTF8.self)
    }

    struct Parts {
        var year, month, day, hour, minute, second, microsecond: Int
    }

    static func parts(of date: Date) -> Parts {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = Int(micros - seconds * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilDate.fromDays(days)
        return Parts(
            year: year,
            month: month,
            day: day,
            hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60,
            second: secondOfDay % 60,
            microsecond: fraction
        )
    }

    public static func date(from text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: text.contains(".")))
    }

}

/// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01
/// (Howard Hinnant's algorithms), for formatting without `Calendar`.
public enum CivilDate {
    public static func fromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
