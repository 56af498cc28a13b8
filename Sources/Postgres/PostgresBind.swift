import Foundation

/// One bind parameter, sent in PostgreSQL's text format with an optional type OID.
public struct PostgresBind: Sendable, Equatable {
    /// The text form, or `nil` for SQL NULL.
    public var text: String?
    /// The parameter's type OID; 0 lets the server infer it from the statement.
    public var typeOID: UInt32

    public init(text: String?, typeOID: UInt32 = 0) {
        self.text = text
        self.typeOID = typeOID
    }

    public static let null = PostgresBind(text: nil)
}

/// A Swift value that can be sent as a bind parameter.
public protocol PostgresEncodable: Sendable {
    /// The type OID of an array of this type, so that `[Self]` can be bound.
    static var postgresArrayOID: UInt32 { get }
    var postgresBind: PostgresBind { get }
}

extension PostgresEncodable {
    public static var postgresArrayOID: UInt32 { 0 }
}

extension String: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.textArray }
    public var postgresBind: PostgresBind { .init(text: self) }
}

extension Substring: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.textArray }
    public var postgresBind: PostgresBind { .init(text: String(self)) }
}

extension Int: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.int8Array }
    public var postgresBind: PostgresBind { .init(text: String(self), typeOID: PostgresOID.int8) }
}

extension Int32: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.int4Array }
    public var postgresBind: PostgresBind { .init(text: String(self), typeOID: PostgresOID.int4) }
}

extension Bool: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.boolArray }
    public var postgresBind: PostgresBind { .init(text: self ? "t" : "f", typeOID: PostgresOID.bool) }
}

extension Double: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.float8Array }
    public var postgresBind: PostgresBind {
        let text: String =
            if self.isNaN { "NaN" } else if self.isInfinite { self < 0 ? "-Infinity" : "Infinity" } else {
                "\(self)"
            }
        return .init(text: text, typeOID: PostgresOID.float8)
    }
}

extension UUID: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.uuidArray }
    public var postgresBind: PostgresBind { .init(text: self.uuidString.lowercased(), typeOID: PostgresOID.uuid) }
}

extension Date: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { PostgresOID.timestamptzArray }
    public var postgresBind: PostgresBind {
        .init(text: PostgresTimestamp.text(for: self), typeOID: PostgresOID.timestamptz)
    }
}

extension Data: PostgresEncodable {
    public var postgresBind: PostgresBind {
        .init(text: "\\x" + hexString(self), typeOID: PostgresOID.bytea)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresArrayOID: UInt32 { Wrapped.postgresArrayOID }
    /// NULL, typed by the statement (`$n::uuid IS NULL` where the server cannot infer it).
    public var postgresBind: PostgresBind { self?.postgresBind ?? .null }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// Encodes as a text array literal: `{"a","b",NULL}`.
    public var postgresBind: PostgresBind {
        var literal: [UInt8] = [UInt8(ascii: "{")]
        literal.reserveCapacity(self.count * 16 + 2)
        for (index, element) in self.enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            guard let text = element.postgresBind.text else {
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
public struct PostgresJSON<Value: Codable & Sendable>: Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

extension PostgresJSON: PostgresEncodable {
    public var postgresBind: PostgresBind {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(self.value)) ?? Data("null".utf8)
        return .init(text: String(decoding: data, as: UTF8.self), typeOID: PostgresOID.jsonb)
    }
}

/// Type OIDs of the built-in types the client binds and decodes.
public enum PostgresOID {
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
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var utf8: [UInt8] = []
    for byte in bytes {
        utf8.append(digits[Int(byte >> 4)])
        utf8.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: utf8, as: UTF8.self)
}
