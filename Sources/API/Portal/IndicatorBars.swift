import Domain
import Foundation

/// The published indicators as inline SVG bars, each with its target marked, and a table
/// saying the same in text. Only presentation attributes (no `style`), so the portal's
/// Content-Security-Policy holds.
enum IndicatorBars {
    /// The drawing's width in SVG units; the stylesheet scales it to the column.
    static let width = 300

    /// One bar: a grey track, the value (green when it meets the target, else amber), and
    /// the target as a dark line with a marker above it. `description` becomes the
    /// `aria-label` and `<title>` (the bar's text equivalent).
    static func svg(value: Double, target: Double, description: String) -> String {
        let full = Double(Self.width)
        let valueWidth = Sparkline.format(min(max(value, 0), 1) * full)
        // Kept a pixel inside the track so a 100 % target still shows.
        let targetX = min(max(target, 0), 1) * full
        let x = Sparkline.format(min(max(targetX, 1), full - 1))
        let left = Sparkline.format(min(max(targetX, 1), full - 1) - 5)
        let right = Sparkline.format(min(max(targetX, 1), full - 1) + 5)
        let fill = value >= target ? "#1f6f43" : "#b35900"
        var html = HTMLFragment(capacity: 640)
        html.markup("<svg class=\"bar\" role=\"img\" viewBox=\"0 0 300 30\" width=\"300\" height=\"30\" aria-label=\"")
        html.text(description)
        html.markup("\"><title>")
        html.text(description)
        html.markup("</title><rect x=\"0\" y=\"9\" width=\"300\" height=\"14\" rx=\"2\" fill=\"#e4e8ee\"></rect><rect x=\"0\" y=\"9\" width=\"")
        html.text(valueWidth)
        html.markup("\" height=\"14\" rx=\"2\" fill=\"")
        html.text(fill)
        html.markup("\" data-value></rect><line x1=\"")
        html.text(x)
        html.markup("\" x2=\"")
        html.text(x)
        html.markup("\" y1=\"5\" y2=\"28\" stroke=\"#14213d\" stroke-width=\"2\" data-target></line><polygon points=\"")
        html.text("\(left),0 \(right),0 \(x),6")
        html.markup("\" fill=\"#14213d\"></polygon></svg>")
        return html.string
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    static func targetPercent(_ share: Double) -> String { String(format: "%.0f %%", share * 100) }

    /// The home page's indicators: a list of labelled bars, then the table.
    static func html(_ indicators: PublicIndicators, _ text: PortalText) -> String {
        let rows: [(key: String, indicator: PublicIndicator)] = [
            ("star_rated_share", indicators.starRatedShare),
            ("nursing_bed_share", indicators.nursingBedShare),
            ("gb38600_compliance_rate", indicators.complianceRate),
        ]
        var html = HTMLFragment(capacity: 4096)
        html.markup("<ul class=\"indicators\">")
        for (key, indicator) in rows {
            let label = text.label("indicator", key)
            let met = indicator.value >= indicator.target ? text["targetMet"] : text["targetMissed"]
            let value = Self.percent(indicator.value)
            let target = Self.targetPercent(indicator.target)
            html.markup("<li data-indicator=\"")
            html.text(key)
            html.markup("\"><p class=\"indicator-label\"><span>")
            html.text(label)
            html.markup("</span> <strong>")
            html.text(value)
            html.markup("</strong> <span class=\"indicator-target\">")
            html.text("\(text["target"]) \(target)")
            html.markup("</span></p>")
            let description = "\(label)\(text["colon"])\(value)\(text["comma"])\(text["targetWord"]) \(target)\(text["comma"])\(met)"
            html.built(Self.svg(value: indicator.value, target: indicator.target, description: description))
            html.markup("</li>")
        }
        html.markup("</ul><details class=\"indicator-table\"><summary>")
        html.text(text["asTable"])
        html.markup("</summary><table><thead><tr><th scope=\"col\">")
        html.text(text["indicator"])
        html.markup("</th><th scope=\"col\">")
        html.text(text["value"])
        html.markup("</th><th scope=\"col\">")
        html.text(text["target"])
        html.markup("</th><th scope=\"col\">")
        html.text(text["basis"])
        html.markup("</th></tr></thead><tbody>")
        for (key, indicator) in rows {
            html.markup("<tr>")
            html.cell(text["indicator"], text.label("indicator", key))
            html.cell(text["value"], Self.percent(indicator.value))
            html.cell(text["target"], Self.targetPercent(indicator.target))
            html.cell(text["basis"], "\(indicator.numerator) / \(indicator.denominator)")
            html.markup("</tr>")
        }
        html.markup("</tbody></table></details>")
        return html.string
    }
}
