import Foundation

/// Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits.
/// Ids made by the service sort by creation time, which keeps b-tree inserts local and
/// gives lists a stable, meaningful order.
public enum UUIDv7 {
    public static func make(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return self.make(milliseconds: UInt64(max(0, date.timeIntervalSince1970 * 1000)), using: &generator)
    }

    public static func make(milliseconds: UInt64, using generator: inout some RandomNumberGenerator) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        // Two draws for the ten random bytes (not one per byte: each draw may be a syscall).
        let high = generator.next()
        let low = generator.next()
        for index in 6..<14 { bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * (index - 6))) }
        for index in 14..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * (index - 14))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }

    /// The version nibble of a UUID.
    public static func version(of id: UUID) -> Int { Int(id.uuid.6 >> 4) }
}

extension UUID {
    /// The lowercase form used in JSON and in the database's text.
    public var lowercasedString: String { self.uuidString.lowercased() }
}
