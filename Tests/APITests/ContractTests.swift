import Domain
import Foundation
import Testing
import Yams

@testable import API

/// `openapi.yaml` against the Swift types that decode each request body
/// (`APIContract.requestBodies`), both ways: an operation without a type or a type
/// without an operation, a property on one side only, a property required on one side
/// only, an enum value the type refuses, or a nested object whose keys differ, fails.
@Suite("One contract: openapi.yaml and the request types agree")
struct ContractTests {
    typealias Schema = [String: Any]

    let document: Schema

    init() throws {
        let text = try String(contentsOfFile: "Sources/API/Resources/openapi.yaml", encoding: .utf8)
        self.document = try #require(try Yams.load(yaml: text) as? Schema)
    }

    /// Every operation with a JSON body, by `"method path"`.
    func operations() -> [String: Schema] {
        var found: [String: Schema] = [:]
        for (path, item) in self.document["paths"] as? Schema ?? [:] {
            for (method, operation) in item as? Schema ?? [:] {
                guard let operation = operation as? Schema, let body = operation["requestBody"] as? Schema,
                    let json = (body["content"] as? Schema)?["application/json"] as? Schema, let schema = json["schema"] as? Schema
                else { continue }
                found["\(method) \(path)"] = self.resolve(schema)
            }
        }
        return found
    }

    /// The schema with `$ref` followed and `allOf` merged (shared with `ResponseContract`).
    func resolve(_ schema: Schema) -> Schema { ResponseContract.resolve(schema) }

    func properties(_ schema: Schema) -> Schema { schema["properties"] as? Schema ?? [:] }

    /// A value the schema accepts: its first enum value, or one of its type and format.
    func sample(_ schema: Schema) -> Any {
        let schema = self.resolve(schema)
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        let types = (schema["type"] as? [String]) ?? [(schema["type"] as? String) ?? "object"]
        switch types.first(where: { $0 != "null" }) ?? "object" {
        case "string":
            switch schema["format"] as? String {
            case "uuid": return "0193a3f0-0000-7000-8000-000000000001"
            case "date": return "2026-12-01"
            case "date-time": return "2026-12-01T00:00:00Z"
            default: return "x"
            }
        case "integer": return 1
        case "number": return 0.5
        case "boolean": return true
        case "array": return [Any]()
        default:
            // A nested object: every property it declares, so that it decodes.
            return self.properties(schema).mapValues { self.sample($0 as? Schema ?? [:]) }
        }
    }

    /// Whether `type` decodes this object; the failure, if not.
    func decodes(_ type: any StrictBody.Type, _ object: Schema) -> (any Error)? {
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            _ = try JSONCoding.decoder.decode(type, from: data)
            return nil
        } catch {
            return error
        }
    }

    /// The keys `type` cannot decode without, probed from a complete sample, and those
    /// it requires by name (`requiredKeys`, checked before decoding).
    func requiredKeys(_ type: any StrictBody.Type, _ sample: Schema) -> Set<String> {
        type.requiredKeys.union(
            sample.keys.filter { key in
                var without = sample
                without.removeValue(forKey: key)
                guard let error = self.decodes(type, without) else { return false }
                if case DecodingError.keyNotFound(let missing, let context) = error {
                    return context.codingPath.isEmpty && missing.stringValue == key
                }
                return false
            }
        )
    }

    @Test("every operation with a JSON body has a Swift type, and every type an operation")
    func coverage() {
        let documented = Set(self.operations().keys)
        let typed = Set(APIContract.requestBodies.keys)
        #expect(documented.subtracting(typed).sorted() == [], "operations with no Swift request type")
        #expect(typed.subtracting(documented).sorted() == [], "Swift request types with no operation")
    }

    @Test("property names, required lists, enum values and nested keys agree, both ways")
    func requestBodies() {
        for (operation, schema) in self.operations().sorted(by: { $0.key < $1.key }) {
            guard let type = APIContract.requestBodies[operation] else { continue }
            let properties = self.properties(schema)
            #expect(Set(properties.keys) == type.allowedKeys, "\(operation): properties of the document vs the type's CodingKeys")
            let sample = properties.mapValues { self.sample($0 as? Schema ?? [:]) }
            if let error = self.decodes(type, sample) {
                Issue.record("\(operation): the type refuses a body the document allows: \(error)")
                continue
            }
            let required = Set(schema["required"] as? [String] ?? [])
            #expect(self.requiredKeys(type, sample) == required, "\(operation): required by the type vs by the document")
            for (key, property) in properties {
                let property = self.resolve(property as? Schema ?? [:])
                if let values = property["enum"] as? [Any] {
                    for value in values {
                        var body = sample
                        body[key] = value
                        #expect(self.decodes(type, body) == nil, "\(operation): \(key) = \(value) is in the document's enum")
                    }
                    var bogus = sample
                    bogus[key] = "not-a-value-of-the-enum"
                    #expect(self.decodes(type, bogus) != nil, "\(operation): \(key) takes values outside the document's enum")
                }
                // Nested objects the type checks key by key: the same keys in the document.
                if let nested = type.nestedKeys[key], !self.properties(property).isEmpty {
                    #expect(Set(self.properties(property).keys) == nested, "\(operation): keys of \(key)")
                }
                if let nested = type.nestedKeys[key + "[]"], let items = property["items"] as? Schema,
                    !self.properties(self.resolve(items)).isEmpty
                {
                    #expect(Set(self.properties(self.resolve(items)).keys) == nested, "\(operation): keys of \(key)[]")
                }
            }
        }
    }

    @Test("every field a request names (body property at any depth, query or path parameter) has a Chinese label")
    func fieldLabels() {
        var names = Set<String>()
        func walk(_ value: Any) {
            if let schema = value as? Schema {
                for (key, child) in schema {
                    if key == "properties", let properties = child as? Schema { names.formUnion(properties.keys) }
                    walk(child)
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        for (_, item) in self.document["paths"] as? Schema ?? [:] {
            for (_, operation) in item as? Schema ?? [:] {
                guard let operation = operation as? Schema else { continue }
                walk(operation["requestBody"] ?? [:])
                for parameter in operation["parameters"] as? [Schema] ?? [] { (parameter["name"] as? String).map { _ = names.insert($0) } }
            }
        }
        walk((self.document["components"] as? Schema)?["schemas"] ?? [:])
        #expect(names.count > 100)
        let missing = names.filter { MessageCatalogue.fieldLabels[$0] == nil }.sorted()
        #expect(missing.isEmpty, "no Chinese label for: \(missing)")
    }

    @Test("the document's event types are the service's, and nested objects of bodies are described")
    func eventTypesAndNestedSchemas() {
        let schemas = (self.document["components"] as? Schema)?["schemas"] as? Schema ?? [:]
        let documented = Set((schemas["EventType"] as? Schema)?["enum"] as? [String] ?? [])
        #expect(documented == EventType.all)
        // Every nested object a body type checks key by key has its keys in the document.
        for (operation, schema) in self.operations() {
            guard let type = APIContract.requestBodies[operation] else { continue }
            for (pattern, _) in type.nestedKeys where !pattern.contains(".") {
                let key = pattern.hasSuffix("[]") ? String(pattern.dropLast(2)) : pattern
                var property = self.resolve(self.properties(schema)[key] as? Schema ?? [:])
                if pattern.hasSuffix("[]") { property = self.resolve(property["items"] as? Schema ?? [:]) }
                #expect(!self.properties(property).isEmpty, "\(operation): \(pattern) has no properties in the document")
            }
        }
    }
}
