import Foundation

/// An uploaded file of the evidence store: named by the SHA-256 the server computed over
/// its bytes, with what the service read from it.
public struct EvidenceFile: Sendable, Equatable, Codable {
    public var sha256: String
    public var size: Int
    public var contentType: String
    /// When a photo was taken and where (EXIF), if the file says.
    public var capturedAt: Date?
    public var location: Location?
    public var hasThumbnail: Bool
    public var createdAt: Date

    public struct Location: Sendable, Equatable, Codable {
        public var latitude: Double
        public var longitude: Double

        public init(latitude: Double, longitude: Double) {
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sha256, size, location
        case contentType = "content_type"
        case capturedAt = "captured_at"
        case hasThumbnail = "has_thumbnail"
        case createdAt = "created_at"
    }

    public init(
        sha256: String,
        size: Int,
        contentType: String,
        capturedAt: Date?,
        location: Location?,
        hasThumbnail: Bool,
        createdAt: Date
    ) {
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.capturedAt = capturedAt
        self.location = location
        self.hasThumbnail = hasThumbnail
        self.createdAt = createdAt
    }

    // Absent optionals are written as null: the contract lists every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.sha256, forKey: .sha256)
        try container.encode(self.size, forKey: .size)
        try container.encode(self.contentType, forKey: .contentType)
        try container.encode(self.capturedAt, forKey: .capturedAt)
        try container.encode(self.location, forKey: .location)
        try container.encode(self.hasThumbnail, forKey: .hasThumbnail)
        try container.encode(self.createdAt, forKey: .createdAt)
    }

    /// The largest file the store takes.
    public static let maxSize = 20 * 1024 * 1024
    /// The bytes of one stored chunk.
    public static let chunkSize = 256 * 1024
}

/// The kinds of file the store takes, recognised by their first bytes, never by the
/// name or the declared type.
public enum EvidenceFileType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case heic = "image/heic"
    case pdf = "application/pdf"

    /// How many leading bytes `sniff` needs.
    public static let prefixLength = 12

    /// The type of a file starting with `prefix`, or `nil` for any other content.
    public static func sniff(_ prefix: some Collection<UInt8>) -> EvidenceFileType? {
        let bytes = Array(prefix.prefix(self.prefixLength))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        // ISO base media: a box `ftyp` at offset 4 with a HEIF brand.
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return nil
    }
}
