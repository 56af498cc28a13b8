import Foundation

/// One bind parameter, sent in PostgreSQL's text format with an optional type OID, or
/// as raw bytes in binary format (`bytea`: no hex doubling on the wire or in memory).
public struct SQLBind: Sendable, Equatable {
    /// The text form, or `nil` for SQL NULL (or for a binary parameter).
    public var text: String?
    /// The binary form, when the parameter is sent in binary format.
    public var bytes: [UInt8]?
    /// The parameter's type OID; 0 lets the server infer it from the statement.
    public var typeOID: UInt32

    public init(text: String?, typeOID: UInt32 = 0) {
        self.text = text
        self.bytes = nil
        self.typeOID = typeOID
    }

    public init(bytes: [UInt8], typeOID: UInt32) {
        self.text = nil
        self.bytes = bytes
        self.typeOID = typeOID
    }

    /// The text form of either kind (`bytea` as `\x…` hex), for array literals.
    var textForm: String? {
        if let text { return text }
        return self.bytes.map { "\\x" + hexString($0) }
    }

    public static let null = SQLBind(text: nil)
}

/// A Swift value that can be sent as a bind parameter.
public protocol SQLEncodable: Sendable {
    /// The type OID of an array of this type, so that `[Self]` can be bound.
    static var postgresArrayOID: UInt32 { get }
    var postgresBind: SQLBind { get }
}

extension SQLEncodable {
    public static var postgresArrayOID: UInt32 { 0 }
}

extension String: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.textArray }
    public var postgresBind: SQLBind { .init(text: self) }
}

extension Substring: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.textArray }
    public var postgresBind: SQLBind { .init(text: String(self)) }
}

extension Int: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.int8Array }
    public var postgresBind: SQLBind { .init(text: String(self), typeOID: TypeOID.int8) }
}

extension Int32: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.int4Array }
    public var postgresBind: SQLBind { .init(text: String(self), typeOID: TypeOID.int4) }
}

extension Bool: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.boolArray }
    public var postgresBind: SQLBind { .init(text: self ? "t" : "f", typeOID: TypeOID.bool) }
}

extension Double: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.float8Array }
    public var postgresBind: SQLBind {
        let text: String =
            if self.isNaN { "NaN" } else if self.isInfinite { self < 0 ? "-Infinity" : "Infinity" } else {
                "\(self)"
            }
        return .init(text: text, typeOID: TypeOID.float8)
    }
}

extension UUID: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.uuidArray }
    public var postgresBind: SQLBind { .init(text: self.uuidString.lowercased(), typeOID: TypeOID.uuid) }
}

extension Date: SQLEncodable {
    public static var postgresArrayOID: UInt32 { TypeOID.timestamptzArray }
    public var postgresBind: SQLBind {
        .init(text: PostgresTimestamp.text(for: self), typeOID: TypeOID.timestamptz)
    }
}

extension Data: SQLEncodable {
    public var postgresBind: SQLBind { .init(bytes: [UInt8](self), typeOID: TypeOID.bytea) }
}

extension Optional: SQLEncodable where Wrapped: SQLEncodable {
    public static var postgresArrayOID: UInt32 { Wrapped.postgresArrayOID }
    /// NULL, typed by the statement (`$n::uuid IS NULL` where the server cannot infer it).
    public var postgresBind: SQLBind { self?.postgresBind ?? .null }
}

extension Array: SQLEncodable where Element: SQLEncodable {
    /// Encodes as a text array literal: `{"a","b",NULL}`.
    public var postgresBind: SQLBind {
        var literal: [UInt8] = [UInt8(ascii: "{")]
        literal.reserveCapacity(self.count * 16 + 2)
        for (index, element) in self.enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            guard let text = element.postgresBind.textForm else {
                literal.append(contentsOf: "NULL".utf8)
                continue
            }
            literal.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { literal.append(UInt8(ascii: "\\")) }
                literal.append(byte)
            }
            literal.append(UInt8(ascii: "\""))
        }
        literal.append(UInt8(ascii: "}"))
        return .init(text: String(decoding: literal, as: UTF8.self), typeOID: Element.postgresArrayOID)
    }
}

/// A `Codable` value stored as `jsonb`.
public struct JSONB<Value: Codable & Sendable>: Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

extension JSONB: SQLEncodable {
    public var postgresBind: SQLBind {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(self.value)) ?? Data("null".utf8)
        return .init(text: String(decoding: data, as: UTF8.self), typeOID: TypeOID.jsonb)
    }
}

/// Type OIDs of the built-in types the client binds and decodes.
public enum TypeOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let char: UInt32 = 18
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
    public static let boolArray: UInt32 = 1000
    public static let int2Array: UInt32 = 1005
    public static let int4Array: UInt32 = 1007
    public static let textArray: UInt32 = 1009
    public static let varcharArray: UInt32 = 1015
    public static let int8Array: UInt32 = 1016
    public static let float8Array: UInt32 = 1022
    public static let dateArray: UInt32 = 1182
    public static let timestamptzArray: UInt32 = 1185
    public static let uuidArray: UInt32 = 2951
}

/// Lowercase hex of bytes, without `String(format:)` (which is slow on Linux).
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
        for (index, byte) in bytes.enumerated() {
            buffer[2 * index] = digits[Int(byte >> 4)]
            buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
        return bytes.count * 2
    }
}
