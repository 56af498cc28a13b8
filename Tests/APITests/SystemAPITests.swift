import API
import Foundation
import HTTPTypes
import Hummingbird
import Postgres
import Storage
import TestSupport
import Testing
import UseCases

@Suite("Health, readiness, OpenAPI")
struct SystemAPITests {
    @Test("the OpenAPI document lists every route of the router, and nothing else")
    func openAPICoversRouter() async throws {
        let client = LibpqPool(connectionString: "host=127.0.0.1 port=1", maxConnections: 1)
        let router = buildRouter(APIDependencies(useCases: UseCaseDependencies(database: Database(client: client))))
        let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(Self.openAPIPath($0.path.description))" })
        let document = try String(contentsOfFile: "Sources/API/Resources/openapi.yaml", encoding: .utf8)
        let documented = Self.operations(in: document)
        #expect(routes.subtracting(documented).sorted() == [])
        #expect(documented.subtracting(routes).sorted() == [])
        #expect(document.hasPrefix("openapi: 3.1"))
        try await client.shutdown()
    }

    @Test("a known path with a method it does not take is 405 with Allow; an unknown path is 404")
    func methodNotAllowed() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (_, token) = try await db.makeTenant()
                let id = UUID().lowercasedString
                let delete = try await client.call(.delete, "/v1/institutions/\(id)", token: token)
                #expect(delete.status == .methodNotAllowed)
                #expect(delete.headers[.allow] == "GET, HEAD, PATCH")
                #expect(delete.headers[.contentType] == "application/problem+json")
                let put = try await client.call(.put, "/v1/files", token: token)
                #expect(put.status == .methodNotAllowed)
                #expect(put.headers[.allow] == "POST")
                #expect(try await client.call(.delete, "/v1/no-such-thing/\(id)", token: token).status == .notFound)
                #expect(try await client.call(.get, "/v1/institutions/\(id)", token: token).status == .notFound)
            }
        }
    }

    @Test("health is live; ready checks the database and migrations")
    func health() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db, migrator: try Migrator(directory: "sql")) { client in
                #expect(try await client.call(.get, "/health", token: nil).status == .ok)
                let ready = try await client.call(.get, "/ready", token: nil)
                #expect(ready.status == .ok)
                let yaml = try await client.call(.get, "/openapi.yaml", token: nil)
                #expect(yaml.text.contains("/v1/institutions/{id}"))
                #expect(try await client.call(.get, "/nowhere", token: nil).status == .notFound)
            }
            let pending = Migrator(migrations: [Migrator.Migration(version: "9999", name: "future", sql: "SELECT 1")])
            try await withLiveApp(db, migrator: pending) { client in
                let status = try await client.call(.get, "/ready", token: nil).status
                #expect(status == .serviceUnavailable)
            }
        }
    }

    /// `/v1/institutions/:id` → `/v1/institutions/{id}`.
    static func openAPIPath(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// `method path` pairs from the document's `paths:` section.
    static func operations(in yaml: String) -> Set<String> {
        var result: Set<String> = []
        var currentPath: String? = nil
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            if inPaths, !line.isEmpty, !line.hasPrefix(" ") { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let path = currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete", "head", "options"].contains(String(method)) {
                    result.insert("\(method) \(path)")
                }
            }
        }
        return result
    }
}
