import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import UseCases

/// The inspector's phone (`/m/…`, laid out for a 390 px screen first): the assignments,
/// the checklist where each item is its own form that saves as it goes (idempotent by
/// the form's key; `m-sheet.js` queues saves while offline and sends them when back),
/// the representative's on-site confirmation, submission, and the printable record
/// (`/m/inspections/{id}/record`, also `/w/inspections/{id}/record` for a regulator).
/// Everything works without script. Anyone but an inspector gets 404.
struct InspectorPages {
    let accounts: AccountUseCases
    let onSite: OnSiteUseCases
    let evidence: EvidenceUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("m", use: self.agenda)
        router.get("m/inspections/:id", use: self.sheet)
        router.post("m/inspections/:id/items/:code", use: self.save)
        router.get("m/inspections/:id/confirm", use: self.confirmForm)
        router.post("m/inspections/:id/confirm", use: self.confirm)
        router.post("m/inspections/:id/submit", use: self.submit)
        router.get("m/inspections/:id/record", use: self.record)
        router.get("w/inspections/:id/record", use: self.regulatorRecord)
        router.get("m/files/:sha256", use: self.file)
        router.get("m/files/:sha256/thumbnail", use: self.thumbnail)
    }

    @Sendable func agenda(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.person(request, self.accounts, .inspector, heading: "agenda") { caller, page in
            page.values["navMine"] = true
            let (due, upcoming) = try await self.onSite.agenda(caller)
            let link = page.linker
            let rows = { (assignments: [OnSiteUseCases.Assignment]) in
                assignments.map { Self.assignmentRow($0, link) }
            }
            page.values["due"] = rows(due)
            page.values["upcoming"] = rows(upcoming)
            page.values["noDue"] = due.isEmpty
            page.values["noUpcoming"] = upcoming.isEmpty
            return PageForms.html(self.library, "m-agenda", page.values)
        }
    }

    static func assignmentRow(_ assignment: OnSiteUseCases.Assignment, _ link: (String) -> String) -> [String: Any] {
        let inspection = assignment.inspection
        let institution = assignment.institution
        let address = institution.map { $0.district + $0.address } ?? ""
        return [
            "href": link("/m/inspections/\(inspection.id.lowercasedString)"), "day": inspection.scheduledOn,
            "name": institution?.name ?? inspection.institution?.name ?? "", "address": address,
            "map": "https://uri.amap.com/search?keyword=" + (address.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""),
            "phone": institution?.contactPhone ?? "",
            "tel": "tel:" + (institution?.contactPhone.filter { $0.isNumber || $0 == "+" || $0 == "-" } ?? ""),
            "started": inspection.state == .inProgress,
        ]
    }

    // MARK: - The checklist

    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        return try await WorkbenchPage.person(request, self.accounts, .inspector, heading: "agenda") { caller, page in
            try await self.fillSheet(&page, caller, id: id)
            return PageForms.html(self.library, "m-sheet", page.values)
        }
    }

    func fillSheet(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let sheet = try await self.onSite.sheet(caller, id: id)
        let inspection = sheet.detail.inspection
        let words = page.words
        let english = page.language == .english
        let results = Dictionary(sheet.detail.results.map { ($0.itemCode, $0) }, uniquingKeysWith: { first, _ in first })
        let base = "/m/inspections/\(id.lowercasedString)"
        page.values["navMine"] = true
        page.values["title"] = sheet.institution?.name ?? inspection.institution?.name ?? ""
        page.values["day"] = inspection.scheduledOn
        page.values["address"] = sheet.institution.map { $0.district + $0.address } ?? ""
        page.values["phone"] = sheet.institution?.contactPhone ?? ""
        page.values["open"] = inspection.state.acceptsResults
        page.values["stateLabel"] = inspection.state.label.text(in: page.language)
        page.values["returnReason"] = inspection.returnReason ?? false
        // One key per form and page view; the script adds a count per save.
        let keyBase = UUID().uuidString.lowercased()
        let failedCode = page.values["f_item"] as? String
        let typedMajor = page.values["f_major"] != nil
        let items = sheet.checklist.items.map { item -> SheetItemsHTML.Item in
            let result = results[item.code]
            // A refused save shows what was typed in its own form, not in the others.
            let typed = failedCode == item.code
            return SheetItemsHTML.Item(
                code: item.code,
                text: english ? item.textEn : item.text,
                mandatory: item.mandatory,
                allowsNotApplicable: item.allowsNotApplicable,
                action: page.link("\(base)/items/\(item.code)"),
                key: "\(keyBase)-\(item.code)",
                saved: result != nil,
                chosen: typed ? page.values["f_result"] as? String : result?.result.rawValue,
                note: typed ? page.values["f_note"] as? String ?? "" : result?.note ?? "",
                finding: typed ? page.values["f_finding"] as? String ?? "" : result?.finding?.description ?? "",
                major: typed ? typedMajor : result?.finding?.major ?? false,
                photos: (result?.attachments ?? []).map {
                    (href: "/m/files/\($0.sha256)", thumb: "/m/files/\($0.sha256)/thumbnail", name: $0.fileName)
                }
            )
        }
        page.values["itemsHTML"] = SheetItemsHTML.render(items, words: words, csrf: page.values["csrf"] as? String ?? "")
        let answered = sheet.checklist.items.filter { results[$0.code] != nil }.count
        page.values["progress"] = WorkbenchPage.fill(words["progress"] ?? "#", String(answered), String(sheet.checklist.items.count))
        page.values["allAnswered"] = answered == sheet.checklist.items.count
        page.values["confirmHref"] = page.link(base + "/confirm")
        page.values["submitAction"] = page.link(base + "/submit")
        page.values["recordHref"] = page.link(base + "/record")
        page.values["confirmed"] = sheet.confirmation.map { WorkbenchPage.fill(words["confirmedBy"] ?? "#", $0.representative) } ?? false
        page.values["canSubmit"] = inspection.state == .inProgress && answered == sheet.checklist.items.count && sheet.confirmation != nil
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        guard let code = context.parameters.get("code") else { throw Problem.notFound("page") }
        let save = { (caller: Caller, form: PostedForm) in
            try await self.onSite.saveAnswer(
                caller,
                id: id,
                key: form.fields["key"] ?? "",
                itemCode: code,
                fields: form.fields,
                photo: form.files["photo"]
            )
        }
        // The offline queue's script asks for JSON: it needs a yes or no (or a problem), not a page.
        guard request.headers[.accept]?.contains("application/json") == true else {
            return try await WorkbenchPage.posted(request, self.accounts, .inspector, heading: "agenda", multipart: true) { caller, form, page in
                _ = try await save(caller, form)
                return PageForms.redirect(page.link("/m/inspections/\(id.lowercasedString)") + "#item-" + code)
            } failed: { caller, _, page in
                page.values["f_item"] = code
                try await self.fillSheet(&page, caller, id: id)
                return PageForms.html(self.library, "m-sheet", page.values)
            }
        }
        guard let secret = PageForms.sessionSecret(request), try await WorkbenchPage.isLive(secret, self.accounts, .inspector) else {
            throw Problem.unauthorized
        }
        let form = try await PostedForm.multipart(request, secret: secret, limit: PostedForm.limit)
        guard
            let applied = try await self.accounts.withSession(
                secret: secret,
                { caller, person in
                    guard person.principal.role == .inspector else { throw Problem.notFound("page") }
                    return try await save(caller, form)
                }
            )
        else { throw Problem.unauthorized }  // the session ended meanwhile: sign in again
        return try JSONResponse.make(["item_code": code, "applied": applied ? "yes" : "no"])
    }

    // MARK: - Confirmation and submission

    @Sendable func confirmForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        return try await WorkbenchPage.person(request, self.accounts, .inspector, heading: "confirmTitle") { caller, page in
            try await self.fillConfirm(&page, caller, id: id)
            return PageForms.html(self.library, "m-confirm", page.values)
        }
    }

    func fillConfirm(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let sheet = try await self.onSite.sheet(caller, id: id)
        page.values["navMine"] = true
        page.values["institutionName"] = sheet.institution?.name ?? ""
        page.values["action"] = page.link("/m/inspections/\(id.lowercasedString)/confirm")
        page.values["backHref"] = page.link("/m/inspections/\(id.lowercasedString)")
        Self.summary(&page, sheet)
        if page.values["f_representative"] == nil { page.values["f_representative"] = sheet.confirmation?.representative ?? "" }
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        return try await WorkbenchPage.posted(request, self.accounts, .inspector, heading: "confirmTitle", multipart: true) { caller, form, page in
            _ = try await self.onSite.confirm(caller, id: id, representative: form.fields["representative"] ?? "", signature: form.files["signature"])
            return PageForms.redirect(page.link("/m/inspections/\(id.lowercasedString)") + "#submit")
        } failed: { caller, _, page in
            try await self.fillConfirm(&page, caller, id: id)
            return PageForms.html(self.library, "m-confirm", page.values)
        }
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        return try await WorkbenchPage.posted(request, self.accounts, .inspector, heading: "agenda") { caller, _, page in
            _ = try await self.onSite.submit(caller, id: id)
            return PageForms.redirect(page.link("/m/inspections/\(id.lowercasedString)/record"))
        } failed: { caller, _, page in
            try await self.fillSheet(&page, caller, id: id)
            return PageForms.html(self.library, "m-sheet", page.values)
        }
    }

    // MARK: - The printed record

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await InspectionRecordPage.response(
            request,
            context,
            .inspector,
            accounts: self.accounts,
            onSite: self.onSite,
            library: self.library,
            files: "/m/files"
        ) { "/m/inspections/\($0.lowercasedString)" }
    }

    @Sendable func regulatorRecord(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await InspectionRecordPage.response(
            request,
            context,
            .regulator,
            accounts: self.accounts,
            onSite: self.onSite,
            library: self.library,
            files: "/dashboard/files"
        ) { "/w/inspections/\($0.lowercasedString)" }
    }

    /// Facts of the record the confirmation page shows above the signature.
    static func summary(_ page: inout WorkbenchPage, _ sheet: OnSiteUseCases.Sheet) {
        let results = sheet.detail.results
        let failed = results.filter { $0.result == .fail }
        let words = page.words
        page.values["facts"] = [
            ["label": words["inspectionDate"] ?? "", "value": sheet.detail.inspection.scheduledOn],
            ["label": words["inspectors"] ?? "", "value": (sheet.detail.inspection.inspectors ?? []).map(\.name).joined(separator: "、")],
            ["label": words["resultCol"] ?? "", "value": "\(words["fail"] ?? "") \(failed.count) / \(results.count)"],
        ]
        let texts = Dictionary(
            sheet.checklist.items.map { ($0.code, page.language == .english ? $0.textEn : $0.text) },
            uniquingKeysWith: { a, _ in a }
        )
        page.values["hasFailed"] = !failed.isEmpty
        page.values["failedItems"] = failed.map { ["text": texts[$0.itemCode] ?? $0.itemCode, "finding": $0.finding?.description ?? $0.note] }
    }

    // MARK: - Files

    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await PersonFiles.original(request, context, .inspector, self.accounts, self.evidence)
    }

    @Sendable func thumbnail(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await PersonFiles.thumbnail(request, context, .inspector, self.accounts, self.evidence)
    }
}
