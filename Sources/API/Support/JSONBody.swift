import Domain
import Foundation
import Hummingbird
import NIOCore

/// A request body type whose JSON keys are known, so that unknown fields can be refused.
public protocol StrictBody: Decodable, Sendable {
    static var allowedKeys: Set<String> { get }
    /// The keys of the objects nested in the body, by the path of their field: an
    /// object field by its name (`target_scope`), the elements of an array field with
    /// `[]` (`results[]`, `results[].attachments[]`). Objects not named here are not
    /// checked, so every nested object type of a body must be listed.
    static var nestedKeys: [String: Set<String>] { get }
    /// Keys the body must have beyond those its type cannot decode without (optional
    /// fields that one operation requires): every missing one is named at once.
    static var requiredKeys: Set<String> { get }
}

extension StrictBody {
    public static var requiredKeys: Set<String> { [] }

    /// The keys of a body, always from its `CodingKeys` (written once, never as a list).
    static func keys<Keys: CodingKey & CaseIterable>(_: Keys.Type) -> Set<String> { Set(Keys.allCases.map(\.stringValue)) }

    public static var nestedKeys: [String: Set<String>] { [:] }
}

extension StrictBody where Self: Decodable {
    /// Reads the body (413 past the context's limit), refuses unknown fields and wrong
    /// types with 422 naming each field.
    static func decode(from request: Request, context: some RequestContext) async throws -> (Self, Data) {
        let data = try await readBody(request, limit: context.maxUploadSize)
        return (try self.decode(data), data)
    }

    static func decode(_ data: Data) throws -> Self {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.invalid([FieldError("body", "is not valid JSON")], detail: "The body must be a JSON object.")
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problem.invalid([FieldError("body", "must be a JSON object")], detail: "The body must be a JSON object.")
        }
        // Control characters and repeated keys were refused by AuthMiddleware, in front of
        // every route that decodes a body, before any record was looked up.
        var unknown = Set(dictionary.keys).subtracting(self.allowedKeys).sorted()
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            unknown += self.unknownKeys(in: value, path: key, pattern: key)
        }
        if !unknown.isEmpty {
            throw Problem.invalid(unknown.map { FieldError($0, "is not a known field") }, detail: "Unknown fields are not accepted.")
        }
        let nulls = dictionary.filter { $0.value is NSNull }.map(\.key).sorted()
        if !nulls.isEmpty {
            throw Problem.invalid(nulls.map { FieldError($0, "must not be null; omit it instead") })
        }
        let missing = self.requiredKeys.subtracting(dictionary.keys).sorted()
        if !missing.isEmpty { throw Problem.invalid(missing.map { FieldError($0, "is required") }) }
        do {
            return try JSONCoding.decoder.decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw Problem.invalid(Self.missingTopLevelKeys(after: error, in: dictionary) ?? [Self.fieldError(error)])
        }
    }

    /// Every missing top-level field at once, not one per request: while the decoder
    /// reports a missing key, the key is filled with a stand-in of some JSON type and the
    /// body decoded again. `nil` when the first error is not a missing top-level key.
    static func missingTopLevelKeys(after error: DecodingError, in dictionary: [String: Any]) -> [FieldError]? {
        guard case .keyNotFound(let first, let context) = error, context.codingPath.isEmpty else { return nil }
        let standIns: [Any] = ["", 0, false, [Any](), [String: Any](), "00000000-0000-0000-0000-000000000000", "2026-01-01"]
        var body = dictionary
        var missing = [first.stringValue]
        var next: String? = first.stringValue
        while let key = next, missing.count <= 50 {
            next = nil
            for standIn in standIns {
                body[key] = standIn
                guard let data = try? JSONSerialization.data(withJSONObject: body) else { break }
                do {
                    _ = try JSONCoding.decoder.decode(Self.self, from: data)
                    break
                } catch DecodingError.keyNotFound(let other, let context) where context.codingPath.isEmpty {
                    if other.stringValue != key, !missing.contains(other.stringValue) {
                        missing.append(other.stringValue)
                        next = other.stringValue
                    }
                    break
                } catch let DecodingError.typeMismatch(_, context) where context.codingPath.first?.stringValue == key {
                    continue  // another stand-in for this key
                } catch let DecodingError.dataCorrupted(context) where context.codingPath.first?.stringValue == key {
                    continue
                } catch {
                    break  // the stand-in fits; what fails now is not a missing key
                }
            }
        }
        return missing.sorted().map { FieldError($0, "is required") }
    }

    /// The paths of unknown keys inside `value`, found at `path` (`results[2]`) whose
    /// shape is `pattern` (`results[]`).
    static func unknownKeys(in value: Any, path: String, pattern: String) -> [String] {
        if let array = value as? [Any] {
            return array.enumerated().flatMap { index, element in
                self.unknownKeys(in: element, path: "\(path)[\(index)]", pattern: pattern + "[]")
            }
        }
        guard let object = value as? [String: Any], let allowed = self.nestedKeys[pattern] else { return [] }
        var unknown = Set(object.keys).subtracting(allowed).sorted().map { "\(path).\($0)" }
        for (key, child) in object.sorted(by: { $0.key < $1.key }) {
            unknown += self.unknownKeys(in: child, path: "\(path).\(key)", pattern: "\(pattern).\(key)")
        }
        return unknown
    }

    static func fieldError(_ error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context): return FieldError(path(context.codingPath), "must be \(Self.describe(type))")
        case .valueNotFound(_, let context): return FieldError(path(context.codingPath), "is required")
        case .keyNotFound(let key, let context): return FieldError(path(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return FieldError(field.isEmpty ? "body" : field, "has an invalid value")
        @unknown default: return FieldError("body", "is invalid")
        }
    }

    static func describe(_ type: Any.Type) -> Message {
        switch type {
        case is Int.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "of another type"
        }
    }
}

/// A body the client may leave out: an empty body means every field absent.
protocol OptionalStrictBody: StrictBody {
    init()
}

extension OptionalStrictBody {
    static func decodeOptional(from request: Request, context: some RequestContext) async throws -> Self {
        let data = try await readBody(request, limit: context.maxUploadSize)
        return data.isEmpty ? Self() : try self.decode(data)
    }
}

extension InstitutionFields: StrictBody {
    public static var allowedKeys: Set<String> { keys(CodingKeys.self) }
}

/// A new institution: the register's fields without a version, five of them required.
struct InstitutionCreateBody: StrictBody {
    var fields: InstitutionFields

    init(from decoder: any Decoder) throws { self.fields = try InstitutionFields(from: decoder) }

    static var allowedKeys: Set<String> { InstitutionFields.allowedKeys.subtracting(["version"]) }
    static var requiredKeys: Set<String> { ["name", "credit_code", "operator_type", "district", "status"] }
}

/// The raw body, or 413 past `limit`.
func readBody(_ request: Request, limit: Int) async throws -> Data {
    do {
        return Data(buffer: try await request.body.collect(upTo: limit))
    } catch is NIOTooManyBytesError {
        throw HTTPError(.contentTooLarge)
    }
}

/// A fingerprint of a JSON body that ignores key order and whitespace.
func canonicalJSON(_ data: Data) -> Data {
    guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
        let canonical = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
    else { return data }
    return canonical
}

/// JSON responses encoded with the service's settings.
enum JSONResponse {
    static func make(
        _ value: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> Response {
        try self.make(data: JSONCoding.encoder.encode(value), status: status, headers: headers)
    }

    static func make(data: Data, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `{"items": [...], "next_cursor": ...}`.
struct ListPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.items, forKey: .items)
        try container.encode(self.nextCursor, forKey: .nextCursor)
    }
}

extension ItemResult {
    /// The nested keys of a body whose `results` are item results.
    static var resultKeys: [String: Set<String>] {
        ["results[]": ItemResult.jsonKeys, "results[].attachments[]": Attachment.jsonKeys, "results[].finding": Finding.jsonKeys]
    }
}
