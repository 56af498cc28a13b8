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

    /// A phone (390×844 CSS pixels) and a desktop window.
    static let phone = (width: 390, height: 844)
    static let desktop = (width: 1280, height: 900)

    /// Loads `url` in headless Chromium with a window of `windowSize`, letting scripts run,
    /// and returns the DOM (or takes a screenshot of the window).
    static func dom(_ url: String, screenshot: String? = nil, windowSize: (width: Int, height: Int) = (1280, 1600)) async throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.chromium),
            "no Chromium at \(Self.chromium): run the tests through scripts/test, which installs it"
        )
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=15000",
            "--window-size=\(windowSize.width),\(windowSize.height)", "--hide-scrollbars",
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
                #expect(english.text.contains(">drawn<"))
                let chineseDraws = try await client.call(.get, "/p/\(slug)/draws", token: nil)
                #expect(chineseDraws.text.contains(">已抽取<") && !chineseDraws.text.contains(">drawn<"))  // the state in Chinese
                let page = try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil)
                #expect(!page.text.contains("<script>alert(1)</script>"))
                #expect(page.text.contains("和平区社会福利院") && page.text.contains("检查员0"))  // the roster, by name
                #expect(page.text.contains("/p/assets/verify-draw.js") && !page.text.contains("http://") && !page.text.contains("https://"))
                #expect(try await client.call(.get, "/p/assets/verify-draw.js", token: nil).headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(try await client.call(.get, "/p/no-such-bureau", token: nil).status == .notFound)

                // In the browser: the real draw verifies.
                let dom = try await Self.dom("\(base)/p/\(slug)/draws/\(id)")
                #expect(dom.contains("data-verification=\"verified\""), "\(dom.suffix(2000))")
                #expect(dom.contains(">验证通过</strong>"), "\(dom.suffix(2000))")  // in the page's language
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

    /// What `Browser/portal_layout.py` saw of each page: the DOM, overflow, fonts.
    static func layout(_ pages: [(url: String, screenshot: String)], windowSize: (width: Int, height: Int)) async throws -> [[String: Any]] {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.chromium),
            "no Chromium at \(Self.chromium): run the tests through scripts/test, which installs it"
        )
        let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/portal_layout.py")
        for page in pages { try? FileManager.default.removeItem(atPath: page.screenshot) }
        let process = try WorkerProcess(
            databaseURL: "",
            arguments: [driver.path, Self.chromium, String(windowSize.width), String(windowSize.height)]
                + pages.flatMap { [$0.url, $0.screenshot] },
            executable: "/usr/bin/python3"
        )
        #expect(try await process.wait(timeout: .seconds(120)) == 0, "\(process.logText)")
        let last = try #require(process.logText.split(separator: "\n").last, "no output from the driver")
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [[String: Any]], "\(process.logText)")
    }

    @Test("the directory and an institution's page in Chromium, on a phone and a desktop: content, no overflow, CJK fonts, cards")
    func directoryPages() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let base = "http://127.0.0.1:\(try #require(client.port))/p/\(scene.tenant.slug)"
                let songhe = "\(base)/institutions/\(scene.songhe.lowercasedString)"
                let kangle = "\(base)/institutions/\(scene.kangle.lowercasedString)"
                for (size, name) in [(Self.phone, "phone"), (Self.desktop, "desktop")] {
                    let pages = [
                        (url: "\(base)/institutions", screenshot: Self.screenshotPath("directory-\(name)")),
                        (url: songhe, screenshot: Self.screenshotPath("institution-\(name)")),
                        (url: kangle, screenshot: Self.screenshotPath("institution-listed-\(name)")),
                        (url: base, screenshot: Self.screenshotPath("home-\(name)")),
                        (url: "\(base)/institutions?lang=en", screenshot: Self.screenshotPath("directory-en-\(name)")),
                        (url: "\(base)/institutions/\(UUID().uuidString)", screenshot: Self.screenshotPath("not-found-\(name)")),
                    ]
                    let seen = try await Self.layout(pages, windowSize: size)
                    try #require(seen.count == pages.count)
                    for (page, shot) in zip(seen, pages) {
                        let url = page["url"] as? String ?? ""
                        // Nothing wider than the window: no sideways scrolling on a phone.
                        #expect(page["scroll_width"] as? Int == size.width, "\(name) \(url): \(page["past_right_edge"] ?? "")")
                        #expect((page["past_right_edge"] as? [String])?.isEmpty == true, "\(name) \(url): \(page["past_right_edge"] ?? "")")
                        // The heading's Chinese is drawn with a CJK font, not as tofu.
                        let fonts = page["heading_fonts"] as? [String] ?? []
                        #expect(fonts.contains { $0.contains("WenQuanYi") || $0.contains("Noto") || $0.contains("Source Han") }, "\(url): \(fonts)")
                        let size = (try? FileManager.default.attributesOfItem(atPath: shot.screenshot)[.size] as? Int) ?? 0
                        #expect(size > 5_000, "\(shot.screenshot)")
                    }
                    // Tables are tables on a desktop and stacked cards on a phone.
                    #expect(seen[0]["card_row_display"] as? String == (name == "phone" ? "block" : "table-row"))
                    let directory = seen[0]["html"] as? String ?? ""
                    #expect(directory.contains("松鹤养老院") && directory.contains("★★★★ 4 星") && directory.contains("未评定"))
                    #expect(directory.contains(#"<option value="和平区">和平区</option>"#) && !directory.contains("已注销养老院"))
                    #expect(directory.contains(#"href="/p/\#(scene.tenant.slug)/institutions/\#(scene.songhe.lowercasedString)""#))
                    let institution = seen[1]["html"] as? String ?? ""
                    #expect(institution.contains("<h1>松鹤养老院</h1>") && institution.contains("data-done-on=\"\">2026-03-05</td>"))
                    #expect(institution.contains("data-findings=\"\">3</td>") && institution.contains("data-open-major-hazards=\"\">2</strong>"))
                    #expect((seen[2]["html"] as? String ?? "").contains(PortalScene.legalBasis))
                    #expect((seen[3]["html"] as? String ?? "").contains("<svg class=\"bar\""))
                    #expect(seen[4]["lang"] as? String == "en" && (seen[4]["html"] as? String ?? "").contains("Not rated"))
                    #expect((seen[5]["html"] as? String ?? "").contains("未找到该养老机构"))
                }
            }
        }
    }
}
