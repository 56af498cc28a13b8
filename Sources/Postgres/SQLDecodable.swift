import Foundation

/// A Swift value that can be read from a binary-format result cell.
public protocol SQLDecodable: Sendable {
    /// Decodes a non-NULL cell. `bytes` is valid only for the duration of the call.
    static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Self
    /// The value for SQL NULL; only optionals have one.
    static func decodeNull() throws -> Self
}

extension SQLDecodable {
    public static func decodeNull() throws -> Self {
        throw LibpqError(kind: .decoding, message: "NULL decoded as non-optional \(Self.self)")
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Wrapped? {
        try Wrapped.decode(from: bytes, typeOID: typeOID)
    }

    public static func decodeNull() throws -> Wrapped? { nil }
}

/// Big-endian reads from a cell's bytes.
struct PostgresByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { self.bytes.count - self.offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard self.remaining >= size else { throw SQLDecodingError.truncated }
        var value: T = 0
        for index in 0..<size {
            value = value << 8 | T(truncatingIfNeeded: self.bytes[self.offset + index])
        }
        self.offset += size
        return value
    }

    mutating func slice(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, self.remaining >= count else { throw SQLDecodingError.truncated }
        defer { self.offset += count }
        return UnsafeRawBufferPointer(rebasing: self.bytes[self.offset..<(self.offset + count)])
    }
}

enum SQLDecodingError: Error {
    case truncated
    case unexpectedType(UInt32, Any.Type)
    case invalid(String)
}

func decodingError(_ oid: UInt32, _ type: Any.Type) -> LibpqError {
    LibpqError(kind: .decoding, message: "cannot decode type oid \(oid) as \(type)")
}

extension String: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> String {
        switch typeOID {
        case TypeOID.uuid:
            return try UUID.decode(from: bytes, typeOID: typeOID).uuidString.lowercased()
        case TypeOID.jsonb:
            guard bytes.first == 1 else { throw decodingError(typeOID, String.self) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
        case TypeOID.int8, TypeOID.int4, TypeOID.int2:
            return String(try Int.decode(from: bytes, typeOID: typeOID))
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension Int: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Int {
        var reader = PostgresByteReader(bytes)
        switch typeOID {
        case TypeOID.int8: return Int(try reader.read(Int64.self))
        case TypeOID.int4, TypeOID.oid: return Int(try reader.read(Int32.self))
        case TypeOID.int2: return Int(try reader.read(Int16.self))
        default: throw decodingError(typeOID, Int.self)
        }
    }
}

extension Int32: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Int32 {
        let value = try Int.decode(from: bytes, typeOID: typeOID)
        guard let narrow = Int32(exactly: value) else { throw decodingError(typeOID, Int32.self) }
        return narrow
    }
}

extension Bool: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Bool {
        guard typeOID == TypeOID.bool, bytes.count == 1 else { throw decodingError(typeOID, Bool.self) }
        return bytes[0] != 0
    }
}

extension Double: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Double {
        var reader = PostgresByteReader(bytes)
        switch typeOID {
        case TypeOID.float8: return Double(bitPattern: try reader.read(UInt64.self))
        case TypeOID.float4: return Double(Float(bitPattern: try reader.read(UInt32.self)))
        case TypeOID.int8, TypeOID.int4, TypeOID.int2:
            return Double(try Int.decode(from: bytes, typeOID: typeOID))
        default: throw decodingError(typeOID, Double.self)
        }
    }
}

extension UUID: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> UUID {
        guard typeOID == TypeOID.uuid, bytes.count == 16 else { throw decodingError(typeOID, UUID.self) }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: bytes) }
        return UUID(uuid: raw)
    }
}

extension Date: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Date {
        guard typeOID == TypeOID.timestamptz || typeOID == TypeOID.timestamp else {
            throw decodingError(typeOID, Date.self)
        }
        var reader = PostgresByteReader(bytes)
        return PostgresTimestamp.date(fromMicroseconds: try reader.read(Int64.self))
    }
}

extension PostgresDate: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> PostgresDate {
        guard typeOID == TypeOID.date else { throw decodingError(typeOID, PostgresDate.self) }
        var reader = PostgresByteReader(bytes)
        let days = Int64(try reader.read(Int32.self)) + PostgresTimestamp.postgresEpoch / 86_400
        let (year, month, day) = PostgresTimestamp.civil(fromDays: days)
        return PostgresDate(year: year, month: month, day: day)
    }
}

extension Data: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> Data {
        Data(bytes)
    }
}

extension JSONB: SQLDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> JSONB {
        let body: UnsafeRawBufferPointer
        switch typeOID {
        case TypeOID.jsonb:
            guard bytes.first == 1 else { throw decodingError(typeOID, Value.self) }
            body = UnsafeRawBufferPointer(rebasing: bytes[1...])
        case TypeOID.json, TypeOID.text:
            body = bytes
        default:
            throw decodingError(typeOID, Value.self)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return JSONB(try decoder.decode(Value.self, from: Data(body)))
        } catch {
            throw LibpqError(kind: .decoding, message: "invalid JSON for \(Value.self): \(error)")
        }
    }
}

extension Array: SQLDecodable where Element: SQLDecodable {
    /// Decodes a one-dimensional binary array; NULL elements are not allowed here.
    public static func decode(from bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws -> [Element] {
        var reader = PostgresByteReader(bytes)
        let dimensions = try reader.read(Int32.self)
        _ = try reader.read(Int32.self)  // has-null flag
        let elementOID = try reader.read(UInt32.self)
        if dimensions == 0 { return [] }
        guard dimensions == 1 else { throw decodingError(typeOID, [Element].self) }
        let count = Int(try reader.read(Int32.self))
        _ = try reader.read(Int32.self)  // lower bound
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try reader.read(Int32.self))
            guard length >= 0 else { throw decodingError(typeOID, [Element].self) }
            result.append(try Element.decode(from: try reader.slice(length), typeOID: elementOID))
        }
        return result
    }
}
