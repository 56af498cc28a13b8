import Domain
import Foundation
import HTTPTypes
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
    let complaints: ComplaintUseCases
    let accounts: AccountUseCases
    let workbench: WorkbenchUseCases
    /// For the workbench's record pages, which reach every area's use cases.
    let useCases: UseCaseDependencies
    /// The complaint form's limit: complaints per address and tenant in ten minutes.
    let complaintsPerAddress: Int
    /// Sign-in attempts per address in five minutes.
    let signInLimiter = AddressRateLimiter(limit: 30, seconds: 300)
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

    /// Reverse proxies whose `X-Forwarded-For` the complaint form's limit believes.
    let trustedProxies: Int

    init(_ dependencies: UseCaseDependencies, complaintsPerAddress: Int = 5, trustedProxies: Int = 0) {
        self.complaintsPerAddress = complaintsPerAddress
        self.trustedProxies = trustedProxies
        self.disclosure = PublicDisclosure(dependencies)
        self.dashboard = DashboardUseCases(dependencies)
        self.evidence = EvidenceUseCases(dependencies)
        self.complaints = ComplaintUseCases(dependencies)
        self.accounts = AccountUseCases(dependencies)
        self.workbench = WorkbenchUseCases(dependencies)
        self.useCases = dependencies
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
        AccountRoutes(accounts: self.accounts, library: self.library, signInLimiter: self.signInLimiter, trustedProxies: self.trustedProxies)
            .add(to: router)
        WorkbenchRoutes(accounts: self.accounts, workbench: self.workbench, library: self.library).add(to: router)
        let institutions = InstitutionUseCases(self.useCases)
        let inspections = InspectionUseCases(self.useCases)
        let hazards = HazardUseCases(self.useCases)
        let blacklist = BlacklistUseCases(self.useCases)
        let notices = NoticeUseCases(self.useCases)
        let penalties = PenaltyUseCases(self.useCases)
        RegisterPages(
            accounts: self.accounts,
            institutions: institutions,
            ratings: RatingUseCases(self.useCases),
            inspections: inspections,
            hazards: hazards,
            blacklist: blacklist,
            notices: notices,
            penalties: penalties,
            library: self.library
        )
        .add(to: router)
        DrawPages(accounts: self.accounts, draws: DrawUseCases(self.useCases), inspections: inspections, library: self.library).add(to: router)
        ReviewPages(
            accounts: self.accounts,
            inspections: inspections,
            checklists: ChecklistUseCases(self.useCases),
            hazards: hazards,
            blacklist: blacklist,
            institutions: institutions,
            library: self.library
        )
        .add(to: router)
        CasePages(accounts: self.accounts, cases: CaseUseCases(self.useCases), library: self.library).add(to: router)
        NoticePages(accounts: self.accounts, notices: notices, library: self.library).add(to: router)
        PenaltyPages(accounts: self.accounts, penalties: penalties, library: self.library).add(to: router)
        let onSite = OnSiteUseCases(self.useCases)
        InspectorPages(accounts: self.accounts, onSite: onSite, evidence: self.evidence, library: self.library).add(to: router)
        InstitutionPages(
            accounts: self.accounts,
            institutions: institutions,
            hazards: hazards,
            blacklist: blacklist,
            inspections: inspections,
            selfAssessments: SelfAssessmentUseCases(self.useCases),
            notices: notices,
            penalties: penalties,
            onSite: onSite,
            evidence: self.evidence,
            library: self.library
        )
        .add(to: router)
        DashboardRoutes(useCases: self.dashboard, library: self.library).add(to: router)
        DashboardFileRoutes(dashboard: self.dashboard, evidence: self.evidence, library: self.library).add(to: router)
        router.get("p/assets/:name", use: self.asset)
        router.get("p/:slug", use: self.home)
        router.get("p/:slug/draws", use: self.drawList)
        router.get("p/:slug/penalties", use: self.penaltyList)
        router.get("p/:slug/draws/:id", use: self.draw)
        router.get("p/:slug/verify", use: self.verify)
        router.get("p/:slug/institutions", use: self.directory)
        router.get("p/:slug/institutions/:id", use: self.institution)
        PortalComplaintRoutes(
            portal: self,
            complaints: self.complaints,
            complaintsPerAddress: self.complaintsPerAddress,
            trustedProxies: self.trustedProxies
        )
        .add(to: router)
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
        let text = Self.text(request)
        var values = Self.layout(request, text: text, tenant: tenant)
        values["title"] = title(text)
        return (tenant, values)
    }

    static func english(_ request: Request) -> Bool { request.uri.queryParameters.get("lang") == "en" }

    static func text(_ request: Request) -> PortalText { Self.english(request) ? .english : .chinese }

    /// What the layout needs: the language, and the tenant's name and links when known.
    static func layout(_ request: Request, text: PortalText, tenant: Tenant?) -> [String: Any] {
        let english = Self.english(request)
        var values: [String: Any] = [
            "lang": english ? "en" : "zh-CN", "otherLang": english ? "zh" : "en", "query": english ? "?lang=en" : "",
            "english": english, "t": text.dictionary,
        ]
        if let tenant {
            values["slug"] = tenant.slug
            values["tenant"] = tenant.name
            values["hasTenant"] = true
        }
        return values
    }

    static func link(_ tenant: Tenant, _ request: Request) -> InstitutionLink {
        InstitutionLink(slug: tenant.slug, query: Self.english(request) ? "?lang=en" : "")
    }

    func render(_ template: String, _ values: [String: Any]) throws -> Response {
        self.response(html: try self.html(template, values))
    }

    func html(_ template: String, _ values: [String: Any]) throws -> String {
        guard let html = self.library.render(values, withTemplate: template) else { throw Problem.notFound("page") }
        return html
    }

    func response(html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "default-src 'self'; object-src 'none'; base-uri 'none'"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// A search box's text, trimmed, at most 100 characters (422 otherwise).
    static func searchText(_ name: String, _ filters: inout QueryFilters) -> String? {
        let search = filters.text(name)?.trimmingCharacters(in: .whitespaces)
        if let search, search.count > 100 { filters.errors.append(FieldError(name, "must be at most 100 characters")) }
        return search
    }

    /// `&name=value` for page links, percent-encoded; "" for an absent or empty value.
    static func carried(_ name: String, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        return "&\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static func day(_ date: Date?) -> String { date.map { CalendarDate.string(from: $0, in: nil) } ?? "" }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.home }
        values["navHome"] = true
        let text = Self.text(request)
        let link = Self.link(tenant, request)
        // A name search (`?q=`, no script needed) narrows all three tables; the ratings
        // table is paged, the outcomes are the newest 200.
        var filters = QueryFilters(request)
        let search = Self.searchText("q", &filters)
        try filters.check()
        let (allRatings, listings, inspections, indicators) = try await self.disclosure.home(tenant, nameContains: search)
        let window = try PageWindow(request, count: allRatings.count, size: Self.ratingsPageSize)
        let ratings = allRatings[window.range]
        values["q"] = search ?? ""
        values["indicatorsHTML"] = IndicatorBars.html(indicators, text)
        values["ratingCount"] = allRatings.count
        values["ratingRange"] = window.rangeText
        var carried = Self.carried("q", search)
        if Self.english(request) { carried += "&lang=en" }
        window.addLinks(to: &values, carrying: carried)
        values["has_ratings"] = !ratings.isEmpty
        values["ratingsHTML"] = RatingRow.html(
            ratings.map {
                RatingRow(
                    institutionID: $0.institutionID,
                    institution: $0.institution,
                    level: String($0.level),
                    stars: text.stars($0.level),
                    validUntil: Self.day($0.validUntil)
                )
            },
            text,
            link: link
        )
        values["has_listings"] = !listings.isEmpty
        values["listingsHTML"] = ListingRow.html(
            listings.map {
                ListingRow(
                    institutionID: $0.institutionID,
                    institution: $0.institution,
                    representative: $0.legalRepresentative,
                    reason: text.label("reason", $0.reasonCode),
                    listedAt: Self.day($0.listedAt),
                    listedUntil: Self.day($0.listedUntil)
                )
            },
            text,
            link: link
        )
        values["has_inspections"] = !inspections.isEmpty
        values["inspectionsHTML"] = OutcomeRow.html(
            inspections.map {
                OutcomeRow(
                    institutionID: $0.institutionID,
                    institution: $0.institution,
                    date: $0.date,
                    outcome: $0.compliant ? text["compliant"] : text["nonCompliant"],
                    failedItems: String($0.failedItems)
                )
            },
            text,
            link: link
        )
        return try self.render("home", values)
    }

    @Sendable func drawList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.draws }
        values["navDraws"] = true
        let text = Self.text(request)
        let draws = try await self.disclosure.draws(tenant, after: nil, limit: 500).items
        values["has_draws"] = !draws.isEmpty
        values["draws"] = draws.reversed().map {
            [
                "id": $0.id.lowercasedString, "name": $0.name, "state": text.label("drawState", $0.state.rawValue), "slug": tenant.slug,
                "query": values["query"] ?? "", "committedAt": Self.day($0.committedAt), "drawnAt": Self.day($0.drawnAt),
            ]
        }
        return try self.render("draws", values)
    }

    /// The penalty decisions in publication (双公示), as the public JSON and CSV have them.
    @Sendable func penaltyList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.penalties }
        values["navPenalties"] = true
        try QueryFilters(request).check()
        let penalties = try await self.disclosure.penalties(tenant)
        values["has_penalties"] = !penalties.isEmpty
        values["csvHref"] = "/public/\(tenant.slug)/penalties.csv"
        values["penalties"] = penalties.map {
            [
                "party": $0.partyName, "creditCode": $0.creditCode, "number": $0.decisionNumber, "kind": $0.violationKind,
                "categories": $0.penaltyCategories, "content": $0.penaltyContent, "decidedOn": $0.decidedOn, "end": $0.publicationEnd,
                "authority": $0.authority,
            ]
        }
        return try self.render("penalties", values)
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
        let text = Self.text(request)
        let link = Self.link(tenant, request)
        values["rosterTargetsHTML"] = RosterRow.targetsHTML(
            shown.map { RosterRow(id: $0.id, name: names[$0.id] ?? "", weight: String($0.weight)) },
            text,
            link: link
        )
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
                AssignmentRow(
                    target: names[$0.target] ?? $0.target,
                    inspectors: $0.inspectors.map { names[$0] ?? $0 }.joined(separator: "、"),
                    href: link.href(target: $0.target)
                )
            },
            separator: text["colon"]
        )
        values["recordJSON"] = HTMLText.scriptJSON(published.json)
        let html = try self.html("draw", values)
        if drawn { self.drawPages.keep(html, for: key) }
        return self.response(html: html)
    }

    static let rosterPageSize = 500
    static let ratingsPageSize = 200

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (_, values) = try await self.page(request, context) { $0.verify }
        values["navVerify"] = true
        return try self.render("verify", values)
    }
}
