import Foundation

/// A JPEG as a phone writes it, as far as the evidence store reads one: SOI, an APP1
/// EXIF block (capture time, GPS position, an embedded thumbnail), then `padding`
/// bytes standing for the image data, and EOI. Built byte by byte so a test knows
/// every value it should read back.
public enum PhotoFixture {
    public struct GPS: Sendable {
        public var latitude: (degrees: Int, minutes: Int, seconds: Double, ref: String)
        public var longitude: (degrees: Int, minutes: Int, seconds: Double, ref: String)

        public init(
            latitude: (degrees: Int, minutes: Int, seconds: Double, ref: String),
            longitude: (degrees: Int, minutes: Int, seconds: Double, ref: String)
        ) {
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A tiny JPEG for the thumbnail (its bytes are only stored and served back).
    public static let thumbnail: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02, 0xFF, 0xD9]

    /// A real 120×90 JPEG (drawn once by Chromium's canvas), for thumbnails a browser
    /// shows: a green door with a red bar in it.
    public static let drawnThumbnail: [UInt8] = Array(
        Data(
            base64Encoded:
                "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCABaAHgDASIAAhEBAxEB/8QAGwAAAwEBAQEBAAAAAAAAAAAAAAECBQYEBwP/xAAsEAACAAQEBQMEAwAAAAAAAAAAAQIDBBEFNYKyBhJBVNExoqMVFjZhJURT/8QAGgEBAAMBAQEAAAAAAAAAAAAAAQIDBAAFBv/EACgRAAIBAgQFBAMAAAAAAAAAAAABAgMRBBIxMgUTUWGxFCE0gSJBcf/aAAwDAQACEQMRAD8A1UikhJFJG0xjSKSEkUkAjSKQJFJAIJFJAkUkAgkUkCRSQCCRSQJFJAI0hpAkUkAgkBSQAcYiRSQkiki4qGkUkCRSQCROmy5EpzZsXLBD6u1zzLF6D/f2ReAxnKp2ncjnKOln1tTBTUsHPNjvyw3SvZX9X+kZa1aUJWRCUmnZHSrGMP7j2ReBrGcP7j2ReDL+1cb7L5YPIfauN9l8sHkr59TodefQ1ljOHdx7IvA1jWG9z7IvBkfauN9l8sHkzayln0VTHTVUHJNgtzQ3TtdX9V+mDxFRao5zmtUdvTzpVTJhnSYuaXFezs11t1P2SM7h/JqfVuZppGmLvFMuj7q4JFpCSKSERpANIAExEikhJFpFxSCKSBIpIBPDjWUztO5Gbwj+S0mvZEaeNL+Jn6dyOTMOJdqiZXJ2kmfZAPjYEOd2LfU9j7IfNOLvyWr0bITGAjOpmVrFdSrnVrHacP5LT6tzNNIzuHslp9W5mmkbYbUXR0Q0ikhJFJCSGkA0gATESKSBIpIuKQSKSBIpIBPBjeUT9O5HJHXY5lE/TuRyJhxO8pqag3YXN+gi6EmU+gwGAw9XDxnON27/ALfV9y07gKHqMTx8fShSxEoQVkreEdvw7klPq3M1EjM4cySn1bmaiR6MNqOhtQ0ikhJFJEiY0gGkACYiRSQJFJFxSCRSQJFJAJn47k8/TuRyB2OO5NP07kccYMTvKKuoouhJUXQkzM+s4V8SH35ZUPUYoeoxR8/xX5c/rwjueHMjp9W5mqkZfDeR02rczVSPQhtRCG1DSKSEkUkSJjSAaQAcYiRSQkUi4pGkUkJFIBInyJVTJikzoeaXFa6u11v0PKsCw3tvfF5PeikQcYvVHZU9TP8AoOGP1pfki8jXD+Fdr8kXk0kUiPLh0L4VqkFljJpf0zVw/hS/q/JF5KXD+Fdr8kXk0kUjskehCX5vNL3Z+dLTSqWRDIkQckuG9ldu13fqfukJFITkNIpISKQCNIBoAE//2Q=="
        ) ?? Data()
    )

    public static func jpeg(
        capturedAt: String? = "2026:11:30 09:12:05",
        gps: GPS? = GPS(latitude: (41, 48, 18.0, "N"), longitude: (123, 25, 48.0, "E")),
        thumbnail: [UInt8]? = PhotoFixture.thumbnail,
        littleEndian: Bool = true,
        padding: Int = 4096,
        seed: UInt8 = 7
    ) -> [UInt8] {
        let tiff = self.tiff(capturedAt: capturedAt, gps: gps, thumbnail: thumbnail, little: littleEndian)
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1]
        bytes += [UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)]
        bytes += app1
        // Start of scan, then "image data" (no 0xFF, so no marker appears in it).
        bytes += [0xFF, 0xDA, 0x00, 0x02]
        var value = seed
        bytes += (0..<padding).map { _ in
            value = value &* 31 &+ 17
            return value == 0xFF ? 0xFE : value
        }
        return bytes + [0xFF, 0xD9]
    }

    /// A PNG signature and a header chunk: enough to be recognised as one.
    public static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]

    static func tiff(capturedAt: String?, gps: GPS?, thumbnail: [UInt8]?, little: Bool) -> [UInt8] {
        var writer = TIFFWriter(little: little)
        // Layout: header (8), IFD0, Exif IFD, GPS IFD, IFD1, then the values' area.
        struct Entry {
            var tag: Int
            var type: Int
            var count: Int
            var value: [UInt8]  // inline (≤ 4 bytes) or placed in the values' area
        }
        func ascii(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }
        func rationals(_ values: [(Int, Int)]) -> [UInt8] { values.flatMap { writer.u32($0.0) + writer.u32($0.1) } }
        var ifd0: [Entry] = []
        var exif: [Entry] = []
        var gpsEntries: [Entry] = []
        var ifd1: [Entry] = []
        if let capturedAt { exif.append(Entry(tag: 0x9003, type: 2, count: capturedAt.utf8.count + 1, value: ascii(capturedAt))) }
        if let gps {
            func dms(_ part: (degrees: Int, minutes: Int, seconds: Double, ref: String)) -> [UInt8] {
                rationals([(part.degrees, 1), (part.minutes, 1), (Int(part.seconds * 100), 100)])
            }
            gpsEntries = [
                Entry(tag: 1, type: 2, count: 2, value: ascii(gps.latitude.ref)),
                Entry(tag: 2, type: 5, count: 3, value: dms(gps.latitude)),
                Entry(tag: 3, type: 2, count: 2, value: ascii(gps.longitude.ref)),
                Entry(tag: 4, type: 5, count: 3, value: dms(gps.longitude)),
            ]
        }
        let ifdSize = { (entries: [Entry]) in 2 + entries.count * 12 + 4 }
        // Pointers in IFD0 to the Exif and GPS IFDs; placeholders, filled below.
        ifd0.append(Entry(tag: 0x010F, type: 2, count: 8, value: ascii("Oversig")))
        ifd0.append(Entry(tag: 0x8769, type: 4, count: 1, value: writer.u32(0)))
        if gps != nil { ifd0.append(Entry(tag: 0x8825, type: 4, count: 1, value: writer.u32(0))) }
        if let thumbnail {
            ifd1 = [
                Entry(tag: 0x0201, type: 4, count: 1, value: writer.u32(0)),
                Entry(tag: 0x0202, type: 4, count: 1, value: writer.u32(thumbnail.count)),
            ]
        }
        let ifd0At = 8
        let exifAt = ifd0At + ifdSize(ifd0)
        let gpsAt = exifAt + ifdSize(exif)
        let ifd1At = gpsAt + (gps == nil ? 0 : ifdSize(gpsEntries))
        var valuesAt = ifd1At + (thumbnail == nil ? 0 : ifdSize(ifd1))
        ifd0[1].value = writer.u32(exifAt)
        if gps != nil { ifd0[2].value = writer.u32(gpsAt) }
        var values: [UInt8] = []
        func place(_ entries: inout [Entry]) {
            for index in entries.indices where entries[index].value.count > 4 {
                let bytes = entries[index].value
                entries[index].value = writer.u32(valuesAt + values.count)
                values += bytes
            }
        }
        place(&ifd0)
        place(&exif)
        place(&gpsEntries)
        if thumbnail != nil {
            ifd1[0].value = writer.u32(valuesAt + values.count + 0)
        }
        func ifd(_ entries: [Entry], next: Int) -> [UInt8] {
            var bytes = writer.u16(entries.count)
            for entry in entries {
                var value = entry.value
                while value.count < 4 { value.append(0) }
                bytes += writer.u16(entry.tag) + writer.u16(entry.type) + writer.u32(entry.count) + value
            }
            return bytes + writer.u32(next)
        }
        _ = valuesAt
        var out = (little ? Array("II".utf8) : Array("MM".utf8)) + writer.u16(42) + writer.u32(ifd0At)
        out += ifd(ifd0, next: thumbnail == nil ? 0 : ifd1At)
        out += ifd(exif, next: 0)
        if gps != nil { out += ifd(gpsEntries, next: 0) }
        if let thumbnail {
            // The thumbnail goes after the other values: its offset is known once they are.
            ifd1[0].value = writer.u32(out.count + ifdSize(ifd1) + values.count)
            out += ifd(ifd1, next: 0)
            out += values
            out += thumbnail
        } else {
            out += values
        }
        valuesAt = 0
        return out
    }

    struct TIFFWriter {
        var little: Bool
        func u16(_ value: Int) -> [UInt8] {
            let bytes = [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
            return self.little ? bytes : bytes.reversed()
        }
        func u32(_ value: Int) -> [UInt8] {
            let bytes = (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) }
            return self.little ? bytes : bytes.reversed()
        }
    }
}
