import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// The records a regulator judges, each with its forms: an inspection to review, return
/// or publish (`/w/inspections/{id}`), a hazard's rectification to verify or reject and
/// its extension request to decide (`/w/hazards/{id}`), and a blacklist entry's
/// objection to decide (`/w/blacklist/{id}`: list it anyway, or withdraw it). Each form
/// takes one step through the same use case as the API, so the same rules refuse it.
struct ReviewPages {
    let accounts: AccountUseCases
    let inspections: InspectionUseCases
    let checklists: ChecklistUseCases
    let hazards: HazardUseCases
    let blacklist: BlacklistUseCases
    let institutions: InstitutionUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w/inspections/:id", use: self.inspection)
        router.post("w/inspections/:id", use: self.stepInspection)
        router.get("w/hazards/:id", use: self.hazard)
        router.post("w/hazards/:id", use: self.stepHazard)
        router.get("w/blacklist/:id", use: self.entry)
        router.post("w/blacklist/:id", use: self.stepEntry)
    }

    // MARK: - Inspections

    @Sendable func inspection(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.show(request, context, "inspection", template: "w-inspection", fill: self.fillInspection)
    }

    @Sendable func stepInspection(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.take(request, context, "inspection", template: "w-inspection", fill: self.fillInspection) { caller, id, fields in
            let action = try Self.action(fields, [.review, .returnToInspector, .publish], InspectionAction.init(rawValue:))
            let reason = fields["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await self.inspections.step(caller, action, id: id, reason: action == .returnToInspector ? reason ?? "" : nil)
        }
    }

    func fillInspection(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let detail = try await self.inspections.read(caller, id: id)
        let inspection = detail.inspection
        let checklist = try await self.checklists.version(caller, id: inspection.templateVersionID)
        let language = page.language
        let words = page.words
        let items = Dictionary(checklist.items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        page.values["title"] = (inspection.institution?.name ?? "") + " · " + inspection.scheduledOn
        page.values["navTodo"] = true
        page.values["action"] = page.link("/w/inspections/\(id.lowercasedString)")
        Self.institutionLink(&page, inspection.institutionID, inspection.institution?.name)
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": inspection.state.label.text(in: language)],
            ["label": words["inspectionDay"] ?? "", "value": inspection.scheduledOn],
            ["label": words["inspectors"] ?? "", "value": (inspection.inspectors ?? []).map(\.name).joined(separator: "、")],
            ["label": words["checklist"] ?? "", "value": checklist.title],
            ["label": words["score"] ?? "", "value": inspection.evaluation.map { String(format: "%.0f %%", $0.score * 100) } ?? "—"],
        ]
        page.values["returnReason"] = inspection.returnReason ?? false
        let rows = detail.results.map { result -> [String: Any] in
            let item = items[result.itemCode]
            return [
                "code": result.itemCode, "text": (language == .english ? item?.textEn : item?.text) ?? "",
                "result": result.result.label.text(in: language), "failed": result.result == .fail, "note": result.note,
                "finding": result.finding.map { $0.description + ($0.major ? "（" + (words["major"] ?? "") + "）" : "") } ?? false,
                "files": result.attachments.map(Self.file),
            ]
        }
        // What failed comes first and open; the rest folds away under a count.
        page.values["failedResults"] = rows.filter { $0["failed"] as? Bool == true }
        page.values["otherResults"] = rows.filter { $0["failed"] as? Bool != true }
        page.values["noResults"] = detail.results.isEmpty
        page.values["noFailures"] = !detail.results.isEmpty && !detail.results.contains { $0.result == .fail }
        page.values["othersSummary"] = (words["otherResults"] ?? "#").replacingOccurrences(
            of: "#",
            with: String(detail.results.filter { $0.result != .fail }.count)
        )
        page.values["steps"] = inspection.steps.map { step -> [String: Any] in
            [
                "at": WorkbenchPage.time(step.at), "action": step.action.label.text(in: language), "reason": step.reason ?? "",
                "who": Role(rawValue: step.actorRole)?.label.text(in: language) ?? step.actorRole,
            ]
        }
        page.values["canReview"] = inspection.state == .submitted
        page.values["canPublish"] = inspection.state == .reviewed
    }

    // MARK: - Hazards

    @Sendable func hazard(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.show(request, context, "hazard", template: "w-hazard", fill: self.fillHazard)
    }

    @Sendable func stepHazard(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.take(request, context, "hazard", template: "w-hazard", fill: self.fillHazard) { caller, id, fields in
            switch fields["action"] {
            case "approve-extension", "deny-extension":
                _ = try await self.hazards.decideExtension(caller, id: id, approve: fields["action"] == "approve-extension")
            default:
                let action = try Self.action(fields, [.verify, .reject], Hazard.Action.init(rawValue:))
                _ = try await self.hazards.step(caller, action, id: id, text: Self.text(fields), evidence: nil)
            }
        }
    }

    func fillHazard(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let hazard = try await self.hazards.read(caller, id: id)
        let language = page.language
        let words = page.words
        page.values["title"] = hazard.description
        page.values["navTodo"] = true
        page.values["action"] = page.link("/w/hazards/\(id.lowercasedString)")
        Self.institutionLink(&page, hazard.institutionID, hazard.institution?.name)
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": hazard.state.label.text(in: language)],
            [
                "label": words["hazardCategory"] ?? "",
                "value": hazard.category.label.text(in: language) + (hazard.major ? "（" + (words["major"] ?? "") + "）" : ""),
            ],
            ["label": words["location"] ?? "", "value": hazard.location.isEmpty ? "—" : hazard.location],
            ["label": words["deadline"] ?? "", "value": hazard.deadline + (hazard.overdue ? " · " + (words["overdue"] ?? "") : "")],
            ["label": words["responsible"] ?? "", "value": hazard.responsiblePerson],
            ["label": words["plan"] ?? "", "value": hazard.plan ?? "—"],
            ["label": words["rectificationNote"] ?? "", "value": hazard.rectificationNote ?? "—"],
        ]
        page.values["rejectionReason"] = hazard.rejectionReason ?? false
        page.values["files"] = hazard.evidence.map(Self.file)
        page.values["noFiles"] = hazard.evidence.isEmpty
        page.values["canJudge"] = hazard.state == .rectified
        let pending = hazard.extensions.last.flatMap { $0.decision == .pending ? $0 : nil }
        page.values["extension"] =
            pending.map { ["deadline": $0.requestedDeadline, "reason": $0.reason, "at": WorkbenchPage.time($0.requestedAt)] } ?? false
        page.values["extensions"] = hazard.extensions.map {
            ["deadline": $0.requestedDeadline, "reason": $0.reason, "decision": $0.decision.label.text(in: language)]
        }
        page.values["hasExtensions"] = !hazard.extensions.isEmpty
    }

    // MARK: - Blacklist entries

    @Sendable func entry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.show(request, context, "blacklist entry", template: "w-blacklist", fill: self.fillEntry)
    }

    @Sendable func stepEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.take(request, context, "blacklist entry", template: "w-blacklist", fill: self.fillEntry) { caller, id, fields in
            let action = try Self.action(fields, [.list, .withdraw], BlacklistEntry.Action.init(rawValue:))
            _ = try await self.blacklist.step(caller, action, id: id, text: Self.text(fields), removal: nil)
        }
    }

    func fillEntry(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let entry = try await self.blacklist.read(caller, id: id)
        let language = page.language
        let words = page.words
        page.values["navTodo"] = true
        page.values["action"] = page.link("/w/blacklist/\(id.lowercasedString)")
        let institution = try await self.institutions.read(caller, id: entry.institutionID)
        page.values["title"] = institution.name + " · " + (words["blacklistEntry"] ?? "")
        Self.institutionLink(&page, entry.institutionID, institution.name)
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": entry.state.label.text(in: language)],
            ["label": words["reason"] ?? "", "value": entry.reason.text(in: page.language)],
            ["label": words["facts"] ?? "", "value": entry.facts],
            ["label": words["legalBasis"] ?? "", "value": entry.legalBasis],
            ["label": words["objectionDeadline"] ?? "", "value": entry.objectionDeadline.map { WorkbenchPage.time($0) } ?? "—"],
        ]
        page.values["objection"] = entry.objection ?? false
        page.values["objectionFiles"] = (entry.objectionEvidence ?? []).map(Self.file)
        page.values["files"] = entry.documents.map(Self.file)
        page.values["noFiles"] = entry.documents.isEmpty
        page.values["canDecide"] = entry.state == .notified && entry.objection != nil
    }

    // MARK: - Shared

    /// A record's page, filled by `fill` (which titles it).
    func show(
        _ request: Request,
        _ context: AppRequestContext,
        _ what: Message,
        template: String,
        fill: @escaping (inout WorkbenchPage, Caller, UUID) async throws -> Void
    ) async throws -> Response {
        let id = try WorkbenchPage.id(context, what)
        return try await WorkbenchPage.regulator(request, self.accounts, heading: template) { caller, page in
            try await fill(&page, caller, id)
            return PageForms.html(self.library, template, page.values)
        }
    }

    /// A step on a record by its page's form (`perform`), then back to the page; a refused
    /// step renders the page again with the reasons.
    func take(
        _ request: Request,
        _ context: AppRequestContext,
        _ what: Message,
        template: String,
        fill: @escaping (inout WorkbenchPage, Caller, UUID) async throws -> Void,
        perform: @escaping (Caller, UUID, [String: String]) async throws -> Void
    ) async throws -> Response {
        let id = try WorkbenchPage.id(context, what)
        return try await WorkbenchPage.posted(request, self.accounts, heading: template) { caller, fields, page in
            try await perform(caller, id, fields)
            return PageForms.redirect(page.link(request.uri.path))
        } failed: { caller, _, page in
            try await fill(&page, caller, id)
            return PageForms.html(self.library, template, page.values)
        }
    }

    /// The form's `text`, or nil when it is empty.
    static func text(_ fields: [String: String]) -> String? {
        let text = fields["text"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : text
    }

    /// The step a form's `action` names, when it is one this page offers.
    static func action<A: RawRepresentable>(_ fields: [String: String], _ offered: [A], _ make: (String) -> A?) throws -> A
    where A.RawValue == String, A: Equatable {
        guard let action = fields["action"].flatMap(make), offered.contains(action) else {
            throw DomainError.invalid([FieldError("action", "must be one of \(offered.map(\.rawValue).joined(separator: ", "))")])
        }
        return action
    }

    /// An evidence file as the pages show it: its name linking to the stored file, its
    /// SHA-256 to cite, and a photo shown on the page.
    static func file(_ attachment: Attachment) -> [String: Any] {
        let name = attachment.fileName.lowercased()
        let photo = [".jpg", ".jpeg", ".png", ".webp", ".heic"].contains { name.hasSuffix($0) }
        return [
            "name": attachment.fileName, "href": "/dashboard/files/\(attachment.sha256)", "sha256": attachment.sha256,
            "photo": photo,
        ]
    }

    static func institutionLink(_ page: inout WorkbenchPage, _ id: UUID, _ name: String?) {
        page.values["institutionHref"] = page.link("/w/institutions/\(id.lowercasedString)")
        page.values["institutionName"] = name ?? page.words["institution"] ?? ""
    }
}
