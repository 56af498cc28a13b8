import Foundation

/// What a JPEG's EXIF block says about a photo: when it was taken, where, and its
/// embedded thumbnail. Reads only the APP1 segment at the head of the file; anything
/// malformed reads as "not said", never as an error.
public struct ExifFacts: Sendable, Equatable {
    /// `DateTimeOriginal` as written by the camera (local time, no zone): "2026:11:30 09:12:05".
    public var capturedAt: String?
    public var latitude: Double?
    public var longitude: Double?
    public var thumbnail: [UInt8]?

    public init(capturedAt: String? = nil, latitude: Double? = nil, longitude: Double? = nil, thumbnail: [UInt8]? = nil) {
        self.capturedAt = capturedAt
        self.latitude = latitude
        self.longitude = longitude
        self.thumbnail = thumbnail
    }

    /// The capture time in `zone` (cameras write local time; the tenant's zone is the
    /// best reading of it).
    public func capturedDate(in zone: TimeZone) -> Date? {
        guard let text = self.capturedAt else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy:MM:dd HH:mm:ss"
        return formatter.date(from: text)
    }
}

public enum ExifReader {
    /// How much of the file's head the reader looks at (EXIF must fit in one APP1 segment).
    public static let headLength = 70 * 1024

    public static func read(jpeg head: [UInt8]) -> ExifFacts {
        guard let tiff = self.app1(head) else { return ExifFacts() }
        guard let reader = TIFFReader(tiff), let ifd0 = reader.ifd(at: reader.firstIFD) else { return ExifFacts() }
        var facts = ExifFacts()
        if let exifOffset = ifd0.entries[0x8769].flatMap(reader.long), let exif = reader.ifd(at: exifOffset) {
            facts.capturedAt = exif.entries[0x9003].flatMap(reader.ascii)
        }
        if let gpsOffset = ifd0.entries[0x8825].flatMap(reader.long), let gps = reader.ifd(at: gpsOffset) {
            facts.latitude = self.coordinate(reader, gps.entries[2], reference: gps.entries[1], negative: "S")
            facts.longitude = self.coordinate(reader, gps.entries[4], reference: gps.entries[3], negative: "W")
        }
        if ifd0.next > 0, let ifd1 = reader.ifd(at: ifd0.next),
            let offset = ifd1.entries[0x0201].flatMap(reader.long), let length = ifd1.entries[0x0202].flatMap(reader.long),
            length > 0, offset >= 0, offset + length <= reader.bytes.count
        {
            let bytes = Array(reader.bytes[offset..<(offset + length)])
            if bytes.starts(with: [0xFF, 0xD8]) { facts.thumbnail = bytes }
        }
        return facts
    }

    /// The TIFF bytes of the `Exif\0\0` APP1 segment, if the head has one.
    static func app1(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return nil }
            let body = bytes[(index + 4)..<(index + 2 + length)]
            if marker == 0xE1, body.starts(with: Array("Exif".utf8) + [0, 0]) {
                return body.dropFirst(6)
            }
            if marker == 0xDA { return nil }  // the image data starts: no EXIF before it
            index += 2 + length
        }
        return nil
    }

    static func coordinate(_ reader: TIFFReader, _ value: TIFFReader.Entry?, reference: TIFFReader.Entry?, negative: String) -> Double? {
        guard let value, let parts = reader.rationals(value), parts.count == 3 else { return nil }
        let degrees = parts[0] + parts[1] / 60 + parts[2] / 3600
        let sign: Double = reference.flatMap(reader.ascii) == negative ? -1 : 1
        return degrees.isFinite ? sign * degrees : nil
    }
}

/// Just enough of TIFF to read EXIF: IFD entries and their values, either byte order,
/// every offset checked against the bounds.
struct TIFFReader {
    struct Entry {
        var type: Int
        var count: Int
        /// The entry's 4 value bytes' offset (the value, or the offset of the value).
        var valueAt: Int
    }

    struct IFD {
        var entries: [Int: Entry]
        var next: Int
    }

    let bytes: [UInt8]
    let littleEndian: Bool
    let firstIFD: Int

    init?(_ tiff: ArraySlice<UInt8>) {
        self.bytes = Array(tiff)
        guard self.bytes.count >= 8 else { return nil }
        switch (self.bytes[0], self.bytes[1]) {
        case (0x49, 0x49): self.littleEndian = true
        case (0x4D, 0x4D): self.littleEndian = false
        default: return nil
        }
        var first = 0
        guard Self.read32(self.bytes, 4, self.littleEndian, into: &first) else { return nil }
        self.firstIFD = first
    }

    static func read32(_ bytes: [UInt8], _ at: Int, _ little: Bool, into value: inout Int) -> Bool {
        guard at >= 0, at + 4 <= bytes.count else { return false }
        let b = bytes[at..<(at + 4)].map(Int.init)
        value = little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        return true
    }

    func u16(_ at: Int) -> Int? {
        guard at >= 0, at + 2 <= self.bytes.count else { return nil }
        let (a, b) = (Int(self.bytes[at]), Int(self.bytes[at + 1]))
        return self.littleEndian ? a | b << 8 : b | a << 8
    }

    func u32(_ at: Int) -> Int? {
        var value = 0
        return Self.read32(self.bytes, at, self.littleEndian, into: &value) ? value : nil
    }

    func ifd(at offset: Int) -> IFD? {
        guard let count = self.u16(offset), count <= 1000 else { return nil }
        var entries: [Int: Entry] = [:]
        for index in 0..<count {
            let at = offset + 2 + index * 12
            guard let tag = self.u16(at), let type = self.u16(at + 2), let n = self.u32(at + 4) else { return nil }
            entries[tag] = Entry(type: type, count: n, valueAt: at + 8)
        }
        return IFD(entries: entries, next: self.u32(offset + 2 + count * 12) ?? 0)
    }

    /// A SHORT or LONG value.
    func long(_ entry: Entry) -> Int? {
        switch entry.type {
        case 3: self.u16(entry.valueAt)
        case 4: self.u32(entry.valueAt)
        default: nil
        }
    }

    func ascii(_ entry: Entry) -> String? {
        guard entry.type == 2, entry.count > 0, entry.count <= 256 else { return nil }
        let at = entry.count <= 4 ? entry.valueAt : (self.u32(entry.valueAt) ?? -1)
        guard at >= 0, at + entry.count <= self.bytes.count else { return nil }
        let text = self.bytes[at..<(at + entry.count)].prefix { $0 != 0 }
        return String(bytes: text, encoding: .ascii)
    }

    func rationals(_ entry: Entry) -> [Double]? {
        guard entry.type == 5, entry.count > 0, entry.count <= 16, let at = self.u32(entry.valueAt) else { return nil }
        var values: [Double] = []
        for index in 0..<entry.count {
            guard let numerator = self.u32(at + index * 8), let denominator = self.u32(at + index * 8 + 4), denominator != 0 else {
                return nil
            }
            values.append(Double(numerator) / Double(denominator))
        }
        return values
    }
}
