import Foundation

/// The checklist's item forms of the inspector's phone (`m-sheet`), rendered straight to
/// HTML (`HTMLFragment`) as the portal's long tables are: a checklist has some fifty
/// items of a dozen fields each, and swift-mustache's dynamic lookups of them were most
/// of the page's time. The markup is the template's; every value is escaped.
enum SheetItemsHTML {
    struct Item {
        var code: String
        var text: String
        var mandatory: Bool
        var allowsNotApplicable: Bool
        var action: String
        var key: String
        var saved: Bool
        /// The chosen result's raw value, or nil.
        var chosen: String?
        var note: String
        var finding: String
        var major: Bool
        var photos: [(href: String, thumb: String, name: String)]
    }

    static func render(_ items: [Item], words: [String: String], csrf: String) -> String {
        var html = HTMLFragment(capacity: items.count * 2400)
        func word(_ key: String) -> String { words[key] ?? key }
        for item in items {
            html.markup("<li id=\"item-")
            html.text(item.code)
            html.markup("\" class=\"item\" data-item=\"")
            html.text(item.code)
            html.markup(item.saved ? "\" data-saved>" : "\">")
            html.markup("\n<form method=\"post\" action=\"")
            html.text(item.action)
            html.markup("\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\" data-answer>\n<input type=\"hidden\" name=\"csrf\" value=\"")
            html.text(csrf)
            html.markup("\"><input type=\"hidden\" name=\"key\" value=\"")
            html.text(item.key)
            html.markup("\">\n<fieldset><legend><span class=\"code\">")
            html.text(item.code)
            html.markup("</span> ")
            html.text(item.text)
            if item.mandatory { html.markup(" <span class=\"mandatory\">★</span>") }
            html.markup("</legend>\n<p class=\"status\" data-status>")
            html.text(word(item.saved ? "itemSaved" : "unsaved"))
            html.markup("</p>\n<div class=\"choices\">\n")
            var choices: [(String, String)] = [("pass", "pass"), ("fail", "fail")]
            if item.allowsNotApplicable { choices.append(("not_applicable", "notApplicable")) }
            for (index, (value, label)) in choices.enumerated() {
                html.markup("<label class=\"choice\"><input type=\"radio\" name=\"result\" value=\"")
                html.text(value)
                html.markup("\"")
                if item.chosen == value { html.markup(" checked") }
                if index == 0 { html.markup(" required") }
                html.markup("> ")
                html.text(word(label))
                html.markup("</label>\n")
            }
            html.markup("</div>\n<details class=\"more\"")
            if !item.note.isEmpty || !item.finding.isEmpty || item.chosen == "fail" { html.markup(" open") }
            html.markup("><summary>")
            html.text(word("findingAndNote"))
            html.markup("</summary>\n")
            Self.textarea(&html, id: "finding-" + item.code, name: "finding", label: word("findingText"), value: item.finding)
            html.markup("<label class=\"check\"><input type=\"checkbox\" name=\"major\"")
            if item.major { html.markup(" checked") }
            html.markup("> ")
            html.text(word("majorFinding"))
            html.markup("</label>\n")
            Self.textarea(&html, id: "note-" + item.code, name: "note", label: word("note"), value: item.note)
            html.markup("</details>\n<label for=\"photo-")
            html.text(item.code)
            html.markup("\">")
            html.text(word("takePhoto"))
            html.markup("</label>\n<input id=\"photo-")
            html.text(item.code)
            html.markup("\" type=\"file\" name=\"photo\" accept=\"image/*\" capture=\"environment\">\n")
            if !item.photos.isEmpty {
                html.markup("<p class=\"hint\">")
                html.text(word("photos"))
                html.markup("</p>\n")
            }
            html.markup("<ul class=\"photos\">")
            for photo in item.photos {
                html.markup("<li><a href=\"")
                html.text(photo.href)
                html.markup("\"><img class=\"thumb\" src=\"")
                html.text(photo.thumb)
                html.markup("\" alt=\"")
                html.text(photo.name)
                html.markup("\" loading=\"lazy\"></a></li>")
            }
            html.markup("</ul>\n<button type=\"submit\">")
            html.text(word("saveItem"))
            html.markup("</button>\n</fieldset></form></li>")
        }
        return html.string
    }

    static func textarea(_ html: inout HTMLFragment, id: String, name: StaticString, label: String, value: String) {
        html.markup("<label for=\"")
        html.text(id)
        html.markup("\">")
        html.text(label)
        html.markup("</label>\n<textarea id=\"")
        html.text(id)
        html.markup("\" name=\"")
        html.markup(name)
        html.markup("\" rows=\"2\" maxlength=\"4000\">")
        html.text(value)
        html.markup("</textarea>\n")
    }
}
