import Domain
import Foundation
import TestSupport
import Testing

@Suite("Evidence files: recognised by content, EXIF read from the head")
struct EvidenceFileTests {
    @Test("types come from the first bytes, never from a name or a declared type")
    func sniffing() {
        #expect(EvidenceFileType.sniff(PhotoFixture.jpeg()) == .jpeg)
        #expect(EvidenceFileType.sniff(PhotoFixture.png) == .png)
        #expect(EvidenceFileType.sniff(Array("%PDF-1.7\n%âãÏÓ\n".utf8)) == .pdf)
        #expect(EvidenceFileType.sniff([0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0]) == .heic)
        #expect(EvidenceFileType.sniff([0, 0, 0, 24] + Array("ftypmp42".utf8)) == nil)  // a video
        #expect(EvidenceFileType.sniff(Array("<html><script>".utf8)) == nil)
        #expect(EvidenceFileType.sniff(Array("GIF89a".utf8)) == nil)
        #expect(EvidenceFileType.sniff([0xFF, 0xD8]) == nil)  // too short to be a JPEG
        #expect(EvidenceFileType.sniff([]) == nil)
    }

    @Test("capture time, GPS position and the embedded thumbnail, in either byte order")
    func exif() throws {
        for little in [true, false] {
            let facts = ExifReader.read(jpeg: PhotoFixture.jpeg(littleEndian: little))
            #expect(facts.capturedAt == "2026:11:30 09:12:05")
            // 41° 48′ 18″ N, 123° 25′ 48″ E (Shenyang)
            let north: Double = 41.0 + 48.0 / 60.0 + 18.0 / 3600.0
            let east: Double = 123.0 + 25.0 / 60.0 + 48.0 / 3600.0
            let latitude: Double = try #require(facts.latitude)
            let longitude: Double = try #require(facts.longitude)
            #expect(abs(latitude - north) < 1e-9)
            #expect(abs(longitude - east) < 1e-9)
            #expect(facts.thumbnail == PhotoFixture.thumbnail)
        }
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let date = try #require(ExifReader.read(jpeg: PhotoFixture.jpeg()).capturedDate(in: shanghai))
        #expect(ISO8601DateFormatter().string(from: date) == "2026-11-30T01:12:05Z")
    }

    @Test("south and west are negative; what a file does not say stays unsaid")
    func hemispheresAndAbsence() {
        let south = PhotoFixture.GPS(latitude: (33, 52, 4.0, "S"), longitude: (70, 40, 12.0, "W"))
        let facts = ExifReader.read(jpeg: PhotoFixture.jpeg(capturedAt: nil, gps: south, thumbnail: nil))
        #expect(facts.capturedAt == nil)
        #expect(facts.thumbnail == nil)
        #expect((facts.latitude ?? 0) < -33.8 && (facts.latitude ?? 0) > -33.9)
        #expect((facts.longitude ?? 0) < -70.6 && (facts.longitude ?? 0) > -70.7)
        let bare = ExifReader.read(jpeg: PhotoFixture.jpeg(capturedAt: nil, gps: nil, thumbnail: nil))
        #expect(bare == ExifFacts())
    }

    @Test("a malformed or truncated EXIF block reads as nothing, never as a crash")
    func malformed() {
        let photo = PhotoFixture.jpeg()
        for cut in stride(from: 0, to: 400, by: 7) {
            _ = ExifReader.read(jpeg: Array(photo.prefix(cut)))
        }
        var corrupted = photo
        for index in stride(from: 12, to: 300, by: 5) {
            corrupted[index] = 0xFF
            _ = ExifReader.read(jpeg: corrupted)
        }
        #expect(ExifReader.read(jpeg: Array("not a jpeg at all".utf8)) == ExifFacts())
        #expect(ExifReader.read(jpeg: [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]) == ExifFacts())
    }
}
