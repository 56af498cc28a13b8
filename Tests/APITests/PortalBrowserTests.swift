import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing
import Workers

/// The public portal in a real browser: headless Chromium (Debian's `chromium`, which
/// `scripts/test` installs) loads the pages of a live service with a real draw.
@Suite("Public portal in headless Chromium")
struct PortalBrowserTests {
    static var chromium: String { ProcessInfo.processInfo.environment["OVERSIGHT_TEST_CHROMIUM"] ?? "/usr/bin/chromium" }

    /// Where screenshots go: `.build/screenshots/` (kept for a person to look at, out of git).
    static func screenshotPath(_ name: String) -> String {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/screenshots")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(name).png").path
    }

    /// Loads `url` in headless Chromium, letting scripts run, and returns the DOM.
    static func dom(_ url: String, screenshot: String? = nil) async throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.chromium),
            "no Chromium at \(Self.chromium): run the tests through scripts/test, which installs it"
        )
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=15000",
            "--window-size=1280,1600",
        ]
        if let screenshot { arguments.append("--screenshot=\(screenshot)") } else { arguments.append("--dump-dom") }
        arguments.append(url)
        let process = try WorkerProcess(databaseURL: "", arguments: arguments, executable: Self.chromium)
        _ = try await process.wait(timeout: .seconds(90))
        return process.logText
    }

    @Test("the draw page verifies a real draw in the browser; the verify page fails a tampered record; pages render escaped")
    func portal() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 3)
                _ = try await client.call(
                    .post,
                    "/v1/institutions",
                    token: scene.regulator,
                    json: Fixtures.institutionJSON(name: "<script>alert(1)</script>养老院")
                )
                let created = try await client.call(.post, "/v1/draws", token: scene.regulator, json: ["name": "第四季度抽查", "sample": 2])
                let id = try #require(created.json["id"] as? String)
                _ = try await client.call(.post, "/v1/draws/\(id)/commit", token: scene.regulator)
                _ = try await client.call(.post, "/v1/draws/\(id)/execute", token: scene.regulator, json: ["public_entropy": "福彩3D 第2026318期"])
                #expect(
                    try await runWorkers(db, handlers: [ExecuteDrawJob(db.useCases())]) {
                        try await client.call(.get, "/v1/draws/\(id)", token: scene.regulator).json["state"] as? String == "drawn"
                    }
                )
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let slug = scene.tenant.slug

                // Server-rendered pages work without JS, escape what institutions wrote, and link the assets.
                let home = try await client.call(.get, "/p/\(slug)", token: nil)
                #expect(home.status == .ok && home.headers[.contentType] == "text/html; charset=utf-8")
                #expect(home.text.contains("双随机抽查") && home.text.contains("lang=\"zh-CN\""))
                let english = try await client.call(.get, "/p/\(slug)/draws?lang=en", token: nil)
                #expect(english.text.contains("Double-random draws") && english.text.contains("第四季度抽查"))
                let page = try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil)
                #expect(!page.text.contains("<script>alert(1)</script>"))
                #expect(page.text.contains("和平区社会福利院") && page.text.contains("检查员0"))  // the roster, by name
                #expect(page.text.contains("/p/assets/verify-draw.js") && !page.text.contains("http://") && !page.text.contains("https://"))
                #expect(try await client.call(.get, "/p/assets/verify-draw.js", token: nil).headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(try await client.call(.get, "/p/no-such-bureau", token: nil).status == .notFound)

                // In the browser: the real draw verifies.
                let dom = try await Self.dom("\(base)/p/\(slug)/draws/\(id)")
                #expect(dom.contains("data-verification=\"verified\""), "\(dom.suffix(2000))")
                let shot = Self.screenshotPath("draw")
                try? FileManager.default.removeItem(atPath: shot)
                _ = try await Self.dom("\(base)/p/\(slug)/draws/\(id)", screenshot: shot)
                let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
                #expect(size > 10_000)

                // The verify page: the same record with an inspector swapped fails.
                let published = try await client.call(.get, "/public/\(slug)/draws/\(id)", token: nil)
                var record = try #require(try JSONSerialization.jsonObject(with: Data(published.text.utf8)) as? [String: Any])
                var assignments = try #require(record["assignments"] as? [[String: Any]])
                var inspectors = try #require(assignments[0]["inspectors"] as? [String])
                inspectors.reverse()
                assignments[0]["inspectors"] = inspectors
                record["assignments"] = assignments
                let tampered = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
                let fragment = tampered.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let failed = try await Self.dom("\(base)/p/\(slug)/verify#record=\(fragment)")
                #expect(failed.contains("data-verification=\"failed\""), "\(failed.suffix(2000))")
            }
        }
    }
}
