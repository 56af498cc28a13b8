import Domain
import Foundation

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

    /// Markup another function of this code built (its data already escaped).
    mutating func built(_ markup: String) {
        self.bytes.append(contentsOf: markup.utf8)
    }

    mutating func text(_ text: String) {
        HTMLText.appendEscaped(text, to: &self.bytes)
    }

    var string: String { String(decoding: self.bytes, as: UTF8.self) }

    /// `<td data-label="…">…</td>`: the label heads the cell when a phone shows the
    /// table's rows as stacked cards (portal.css).
    mutating func cell(_ label: String, _ text: String) {
        self.markup("<td data-label=\"")
        self.text(label)
        self.markup("\">")
        self.text(text)
        self.markup("</td>")
    }

    /// A cell holding a link to `href` (a path this code built, escaped all the same).
    mutating func linkCell(_ label: String, href: String, _ text: String) {
        self.markup("<td data-label=\"")
        self.text(label)
        self.markup("\"><a href=\"")
        self.text(href)
        self.markup("\">")
        self.text(text)
        self.markup("</a></td>")
    }
}

/// Where the portal's page of an institution is, in the page's language.
struct InstitutionLink {
    var slug: String
    /// "" or "?lang=en".
    var query: String

    func href(_ id: UUID) -> String { "/p/\(self.slug)/institutions/\(id.lowercasedString)\(self.query)" }

    /// The page of a draw target, whose id is an institution's id.
    func href(target: String) -> String? { UUID(uuidString: target).map(self.href) }
}

struct RatingRow {
    var institutionID: UUID
    var institution, level, stars, validUntil: String

    static func html(_ rows: [RatingRow], _ text: PortalText, link: InstitutionLink) -> String {
        var html = HTMLFragment(capacity: rows.count * 200)
        for row in rows {
            html.markup("<tr>")
            html.linkCell(text["institution"], href: link.href(row.institutionID), row.institution)
            html.markup("<td data-level=\"")
            html.text(row.level)
            html.markup("\" data-label=\"")
            html.text(text["level"])
            html.markup("\">")
            html.text(row.stars)
            html.markup("</td>")
            html.cell(text["validUntil"], row.validUntil)
            html.markup("</tr>")
        }
        return html.string
    }
}

struct ListingRow {
    var institutionID: UUID
    var institution, representative, reason, listedAt, listedUntil: String

    static func html(_ rows: [ListingRow], _ text: PortalText, link: InstitutionLink) -> String {
        var html = HTMLFragment(capacity: rows.count * 256)
        for row in rows {
            html.markup("<tr>")
            html.linkCell(text["institution"], href: link.href(row.institutionID), row.institution)
            html.cell(text["representative"], row.representative)
            html.cell(text["reason"], row.reason)
            html.cell(text["listed"], "\(row.listedAt) – \(row.listedUntil)")
            html.markup("</tr>")
        }
        return html.string
    }
}

struct OutcomeRow {
    var institutionID: UUID
    var institution, date, outcome, failedItems: String

    static func html(_ rows: [OutcomeRow], _ text: PortalText, link: InstitutionLink) -> String {
        var html = HTMLFragment(capacity: rows.count * 200)
        for row in rows {
            html.markup("<tr>")
            html.linkCell(text["institution"], href: link.href(row.institutionID), row.institution)
            html.cell(text["date"], row.date)
            html.cell(text["outcome"], row.outcome)
            html.cell(text["failedItems"], row.failedItems)
            html.markup("</tr>")
        }
        return html.string
    }
}

/// A line of the directory of institutions.
struct DirectoryRow {
    var entry: PublicDirectoryEntry

    static func html(_ rows: [DirectoryRow], _ text: PortalText, link: InstitutionLink) -> String {
        var html = HTMLFragment(capacity: rows.count * 400)
        for row in rows {
            let entry = row.entry
            html.markup("<tr data-institution=\"")
            html.text(entry.id.lowercasedString)
            html.markup("\">")
            var name = entry.name
            if entry.status != .operating {
                name += text["statusNote"].replacingOccurrences(of: "#", with: text.label("status", entry.status.rawValue))
            }
            html.linkCell(text["name"], href: link.href(entry.id), name)
            html.cell(text["district"], entry.district)
            html.cell(text["address"], entry.address)
            html.cell(text["beds"], String(entry.beds))
            html.markup("<td data-label=\"")
            html.text(text["rating"])
            html.markup("\" data-rating=\"")
            html.text(entry.ratingLevel.map(String.init) ?? "none")
            html.markup("\">")
            html.text(text.stars(entry.ratingLevel))
            html.markup("</td>")
            html.markup("<td class=\"tel\" data-label=\"")
            html.text(text["phone"])
            html.markup("\">")
            html.text(entry.contactPhone)
            html.markup("</td></tr>")
        }
        return html.string
    }
}

/// A roster target (name, weight, id) or inspector (name, id).
struct RosterRow {
    var id, name, weight: String

    static func targetsHTML(_ rows: [RosterRow], _ text: PortalText, link: InstitutionLink) -> String {
        var html = HTMLFragment(capacity: rows.count * 200)
        for row in rows {
            html.markup("<tr>")
            if let href = link.href(target: row.id) {
                html.linkCell(text["institution"], href: href, row.name)
            } else {
                html.cell(text["institution"], row.name)
            }
            html.cell(text["weight"], row.weight)
            html.markup("<td data-label=\"")
            html.text(text["targetID"])
            html.markup("\"><code>")
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
    /// The target's page, when the target is an institution.
    var href: String?

    static func html(_ rows: [AssignmentRow], separator: String) -> String {
        var html = HTMLFragment(capacity: rows.count * 128)
        for row in rows {
            html.markup("<li>")
            if let href = row.href {
                html.markup("<a href=\"")
                html.text(href)
                html.markup("\">")
                html.text(row.target)
                html.markup("</a>")
            } else {
                html.text(row.target)
            }
            html.text(separator)
            html.text(row.inspectors)
            html.markup("</li>")
        }
        return html.string
    }
}
