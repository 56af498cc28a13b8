import Foundation
import HTTPTypes
import Hummingbird

/// The methods each path of the contract takes, read from `openapi.yaml` (the one list of
/// operations), so that a known path asked with another method answers 405 with an
/// `Allow` header instead of 404.
struct RouteMethods: Sendable {
    /// Path templates split into segments (`{id}` matches any one segment), with methods.
    let routes: [(segments: [String], methods: [String])]

    init(openAPI text: String) {
        var routes: [(segments: [String], methods: [String])] = []
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                let path = line.dropFirst(2).dropLast().trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                routes.append((path.split(separator: "/").map(String.init), []))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), !routes.isEmpty {
                let verb = String(line.dropFirst(4).dropLast())
                if verbs.contains(verb) { routes[routes.count - 1].methods.append(verb.uppercased()) }
            } else if !line.hasPrefix(" "), !line.isEmpty, !line.hasPrefix("paths:"), !routes.isEmpty {
                break  // the end of `paths:`
            }
        }
        self.routes = routes
    }

    static let contract = RouteMethods(openAPI: String(decoding: OpenAPIDocument.data, as: UTF8.self))

    /// The methods `request`'s path takes when the router's 404 (`error`) only means the
    /// path of the contract was asked with a method it does not take; `nil` otherwise.
    func methodsIfNotAllowed(_ error: any Error, _ request: Request) -> [String]? {
        guard let http = error as? HTTPError, http.status == .notFound else { return nil }
        let allowed = self.allowed(path: request.uri.path)
        return !allowed.isEmpty && !allowed.contains(request.method.rawValue) ? allowed : nil
    }

    /// The methods the path takes (with HEAD wherever GET is), empty for an unknown path.
    func allowed(path: String) -> [String] {
        let asked = path.split(separator: "/").map(String.init)
        var methods: Set<String> = []
        for route in self.routes where route.segments.count == asked.count {
            let matches = zip(route.segments, asked).allSatisfy { template, segment in
                template.hasPrefix("{") && template.hasSuffix("}") || template == segment
            }
            if matches { methods.formUnion(route.methods) }
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}
