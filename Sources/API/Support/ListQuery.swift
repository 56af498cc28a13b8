import Domain
import Foundation
import Hummingbird

/// `limit` and `cursor` of list routes, validated (422 naming the parameter).
struct ListQuery {
    static let defaultLimit = 50
    static let maxLimit = 500

    var limit: Int
    var after: UUID?

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        self.limit = Self.defaultLimit
        if let text = query.get("limit") {
            if let value = Int(text), (1...Self.maxLimit).contains(value) {
                self.limit = value
            } else {
                errors.append(FieldError("limit", "must be an integer from 1 to \(Self.maxLimit)"))
            }
        }
        self.after = nil
        if let cursor = query.get("cursor") {
            if let id = Self.decodeCursor(cursor) {
                self.after = id
            } else {
                errors.append(FieldError("cursor", "is not a cursor this service issued"))
            }
        }
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }

    /// Cursors are opaque to clients: base64url of the last id of the previous page.
    static func encodeCursor(_ id: UUID?) -> String? {
        guard let id else { return nil }
        return Base64URL.encode(withUnsafeBytes(of: id.uuid) { Data($0) })
    }

    static func decodeCursor(_ text: String) -> UUID? {
        guard text.count <= 32, let data = Base64URL.decode(text), data.count == 16 else { return nil }
        return data.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }
}

extension Request {
    /// A path parameter that must be a UUID; anything else cannot name a resource (404).
    func uuidParameter(_ name: String, context: some RequestContext, what: Message) throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem.notFound(what)
        }
        return id
    }
}

/// A list's filters from the query string: each bad parameter becomes a field error, and
/// `check()` throws them all at once as one 422, together with any parameter the route
/// never asked for (a misspelt filter would otherwise return the whole list).
struct QueryFilters {
    let request: Request
    var errors: [FieldError] = []
    /// The parameters the route read, and those every list takes.
    var known: Set<String> = ["limit", "cursor", "lang", "page"]

    init(_ request: Request) { self.request = request }

    mutating func text(_ name: String) -> String? {
        self.known.insert(name)
        return self.request.uri.queryParameters.get(name)
    }

    /// `name` as one of an enum's cases ("must be one of …" otherwise).
    mutating func value<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let text = self.text(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            self.errors.append(FieldError(name, "must be one of \(verbatim: Value.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return value
    }

    mutating func uuid(_ name: String) -> UUID? {
        guard let text = self.text(name) else { return nil }
        guard let id = UUID(uuidString: text) else {
            self.errors.append(FieldError(name, "must be a UUID"))
            return nil
        }
        return id
    }

    /// A whole number within `range`.
    mutating func int(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = self.text(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            self.errors.append(FieldError(name, "must be a whole number within \(range.lowerBound)…\(range.upperBound)"))
            return nil
        }
        return value
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let text = self.text(name) else { return nil }
        guard let value = Bool(text) else {
            self.errors.append(FieldError(name, "must be true or false"))
            return nil
        }
        return value
    }

    func check() throws {
        var errors = self.errors
        let names = Set(self.request.uri.queryParameters.map { String($0.key) })
        for name in names.subtracting(self.known).sorted() { errors.append(FieldError(name, "is not a parameter of this list")) }
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }
}
