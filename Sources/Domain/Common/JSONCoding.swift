import Foundation

/// The JSON settings shared by storage and the API: RFC 3339 dates, lowercase UUIDs.
public enum JSONCoding {
    public static let encoder = CompactJSONEncoder()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RFC3339Text.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not RFC 3339"))
            }
            return date
        }
        return decoder
    }()
}
