import Foundation
import HTTPTypes
import Yams

/// Every JSON response the API tests receive, checked against the response schema of its
/// operation and status in `openapi.yaml`, both ways: a key the document does not name is
/// a problem, and so is a key the document requires that the response lacks. So a field
/// added to a response type, or required by the document, on one side only fails the
/// tests that see it (`JSONClient.call` records the problems).
enum ResponseContract {
    typealias Schema = [String: Any]

    nonisolated(unsafe) static let document: Schema = {  // read-only after the first use
        let text = (try? String(contentsOfFile: "Sources/API/Resources/openapi.yaml", encoding: .utf8)) ?? ""
        return ((try? Yams.load(yaml: text)) as? Schema) ?? [:]
    }()

    /// The problems of one response; none when the operation or status is not documented
    /// with a JSON schema (SystemAPITests and schemathesis cover those).
    static func problems(method: HTTPRequest.Method, uri: String, status: Int, text: String) -> [String] {
        guard let schema = self.schema(method: method.rawValue.lowercased(), path: String(uri.prefix { $0 != "?" }), status: status),
            let data = text.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        var problems: [String] = []
        self.check(value, against: schema, at: "\(method.rawValue) \(uri) \(status): body", into: &problems)
        return problems
    }

    static func schema(method: String, path: String, status: Int) -> Schema? {
        let segments = path.split(separator: "/").map(String.init)
        for (template, item) in self.document["paths"] as? Schema ?? [:] {
            let parts = template.split(separator: "/").map(String.init)
            guard parts.count == segments.count,
                zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }),
                let operation = (item as? Schema)?[method] as? Schema,
                let responses = operation["responses"] as? Schema,
                var response = responses[String(status)] as? Schema
            else { continue }
            if let ref = response["$ref"] as? String {
                response =
                    (self.document["components"] as? Schema)?["responses"].flatMap {
                        ($0 as? Schema)?[String(ref.split(separator: "/").last ?? "")] as? Schema
                    } ?? [:]
            }
            let content = response["content"] as? Schema ?? [:]
            let json = (content["application/json"] ?? content["application/problem+json"]) as? Schema
            return (json?["schema"] as? Schema).map(self.resolve)
        }
        return nil
    }

    static func resolve(_ schema: Schema) -> Schema {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            return self.resolve(((self.document["components"] as? Schema)?["schemas"] as? Schema)?[name] as? Schema ?? [:])
        }
        guard let parts = schema["allOf"] as? [Schema] else { return schema }
        var merged: Schema = [:]
        var properties: Schema = [:]
        var required: [String] = []
        for part in parts.map(self.resolve) {
            merged.merge(part) { first, _ in first }
            properties.merge(part["properties"] as? Schema ?? [:]) { first, _ in first }
            required += part["required"] as? [String] ?? []
        }
        merged["properties"] = properties
        merged["required"] = required
        merged.removeValue(forKey: "allOf")
        return merged
    }

    static func check(_ value: Any, against schema: Schema, at path: String, into problems: inout [String]) {
        let schema = self.resolve(schema)
        if let choices = (schema["oneOf"] ?? schema["anyOf"]) as? [Schema] {
            // One of the choices must fit without problems.
            let fits = choices.contains { choice in
                var trial: [String] = []
                self.check(value, against: choice, at: path, into: &trial)
                return trial.isEmpty
            }
            if !fits { problems.append("\(path) fits none of the document's choices") }
            return
        }
        if value is NSNull {
            let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
            if !types.isEmpty, !types.contains("null") {
                problems.append("\(path) is null where the document says \(types.joined(separator: " or "))")
            }
            return
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? Schema ?? [:]
            for key in (schema["required"] as? [String] ?? []) where object[key] == nil {
                problems.append("\(path).\(key) is required by the document but missing")
            }
            if let additional = schema["additionalProperties"] as? Schema {
                for (key, child) in object where properties[key] == nil {
                    self.check(child, against: additional, at: "\(path).\(key)", into: &problems)
                }
            } else if !properties.isEmpty, schema["additionalProperties"] as? Bool != true {
                for key in object.keys.sorted() where properties[key] == nil {
                    problems.append("\(path).\(key) is not in the document")
                }
            }
            for (key, child) in object {
                if let property = properties[key] as? Schema { self.check(child, against: property, at: "\(path).\(key)", into: &problems) }
            }
        } else if let array = value as? [Any], let items = schema["items"] as? Schema {
            for (index, element) in array.prefix(5).enumerated() {
                self.check(element, against: items, at: "\(path)[\(index)]", into: &problems)
            }
        }
    }
}
