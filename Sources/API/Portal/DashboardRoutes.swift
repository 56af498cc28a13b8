import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import UseCases

/// `/dashboard`: the regulator's page of the week, for a regulator signed in with their
/// account at `/w/sign-in` (the session cookie and CSRF token are `PageForms`'). Charts
/// are inline SVG; no script is needed.
struct DashboardRoutes {
    let useCases: DashboardUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("dashboard", use: self.dashboard)
    }

    /// Days of history in each indicator's sparkline (12 weeks).
    static let historyDays = 84

    /// Where a page sends a browser without a live regulator session.
    static func signIn(then path: String) -> Response { PageForms.redirect("/w/sign-in?next=" + path) }

    func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        PageForms.html(self.library, template, values, status: status)
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request),
            let figures = try await self.useCases.figures(secret: secret, historyDays: Self.historyDays)
        else { return Self.signIn(then: "/dashboard") }
        var page = WorkbenchPage(request, heading: "dashboard")
        page.values["signedIn"] = true
        page.values["isRegulator"] = true
        page.values["navDashboard"] = true
        page.values["displayName"] = figures.displayName
        page.values["csrf"] = PageForms.csrf(secret)
        page.values.merge(Self.values(figures, page.words, page.language)) { _, new in new }
        return self.html("dashboard", page.values)
    }

    static func values(_ figures: DashboardUseCases.Figures, _ words: [String: String], _ language: Language) -> [String: Any] {
        let today = figures.today
        // Each indicator's last 12 weeks, one slot a day: the daily snapshots, and today live.
        let days = (0..<Self.historyDays).compactMap { CalendarDate.adding(days: $0 - Self.historyDays + 1, to: today) }
        let history = figures.history
        let current = figures.current
        let rows: [(String, KeyPath<DashboardIndicators, Double?>, Double)] = [
            ("star_rated_share", \.starRatedShare.optional, 0.8), ("gb38600_compliance", \.compliance.optional, 1),
            ("nursing_bed_share", \.nursingBedShare.optional, 0.55), ("rectification_rate", \.rectificationRate, 1),
        ]
        let bars: [[String: Any]] = rows.enumerated().map { index, row in
            // A rate with nothing to rate is "—", an empty bar.
            let value = current[keyPath: row.1]
            let series = days.map { history[$0]?[keyPath: row.1] ?? nil }
            return [
                "key": row.0, "label": words["indicator_" + row.0] ?? row.0, "y": index * 44,
                "percent": value.map { String(format: "%.1f %%", $0 * 100) } ?? "—",
                "targetPercent": String(format: "%.0f", row.2 * 100), "width": Int(((value ?? 0) * 300).rounded()),
                "targetX": Int((row.2 * 300).rounded()), "color": (value ?? 0) >= row.2 ? "#0a6b2d" : "#b00020",
                "spark": Sparkline(x: 320, y: 16, width: 190, height: 20).points(series, maximum: 1),
                "sparkDays": series.compactMap { $0 }.count,
            ]
        }
        let weekly = figures.weeklyFound
        let sparkline = Sparkline(x: 10, y: 5, width: 275, height: 50).points(weekly.map(Double.init), maximum: Double(max(weekly.max() ?? 0, 1)))
        var progress: [[String: Any]] = []
        for (name, figures) in figures.campaigns {
            progress.append([
                "name": name,
                "districts": figures.districts.map {
                    [
                        "district": $0.district ?? "", "institutions": $0.institutions, "inspected": $0.inspected, "found": $0.hazardsFound,
                        "verified": $0.verified, "overdue": $0.overdue,
                        "rate": $0.rectificationRate.map { String(format: "%.1f %%", $0 * 100) } ?? "—",
                        "majorOpen": $0.majorOpen,
                    ]
                },
            ])
        }
        let overdue = figures.overdue
        let draws = figures.committedDraws
        return [
            "tenant": figures.tenantName, "indicators": bars, "indicatorHeight": bars.count * 44,
            "sparkline": sparkline, "weeklyText": weekly.map(String.init).joined(separator: " · "),
            "has_campaigns": !progress.isEmpty, "campaigns": progress,
            "has_overdue": !overdue.isEmpty,
            "overdue": overdue.map {
                ["id": $0.id.lowercasedString, "description": $0.description, "deadline": $0.deadline, "supervised": $0.supervised]
            },
            "has_draws": !draws.isEmpty, "draws": draws.map { ["id": $0.id.lowercasedString, "name": $0.name, "n": $0.n ?? 0] },
            "webhooks": figures.webhookHealth.map {
                [
                    "state": $0.state, "count": $0.count,
                    "stateLabel": WebhookDelivery.State(rawValue: $0.state)?.label.text(in: language) ?? $0.state,
                ]
            },
        ]
    }
}

extension Double {
    /// The value as an optional, so that every indicator reads through one key path type.
    fileprivate var optional: Double? { self }
}
