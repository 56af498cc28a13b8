import Foundation

/// A draw's published record with its JSON, encoded once.
public struct PublishedDrawRecord: Sendable {
    public var record: DrawRecord
    public var json: Data

    public init(_ record: DrawRecord) throws {
        self.record = record
        self.json = try JSONCoding.encoder.encode(record)
    }
}
