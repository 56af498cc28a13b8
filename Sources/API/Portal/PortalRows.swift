// The rows of the portal's long tables, rendered straight to HTML and put into the
// templates unescaped (`{{{…}}}`): swift-mustache looks up every variable of every row
// through dynamic casts, which was most of the cost of a page with hundreds of rows.
// Every value is escaped here with the templates' own escaper.

/// HTML built from raw markup and escaped text.
struct HTMLFragment {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        self.bytes.reserveCapacity(capacity)
    }

    /// Markup written by this code, never data.
    mutating func markup(_ markup: StaticString) {
        markup.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    mutating func text(_ text: String) {
        HTMLText.appendEscaped(text, to: &self.bytes)
    }

    var string: String { String(decoding: self.bytes, as: UTF8.self) }

    /// `<tr><td>…</td>…</tr>` with every cell escaped.
    mutating func tableRow(_ cells: String...) {
        self.markup("<tr>")
        for cell in cells {
            self.markup("<td>")
            self.text(cell)
            self.markup("</td>")
        }
        self.markup("</tr>")
    }
}

struct RatingRow {
    var institution, level, stars, validUntil: String

    static func html(_ rows: [RatingRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 96)
        for row in rows {
            html.markup("<tr><td>")
            html.text(row.institution)
            html.markup("</td><td data-level=\"")
            html.text(row.level)
            html.markup("\">")
            html.text(row.stars)
            html.markup("</td><td>")
            html.text(row.validUntil)
            html.markup("</td></tr>")
        }
        return html.string
    }
}

struct ListingRow {
    var institution, representative, reason, listedAt, listedUntil: String

    static func html(_ rows: [ListingRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 128)
        for row in rows {
            html.tableRow(row.institution, row.representative, row.reason, "\(row.listedAt) – \(row.listedUntil)")
        }
        return html.string
    }
}

struct OutcomeRow {
    var institution, date, outcome, failedItems: String

    static func html(_ rows: [OutcomeRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 96)
        for row in rows { html.tableRow(row.institution, row.date, row.outcome, row.failedItems) }
        return html.string
    }
}

/// A roster target (name, weight, id) or inspector (name, id).
struct RosterRow {
    var id, name, weight: String

    static func targetsHTML(_ rows: [RosterRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 96)
        for row in rows {
            html.markup("<tr><td>")
            html.text(row.name)
            html.markup("</td><td>")
            html.text(row.weight)
            html.markup("</td><td><code>")
            html.text(row.id)
            html.markup("</code></td></tr>")
        }
        return html.string
    }

    static func inspectorsHTML(_ rows: [RosterRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 64)
        for row in rows {
            html.markup("<li>")
            html.text(row.name)
            html.markup(" <code>")
            html.text(row.id)
            html.markup("</code></li>")
        }
        return html.string
    }
}

struct AssignmentRow {
    var target, inspectors: String

    static func html(_ rows: [AssignmentRow]) -> String {
        var html = HTMLFragment(capacity: rows.count * 64)
        for row in rows {
            html.markup("<li>")
            html.text(row.target)
            html.markup(": ")
            html.text(row.inspectors)
            html.markup("</li>")
        }
        return html.string
    }
}
