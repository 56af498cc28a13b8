import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// `/p/{slug}/…`: the public portal (一公开) as server-rendered HTML in Chinese with an
/// English toggle (`?lang=en`). Everything works without JavaScript except the draw
/// verification, which runs `verify-draw.js` (Web Crypto) in the visitor's browser.
/// No external assets: the CSS and scripts are served from `/p/assets/`.
struct PortalRoutes {
    let disclosure: PublicDisclosure
    let dashboard: DashboardUseCases
    let evidence: EvidenceUseCases
    let library: MustacheLibrary
    let assets: [String: (type: String, body: String)]
    /// Rendered pages of drawn draws, which never change (the record is frozen and the
    /// names are part of it): a hit costs the tenant and record lookups only.
    let drawPages = BoundedCache<DrawPageKey, String>(byteBudget: 32 << 20, entryLimit: 512) { $0.utf8.count }

    struct DrawPageKey: Hashable, Sendable {
        var tenant: UUID
        /// The layout shows it; a renamed tenant gets fresh pages.
        var tenantName: String
        var draw: UUID
        var english: Bool
        var firstTarget: Int
        var rosterOpen: Bool
    }

    init(_ dependencies: UseCaseDependencies) {
        self.disclosure = PublicDisclosure(dependencies)
        self.dashboard = DashboardUseCases(dependencies)
        self.evidence = EvidenceUseCases(dependencies)
        UTF8HTMLContentType.registered
        var library = MustacheLibrary()
        var assets: [String: (String, String)] = [:]
        let directory = Bundle.module.url(forResource: "portal", withExtension: nil)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory?.path ?? "")) ?? []
        for name in names {
            guard let url = directory?.appendingPathComponent(name), let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if name.hasSuffix(".mustache") {
                try? library.register(text, named: String(name.dropLast(".mustache".count)))
            } else if name.hasSuffix(".js") {
                assets[name] = ("text/javascript; charset=utf-8", text)
            } else if name.hasSuffix(".css") {
                assets[name] = ("text/css; charset=utf-8", text)
            }
        }
        self.library = library
        self.assets = assets
    }

    func add(to router: Router<AppRequestContext>) {
        DashboardRoutes(useCases: self.dashboard, library: self.library).add(to: router)
        DashboardFileRoutes(dashboard: self.dashboard, evidence: self.evidence, library: self.library).add(to: router)
        router.get("p/assets/:name", use: self.asset)
        router.get("p/:slug", use: self.home)
        router.get("p/:slug/draws", use: self.drawList)
        router.get("p/:slug/draws/:id", use: self.draw)
        router.get("p/:slug/verify", use: self.verify)
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), let asset = self.assets[name] else { throw Problem.notFound("asset") }
        return Response(
            status: .ok,
            headers: [.contentType: asset.type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: asset.body))
        )
    }

    /// The tenant named by the slug, and the page's common context.
    func page(
        _ request: Request,
        _ context: AppRequestContext,
        title: (PortalText) -> String
    ) async throws -> (
        Tenant, [String: Any]
    ) {
        let tenant = try await self.disclosure.tenant(slug: context.parameters.get("slug"))
        let english = request.uri.queryParameters.get("lang") == "en"
        let text = english ? PortalText.english : PortalText.chinese
        return (
            tenant,
            [
                "lang": english ? "en" : "zh-CN", "otherLang": english ? "zh" : "en", "query": english ? "?lang=en" : "",
                "slug": tenant.slug, "tenant": tenant.name, "title": title(text), "t": text.dictionary,
            ]
        )
    }

    func render(_ template: String, _ values: [String: Any]) throws -> Response {
        self.response(html: try self.html(template, values))
    }

    func html(_ template: String, _ values: [String: Any]) throws -> String {
        guard let html = self.library.render(values, withTemplate: template) else { throw Problem.notFound("page") }
        return html
    }

    func response(html: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "default-src 'self'; object-src 'none'; base-uri 'none'"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    static func day(_ date: Date?) -> String { date.map { CalendarDate.string(from: $0, in: nil) } ?? "" }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.home }
        let text = values["t"] as? [String: String] ?? [:]
        // A name search (`?q=`, no script needed) narrows all three tables; the ratings
        // table is paged, the outcomes are the newest 200.
        var filters = QueryFilters(request)
        let search = filters.text("q")?.trimmingCharacters(in: .whitespaces)
        if let search, search.count > 100 { filters.errors.append(FieldError("q", "must be at most 100 characters")) }
        try filters.check()
        let (allRatings, listings, inspections) = try await self.disclosure.home(tenant, nameContains: search)
        let window = try PageWindow(request, count: allRatings.count, size: Self.ratingsPageSize)
        let ratings = allRatings[window.range]
        values["q"] = search ?? ""
        values["english"] = values["lang"] as? String == "en"
        values["ratingCount"] = allRatings.count
        values["ratingRange"] = window.rangeText
        var carried = ""
        if let search, !search.isEmpty { carried += "&q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        if values["english"] as? Bool == true { carried += "&lang=en" }
        window.addLinks(to: &values, carrying: carried)
        values["has_ratings"] = !ratings.isEmpty
        values["ratingsHTML"] = RatingRow.html(
            ratings.map {
                RatingRow(
                    institution: $0.institution,
                    level: String($0.level),
                    stars: String(repeating: "★", count: max(0, min($0.level, 5))),
                    validUntil: Self.day($0.validUntil)
                )
            }
        )
        values["has_listings"] = !listings.isEmpty
        values["listingsHTML"] = ListingRow.html(
            listings.map {
                ListingRow(
                    institution: $0.institution,
                    representative: $0.legalRepresentative,
                    reason: $0.reason,
                    listedAt: Self.day($0.listedAt),
                    listedUntil: Self.day($0.listedUntil)
                )
            }
        )
        values["has_inspections"] = !inspections.isEmpty
        values["inspectionsHTML"] = OutcomeRow.html(
            inspections.map {
                OutcomeRow(
                    institution: $0.institution,
                    date: $0.date,
                    outcome: ($0.compliant ? text["compliant"] : text["nonCompliant"]) ?? "",
                    failedItems: String($0.failedItems)
                )
            }
        )
        return try self.render("home", values)
    }

    @Sendable func drawList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.draws }
        let draws = try await self.disclosure.draws(tenant, after: nil, limit: 500).items
        values["has_draws"] = !draws.isEmpty
        values["draws"] = draws.reversed().map {
            [
                "id": $0.id.lowercasedString, "name": $0.name, "state": $0.state.rawValue, "slug": tenant.slug,
                "query": values["query"] ?? "", "committedAt": Self.day($0.committedAt), "drawnAt": Self.day($0.drawnAt),
            ]
        }
        return try self.render("draws", values)
    }

    @Sendable func draw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "draw")
        var (tenant, values) = try await self.page(request, context) { $0.draw }
        let (published, draw) = try await self.disclosure.draw(tenant, id: id)
        let record = published.record
        let names = record.names ?? [:]
        values["title"] = draw.name
        values["id"] = id.lowercasedString
        values["commitment"] = record.seedCommitment
        values["rosterHash"] = record.rosterSHA256
        values["entropy"] = record.publicEntropy ?? "—"
        values["seed"] = record.serverSeed ?? "—"
        values["n"] = record.roster.n
        values["k"] = record.roster.k
        values["targetCount"] = record.roster.targets.count
        values["inspectorCount"] = record.roster.inspectors.count
        // The targets table is paged (a provincial draw has 100,000 targets); the whole
        // roster is in the embedded record all the same, for the verification.
        let targets = record.roster.targets
        let window = try PageWindow(request, count: targets.count, size: Self.rosterPageSize)
        let key = DrawPageKey(
            tenant: tenant.id,
            tenantName: tenant.name,
            draw: id,
            english: values["lang"] as? String == "en",
            firstTarget: window.range.lowerBound,
            rosterOpen: request.uri.queryParameters.get("page") != nil
        )
        let drawn = record.serverSeed != nil
        if drawn, let html = self.drawPages.value(for: key) { return self.response(html: html) }
        let shown = targets[window.range]
        values["rosterTargetsHTML"] = RosterRow.targetsHTML(shown.map { RosterRow(id: $0.id, name: names[$0.id] ?? "", weight: String($0.weight)) })
        values["rosterRange"] = window.rangeText
        let language = values["lang"] as? String == "en" ? "&lang=en" : ""
        values["rosterOpen"] = request.uri.queryParameters.get("page") != nil
        window.addLinks(to: &values, carrying: language)
        values["rosterInspectorsHTML"] = RosterRow.inspectorsHTML(
            record.roster.inspectors.map { RosterRow(id: $0.id, name: names[$0.id] ?? "", weight: "") }
        )
        values["conflictCount"] = record.roster.conflicts.count
        values["has_assignments"] = !(record.assignments ?? []).isEmpty
        values["assignmentsHTML"] = AssignmentRow.html(
            (record.assignments ?? []).map {
                AssignmentRow(target: names[$0.target] ?? $0.target, inspectors: $0.inspectors.map { names[$0] ?? $0 }.joined(separator: "、"))
            }
        )
        values["recordJSON"] = HTMLText.scriptJSON(published.json)
        let html = try self.html("draw", values)
        if drawn { self.drawPages.keep(html, for: key) }
        return self.response(html: html)
    }

    static let rosterPageSize = 500
    static let ratingsPageSize = 200

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, values) = try await self.page(request, context) { $0.verify }
        return try self.render("verify", values)
    }
}

/// The portal's words, in Chinese and English.
struct PortalText: Sendable {
    var dictionary: [String: String]

    var home: String { self.dictionary["home"] ?? "" }
    var draws: String { self.dictionary["draws"] ?? "" }
    var draw: String { self.dictionary["draw"] ?? "" }
    var verify: String { self.dictionary["verify"] ?? "" }

    static let chinese = PortalText(dictionary: [
        "nav": "导航", "home": "信息公开", "draws": "双随机抽查", "draw": "抽查记录", "verify": "验证抽查记录", "otherLanguage": "English",
        "ratings": "养老机构星级评定", "blacklist": "失信联合惩戒对象名单", "inspections": "检查结果公开", "none": "暂无。",
        "institution": "机构", "level": "星级", "validUntil": "有效期至", "representative": "法定代表人", "reason": "列入事由",
        "listed": "列入期限", "date": "日期", "outcome": "结论", "failedItems": "不合格项", "compliant": "合格", "nonCompliant": "不合格",
        "state": "状态", "committed": "承诺时间", "drawn": "抽取时间", "verification": "浏览器验证", "pending": "验证中…",
        "verificationIntro": "本页在您的浏览器中按公开算法 odraw-v1 重新计算本次抽查，并与公布结果比对。",
        "commitment": "种子承诺 SHA-256", "rosterHash": "名录哈希", "entropy": "公开随机数", "seed": "服务器种子",
        "assignments": "抽查结果", "notDrawn": "尚未抽取。", "roster": "名录", "targets": "个检查对象", "inspectorsWord": "名检查人员",
        "rawRecord": "原始记录（JSON）", "targetsTitle": "检查对象名录（含风险权重）", "weight": "权重",
        "inspectorsTitle": "检查人员名录", "conflicts": "回避关系", "pasteIntro": "粘贴抽查记录的 JSON，在浏览器中验证。", "record": "抽查记录 JSON",
        "footer": "依法公开的信息；抽查记录可由任何人独立验证。", "previous": "上一页", "next": "下一页",
        "search": "按机构名称查找", "searchButton": "查找", "results": "条",
    ])

    static let english = PortalText(dictionary: [
        "nav": "Navigation", "home": "Public information", "draws": "Double-random draws", "draw": "Draw record",
        "verify": "Verify a draw record", "otherLanguage": "中文", "ratings": "Star ratings", "blacklist": "Credit blacklist",
        "inspections": "Published inspection outcomes", "none": "None.", "institution": "Institution", "level": "Stars",
        "validUntil": "Valid until", "representative": "Legal representative", "reason": "Reason", "listed": "Listed",
        "date": "Date", "outcome": "Outcome", "failedItems": "Failed items", "compliant": "compliant", "nonCompliant": "non-compliant",
        "state": "State", "committed": "Committed", "drawn": "Drawn", "verification": "Verified in your browser",
        "pending": "checking…",
        "verificationIntro":
            "This page recomputes the draw with the published algorithm odraw-v1 in your browser and compares it with the published result.",
        "commitment": "Seed commitment (SHA-256)", "rosterHash": "Roster hash", "entropy": "Public entropy", "seed": "Server seed",
        "assignments": "Assignments", "notDrawn": "Not drawn yet.", "roster": "Roster", "targets": "targets", "inspectorsWord": "inspectors",
        "rawRecord": "Raw record (JSON)", "targetsTitle": "Targets (with risk weights)", "weight": "Weight",
        "inspectorsTitle": "Inspectors", "conflicts": "Conflict pairs", "pasteIntro": "Paste a draw record's JSON to verify it in your browser.",
        "record": "Draw record JSON", "footer": "Information published by law; draw records can be verified by anyone.",
        "previous": "previous", "next": "next", "search": "Find by institution name", "searchButton": "Find",
        "results": "results",
    ])
}
