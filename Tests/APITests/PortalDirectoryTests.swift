import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing

@testable import API

@Suite("Public portal: the directory of institutions, their pages, indicators and error pages")
struct PortalDirectoryTests {
    static func rows(_ html: String) -> Int { html.components(separatedBy: "<tr data-institution=").count - 1 }

    /// The `<tr data-institution="id">…</tr>` of one institution in the directory, or "".
    static func row(_ html: String, _ id: UUID) -> String {
        guard let start = html.range(of: "<tr data-institution=\"\(id.lowercasedString)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }

    static let html: HTTPFields = [.accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"]

    @Test("the directory lists the tenant's registered institutions with their ratings; never a closed one, another tenant's or a draft rating")
    func directory() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let slug = scene.tenant.slug
                let page = try await client.call(.get, "/p/\(slug)/institutions", token: nil)
                #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(!page.text.contains("style=") && !page.text.contains("<script"))
                #expect(Self.rows(page.text) == 3 && page.text.contains("1–3 / 3"))
                // In pinyin order: Kangle, Songhe, Xiyang (code points would put 夕 first).
                let order = [scene.kangle, scene.songhe, scene.xiyang].compactMap { page.text.range(of: $0.lowercasedString)?.lowerBound }
                #expect(order.count == 3 && order == order.sorted())
                let songhe = Self.row(page.text, scene.songhe)
                #expect(songhe.contains("松鹤养老院") && songhe.contains("和平区") && songhe.contains("南京南街 100 号"))
                #expect(songhe.contains(#"data-rating="4""#) && songhe.contains("★★★★ 4 星") && songhe.contains("024-2345-6789"))
                #expect(songhe.contains(#"href="/p/\#(slug)/institutions/\#(scene.songhe.lowercasedString)""#))
                #expect(songhe.contains(#"<td data-label="床位数">120</td>"#))
                // A draft rating is not a rating.
                let xiyang = Self.row(page.text, scene.xiyang)
                #expect(xiyang.contains(#"data-rating="none""#) && xiyang.contains("未评定") && !xiyang.contains("5 星"))
                #expect(Self.row(page.text, scene.kangle).contains("康乐护理院（暂停运营）"))
                #expect(!page.text.contains("已注销养老院") && !page.text.contains("他乡养老院") && !page.text.contains("甘井子区"))
                // Register data only: no legal representative, no residents or staff.
                #expect(!page.text.contains("张院长"))
                // The Chinese page says nothing in English.
                for english in ["Not rated", "suspended", "stars", "District", "Phone"] { #expect(!page.text.contains(english), "\(english)") }
                #expect(page.text.contains(#"<html lang="zh-CN">"#) && page.text.contains(PortalScene.tenantName))

                let english = try await client.call(.get, "/p/\(slug)/institutions?lang=en", token: nil)
                #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Institution directory"))
                #expect(Self.row(english.text, scene.songhe).contains("★★★★ 4 stars"))
                #expect(Self.row(english.text, scene.xiyang).contains("Not rated"))
                #expect(Self.row(english.text, scene.kangle).contains("康乐护理院 (suspended)"))
                #expect(Self.row(english.text, scene.songhe).contains("/institutions/\(scene.songhe.lowercasedString)?lang=en"))
                for chinese in ["未评定", "所在区县", "联系电话", "暂停运营"] { #expect(!english.text.contains(chinese), "\(chinese)") }

                // The other tenant's portal lists its own institution only.
                let other = try await client.call(.get, "/p/\(scene.other.slug)/institutions", token: nil)
                #expect(Self.rows(other.text) == 1 && other.text.contains("他乡养老院") && !other.text.contains("松鹤养老院"))
            }
        }
    }

    @Test("the directory's name search and district filter work as a plain GET form, and page links keep them")
    func directoryFilters() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let slug = scene.tenant.slug
                let path = "/p/\(slug)/institutions"
                func get(_ query: String) async throws -> JSONReply { try await client.call(.get, path + query, token: nil) }
                let byName = try await get("?q=%E6%9D%BE%E9%B9%A4")  // 松鹤
                #expect(Self.rows(byName.text) == 1 && Self.row(byName.text, scene.songhe) != "" && byName.text.contains(#"value="松鹤""#))
                let byDistrict = try await get("?district=%E6%B2%88%E6%B2%B3%E5%8C%BA")  // 沈河区
                #expect(Self.rows(byDistrict.text) == 1 && Self.row(byDistrict.text, scene.xiyang) != "")
                #expect(byDistrict.text.contains(#"<option value="沈河区" selected>沈河区</option>"#))
                #expect(byDistrict.text.contains(#"<option value="和平区">和平区</option>"#))
                let both = try await get("?q=%E9%99%A2&district=%E5%92%8C%E5%B9%B3%E5%8C%BA")  // 院, 和平区
                #expect(Self.rows(both.text) == 2 && Self.row(both.text, scene.songhe) != "" && Self.row(both.text, scene.kangle) != "")
                // Wildcards are literal; an unknown district finds nothing.
                #expect(Self.rows(try await get("?q=%25").text) == 0)
                #expect(Self.rows(try await get("?district=%E7%94%98%E4%BA%95%E5%AD%90%E5%8C%BA").text) == 0)  // the other tenant's district

                try await db.owner.query(
                    """
                    INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status, beds,
                        nursing_beds, residents, staff, legal_representative, contact_phone)
                    SELECT \(scene.tenant.id), gen_random_uuid(), '第' || lpad(i::text, 2, '0') || '社区养老服务站', lpad(i::text, 18, '0'),
                        'public', '铁西区', '', 'operating', 20, 5, 10, 3, '李', '' FROM generate_series(1, 60) AS i
                    """
                )
                let first = try await get("")
                #expect(Self.rows(first.text) == 50 && first.text.contains("1–50 / 63") && first.text.contains(#"href="?page=2" rel="next""#))
                let filtered = try await get("?q=%E7%AC%AC&district=%E9%93%81%E8%A5%BF%E5%8C%BA&lang=en")  // 第, 铁西区
                #expect(Self.rows(filtered.text) == 50 && filtered.text.contains("1–50 / 60"))
                #expect(filtered.text.contains(#"href="?page=2&amp;q=%E7%AC%AC&amp;district=%E9%93%81%E8%A5%BF%E5%8C%BA&amp;lang=en" rel="next""#))
                let second = try await get("?page=2&q=%E7%AC%AC&district=%E9%93%81%E8%A5%BF%E5%8C%BA")
                #expect(Self.rows(second.text) == 10 && second.text.contains("51–60 / 60") && second.text.contains(#"rel="prev""#))
                #expect(!second.text.contains(#"rel="next""#))
                // A page past the end, a bad page, an unknown parameter: 422, as an HTML page.
                for bad in ["?page=3", "?page=x", "?page=999999999999999999", "?sort=name", "?q=" + String(repeating: "a", count: 101)] {
                    let refused = try await get(bad)
                    #expect(refused.status == .unprocessableContent, "\(bad)")
                    #expect(refused.headers[.contentType] == "text/html; charset=utf-8" && refused.text.contains("请求有误"), "\(bad)")
                }
            }
        }
    }

    @Test("an institution's page: register data, current rating, listings with their basis, done dates and findings, open major hazards")
    func institutionPage() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let slug = scene.tenant.slug
                func page(_ id: UUID, _ query: String = "") async throws -> JSONReply {
                    try await client.call(.get, "/p/\(slug)/institutions/\(id.lowercasedString)\(query)", token: nil)
                }
                let songhe = try await page(scene.songhe)
                #expect(songhe.status == .ok && songhe.text.contains("<h1>松鹤养老院</h1>"))
                #expect(!songhe.text.contains("style=") && !songhe.text.contains("<script"))
                #expect(songhe.text.contains("民办") && songhe.text.contains(#"<dd data-status="operating">正常运营</dd>"#))
                #expect(songhe.text.contains("沈阳市和平区南京南街 100 号") && songhe.text.contains("<dd>120</dd>") && songhe.text.contains("<dd>60</dd>"))
                #expect(songhe.text.contains("024-2345-6789") && !songhe.text.contains("张院长"))
                #expect(songhe.text.contains(#"data-rating="4">★★★★ 4 星"#) && songhe.text.contains("<span data-valid-until>2029-01-10</span>"))
                // Only the published inspection, dated by its last submission in Shanghai
                // time, not by the day it was scheduled for; its three failed items.
                #expect(songhe.text.components(separatedBy: "<tr data-inspection=").count - 1 == 1)
                #expect(songhe.text.contains(scene.publishedInspection.lowercasedString))
                #expect(!songhe.text.contains(scene.unpublishedInspection.lowercasedString))
                #expect(songhe.text.contains("data-done-on>2026-03-05</td>"))
                #expect(!songhe.text.contains("2026-02-20") && !songhe.text.contains("2026-03-04") && !songhe.text.contains("2026-03-01"))
                #expect(songhe.text.contains("data-findings>3</td>") && songhe.text.contains("不合格"))
                // The home page's outcomes and the public JSON give the same day.
                let homePage = try await client.call(.get, "/p/\(slug)", token: nil)
                #expect(homePage.text.contains("2026-03-05") && !homePage.text.contains("2026-02-20"))
                let outcomes = try await client.call(.get, "/public/\(slug)/inspections", token: nil)
                #expect(outcomes.items.compactMap { $0["date"] as? String } == ["2026-03-05"], "\(outcomes.text)")
                #expect(songhe.text.contains("<strong data-open-major-hazards>2</strong>"))
                // A proposed or withdrawn entry is not a listing.
                #expect(songhe.text.contains(#"data-listed="false""#) && !songhe.text.contains(PortalScene.proposedBasis))

                let kangle = try await page(scene.kangle)
                #expect(kangle.text.contains(#"data-listed="true""#) && kangle.text.contains(PortalScene.legalBasis))
                #expect(kangle.text.contains(">侵害老年人合法权益<") && !kangle.text.contains("infringing"))
                #expect(kangle.text.contains(">2026-02-01<") && kangle.text.contains(">2029-02-01<"))
                #expect(kangle.text.contains("暂停运营") && kangle.text.contains(#"data-rating="none">未评定"#))
                #expect(kangle.text.contains("<strong data-open-major-hazards>0</strong>") && kangle.text.contains("暂无已公开的检查"))
                // A draft rating does not show; a closed institution keeps its page.
                let xiyang = try await page(scene.xiyang)
                #expect(xiyang.text.contains("未评定") && !xiyang.text.contains("5 星"))
                let closed = try await page(scene.closed)
                #expect(closed.status == .ok && closed.text.contains("已注销"))

                let english = try await page(scene.songhe, "?lang=en")
                #expect(english.text.contains("Inspected on") && english.text.contains("★★★★ 4 stars") && english.text.contains(">private<"))
                #expect(english.text.contains(">operating<") && english.text.contains("Open major hazards"))
                for chinese in ["正常运营", "民办", "检查日期", "未整改"] { #expect(!english.text.contains(chinese), "\(chinese)") }
                let kangleEnglish = try await page(scene.kangle, "?lang=en")
                #expect(kangleEnglish.text.contains("infringing residents&#39; rights") && !kangleEnglish.text.contains("侵害老年人合法权益"))

                // The home page's tables link to the pages; its listing reason is Chinese only.
                let home = try await client.call(.get, "/p/\(slug)", token: nil)
                #expect(home.text.contains(#"<a href="/p/\#(slug)/institutions/\#(scene.songhe.lowercasedString)">松鹤养老院</a>"#))
                #expect(home.text.contains(#"<a href="/p/\#(slug)/institutions/\#(scene.kangle.lowercasedString)">康乐护理院</a>"#))
                #expect(home.text.contains("侵害老年人合法权益") && !home.text.contains("(infringing"))
                #expect(home.text.contains(#"href="/p/\#(slug)/institutions""#))
            }
        }
    }

    @Test("unknown slugs, institutions and paths are HTML 404 pages in both languages; the JSON APIs keep problem+json")
    func errorPages() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let slug = scene.tenant.slug
                func expectPage(_ uri: String, headers: HTTPFields = [:], _ texts: [String], _ lang: String = "zh-CN") async throws {
                    let reply = try await client.call(.get, uri, token: nil, headers: headers)
                    #expect(reply.status == .notFound, "\(uri)")
                    #expect(reply.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                    #expect(reply.headers[.contentSecurityPolicy] != nil, "\(uri)")
                    #expect(reply.text.contains(#"<html lang="\#(lang)">"#), "\(uri)")
                    for text in texts { #expect(reply.text.contains(text), "\(uri): \(text)") }
                }
                // A portal path asked with a method it does not take is 405 with Allow, for browsers too.
                let delete = try await client.call(.delete, "/p/\(slug)", token: nil, headers: [.accept: "text/html"])
                #expect(delete.status == .methodNotAllowed && delete.headers[.allow] == "GET, HEAD", "\(delete.status) \(delete.headers)")
                // Another tenant's institution, an unknown one, a malformed id: the tenant's header and a link home.
                let foreign = "/p/\(slug)/institutions/\(scene.foreign.lowercasedString)"
                try await expectPage(foreign, ["未找到该养老机构", PortalScene.tenantName, #"href="/p/\#(slug)">返回信息公开首页</a>"#])
                try await expectPage(foreign + "?lang=en", ["No such institution", #"href="/p/\#(slug)?lang=en">Back"#], "en")
                try await expectPage("/p/\(slug)/institutions/\(UUID().uuidString)", ["未找到该养老机构"])
                try await expectPage("/p/\(slug)/institutions/not-an-id", ["未找到该养老机构"])
                try await expectPage("/p/\(slug)/draws/\(UUID().uuidString)", ["未找到该抽查记录"])
                try await expectPage("/p/\(slug)/nothing-here", ["未找到页面"])
                // No such tenant: the portal's own name, no tenant links.
                try await expectPage("/p/no-such-bureau", ["未找到该地区的信息公开页面", "养老机构综合监管信息公开"])
                try await expectPage("/p/no-such-bureau/institutions?lang=en", ["There is no public information page at this address"], "en")
                try await expectPage("/p/", ["未找到页面", "/p/demo"])
                try await expectPage("/p", ["未找到页面"])
                try await expectPage("/", headers: Self.html, ["未找到页面"])
                try await expectPage("/?lang=en", headers: Self.html, ["Page not found"], "en")
                let none = try await client.call(.get, "/p/no-such-bureau", token: nil)
                #expect(!none.text.contains("/institutions") && none.text.contains(">English</a>"))

                // JSON clients, and the JSON APIs for everyone, keep problem+json.
                let root = try await client.call(.get, "/", token: nil, headers: [.accept: "application/json"])
                #expect(root.status == .notFound && root.headers[.contentType] == "application/problem+json")
                for uri in ["/v1/institutions", "/v1/nothing", "/public/no-such-bureau/ratings", "/p/assets/nothing.css"] {
                    let reply = try await client.call(.get, uri, token: nil, headers: Self.html)
                    #expect(reply.headers[.contentType] == "application/problem+json", "\(uri)")
                }
            }
        }
    }

    @Test("an indicator bar is drawn to scale with its target marked, clamped, escaped, and said in text")
    func indicatorBars() {
        let half = IndicatorBars.svg(value: 0.5, target: 0.8, description: "星级 <50 %>")
        #expect(half.hasPrefix("<svg") && half.hasSuffix("</svg>"))
        #expect(half.contains(##"width="150.0" height="14" rx="2" fill="#b35900" data-value"##))
        #expect(half.contains(#"<line x1="240.0" x2="240.0""#) && half.contains(#"points="235.0,0 245.0,0 240.0,6""#))
        #expect(half.contains(#"aria-label="星级 &lt;50 %&gt;""#) && half.contains("<title>星级 &lt;50 %&gt;</title>"))
        #expect(!half.contains("style"))
        // Meeting the target turns it green; a 100 % target stays inside the track.
        let full = IndicatorBars.svg(value: 1, target: 1, description: "")
        #expect(full.contains(##"width="300.0" height="14" rx="2" fill="#1f6f43""##) && full.contains(#"x1="299.0""#))
        #expect(IndicatorBars.svg(value: 1.7, target: 0.5, description: "").contains(##"width="300.0" height="14" rx="2" fill="#1f6f43""##))
        #expect(IndicatorBars.svg(value: -1, target: 0, description: "").contains(#"width="0.0" height="14""#))
        #expect(IndicatorBars.svg(value: -1, target: 0, description: "").contains(#"x1="1.0""#))

        let indicators = PublicIndicators(
            starRatedShare: PublicIndicator(value: 0.625, target: 0.8, numerator: 5, denominator: 8),
            nursingBedShare: PublicIndicator(value: 0.6, target: 0.55, numerator: 60, denominator: 100),
            complianceRate: PublicIndicator(value: 0.75, target: 1, numerator: 3, denominator: 4)
        )
        let chinese = IndicatorBars.html(indicators, .chinese)
        #expect(chinese.components(separatedBy: "<li data-indicator=").count - 1 == 3)
        #expect(chinese.components(separatedBy: "<svg").count - 1 == 3)
        #expect(chinese.contains(#"aria-label="星级养老机构占比：62.5 %，目标 80 %，未达到目标""#))
        #expect(chinese.contains(#"aria-label="护理型床位占比：60.0 %，目标 55 %，已达到目标""#))
        #expect(chinese.contains(#"<td data-label="计算依据">3 / 4</td>"#) && chinese.contains("<summary>以表格查看</summary>"))
        let english = IndicatorBars.html(indicators, .english)
        #expect(english.contains(#"aria-label="Star-rated institutions: 62.5 %, target 80 %, target not met""#))
        #expect(!english.contains("星级"))
    }

    @Test("the home page draws the tenant's indicators against their targets")
    func homeIndicators() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await PortalScene.make(db)
                let home = try await client.call(.get, "/p/\(scene.tenant.slug)", token: nil)
                // Two operating institutions, one rated; 100 of 200 beds are nursing beds.
                #expect(home.text.contains(#"aria-label="星级养老机构占比：50.0 %，目标 80 %，未达到目标""#), "\(home.text)")
                #expect(home.text.contains(#"<td data-label="计算依据">1 / 2</td>"#))
                #expect(home.text.contains(#"aria-label="护理型床位占比：50.0 %，目标 55 %，未达到目标""#))
                #expect(!home.text.contains("style="))
            }
        }
    }
}
