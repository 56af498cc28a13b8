import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// The institution's own pages (`/i/…`), for staff with no IT help: its record and the
/// figures it may report itself, the hazards it is to rectify (plan, evidence with a
/// photo, an extension request), blacklist notices it may answer (an objection with
/// evidence), its self-assessment saved across visits, and the inspections published
/// about it with their printable records. Each form takes the same use case as the API;
/// anyone but an institution's account gets 404.
struct InstitutionPages {
    let accounts: AccountUseCases
    let institutions: InstitutionUseCases
    let hazards: HazardUseCases
    let blacklist: BlacklistUseCases
    let inspections: InspectionUseCases
    let selfAssessments: SelfAssessmentUseCases
    let notices: NoticeUseCases
    let penalties: PenaltyUseCases
    let onSite: OnSiteUseCases
    let evidence: EvidenceUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("i", use: self.home)
        router.post("i/figures", use: self.figures)
        router.get("i/hazards/:id", use: self.hazard)
        router.post("i/hazards/:id", use: self.stepHazard)
        router.get("i/blacklist/:id", use: self.entry)
        router.post("i/blacklist/:id", use: self.stepEntry)
        router.get("i/self-assessment", use: self.selfAssessment)
        router.post("i/self-assessment", use: self.saveSelfAssessment)
        router.get("i/inspections/:id/record", use: self.record)
        router.get("i/files/:sha256", use: self.file)
        router.get("i/files/:sha256/thumbnail", use: self.thumbnail)
    }

    // MARK: - Home

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.person(request, self.accounts, .institution, heading: "institutionHome") { caller, page in
            try await self.fillHome(&page, caller)
            return PageForms.html(self.library, "i-home", page.values)
        }
    }

    func fillHome(_ page: inout WorkbenchPage, _ caller: Caller) async throws {
        guard let id = caller.principal?.subjectID else { throw Problem.notFound("page") }
        let institution = try await self.institutions.read(caller, id: id)
        let words = page.words
        let language = page.language
        let link = page.linker
        page.values["navOurs"] = true
        page.values["title"] = institution.name
        page.values["facts"] = RegisterPages.details(institution, words, language)
        page.values["version"] = institution.version
        for key in ["beds", "nursing_beds", "residents", "staff"] where page.values["f_" + key] == nil {
            page.values["f_" + key] = Self.figure(institution, key)
        }
        let hazards = try await self.hazards.list(caller, filter: HazardFilter(institutionID: id), after: nil, limit: 100).items
        page.values["hazards"] = hazards.filter { !$0.isSettled }.map { hazard -> [String: Any] in
            [
                "href": link("/i/hazards/\(hazard.id.lowercasedString)"), "text": hazard.description, "deadline": hazard.deadline,
                "state": hazard.state.label.text(in: language), "overdue": hazard.overdue,
            ]
        }
        page.values["noHazards"] = !hazards.contains { !$0.isSettled }
        let notices = try await self.notices.list(caller, institutionID: id, state: nil, after: nil, limit: 50).items
        page.values["rectificationNotices"] = notices.map { notice -> [String: Any] in
            [
                "href": link("/i/notices/\(notice.id.lowercasedString)"), "number": notice.number ?? "",
                "state": notice.state.label.text(in: language), "deadline": notice.deadline.map { $0 as Any } ?? false,
                "overdue": notice.overdue,
                "toAcknowledge": notice.state == .issued,
            ]
        }
        page.values["noRectificationNotices"] = notices.isEmpty
        let penalties = try await self.penalties.list(caller, institutionID: id, state: nil, after: nil, limit: 50).items
        page.values["penaltyDecisions"] = penalties.map { decision -> [String: Any] in
            [
                "href": link("/i/penalties/\(decision.id.lowercasedString)"), "number": decision.number ?? words["penaltyNotified"] ?? "",
                "state": decision.state.label.text(in: language),
                "toAnswer": decision.state == .notified && decision.statement == nil,
                "until": decision.priorNotice.map { $0.statementUntil as Any } ?? false,
            ]
        }
        page.values["noPenaltyDecisions"] = penalties.isEmpty
        let entries = try await self.blacklist.list(caller, state: nil, institutionID: id, after: nil, limit: 50).items
        page.values["notices"] = entries.map { entry -> [String: Any] in
            [
                "href": link("/i/blacklist/\(entry.id.lowercasedString)"), "reason": entry.reason.text(in: language),
                "state": entry.state.label.text(in: language),
                "deadline": entry.objectionDeadline.map { WorkbenchPage.time($0) } ?? "—",
            ]
        }
        page.values["noNotices"] = entries.isEmpty
        let published = try await self.inspections.list(caller, filter: InspectionFilter(), after: nil, limit: 50).items
        page.values["inspections"] = published.map { inspection -> [String: Any] in
            [
                "href": link("/i/inspections/\(inspection.id.lowercasedString)/record"), "day": inspection.scheduledOn,
                "score": inspection.evaluation.map { String(format: "%.0f %%", $0.score * 100) } ?? "—",
                "compliant": inspection.evaluation?.compliant == true,
            ]
        }
        page.values["noPublished"] = published.isEmpty
        page.values["selfHref"] = link("/i/self-assessment")
        page.values["figuresAction"] = link("/i/figures")
    }

    static func figure(_ institution: Institution, _ key: String) -> String {
        switch key {
        case "beds": String(institution.beds)
        case "nursing_beds": String(institution.nursingBeds)
        case "residents": String(institution.residents)
        default: String(institution.staff)
        }
    }

    @Sendable func figures(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "institutionHome") { caller, form, page in
            guard let id = caller.principal?.subjectID else { throw Problem.notFound("page") }
            let fields = try Self.figureFields(form.fields)
            let version = Int(form.fields["version"] ?? "") ?? -1
            _ = try await self.institutions.update(caller, id: id, fields, expected: .oneOf([version]))
            return PageForms.redirect(page.link("/i") + "#figures")
        } failed: { caller, _, page in
            try await self.fillHome(&page, caller)
            return PageForms.html(self.library, "i-home", page.values)
        }
    }

    /// The four figures an institution reports, as whole numbers.
    static func figureFields(_ form: [String: String]) throws -> InstitutionFields {
        var fields = InstitutionFields()
        var errors: [FieldError] = []
        func number(_ key: String) -> Int? {
            guard let number = Int((form[key] ?? "").trimmingCharacters(in: .whitespaces)), (0...1_000_000).contains(number) else {
                errors.append(FieldError(key, "must be a whole number within \(0)…\(1_000_000)"))
                return nil
            }
            return number
        }
        fields.beds = number("beds")
        fields.nursingBeds = number("nursing_beds")
        fields.residents = number("residents")
        fields.staff = number("staff")
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return fields
    }

    // MARK: - Hazards

    @Sendable func hazard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "hazard")
        return try await WorkbenchPage.person(request, self.accounts, .institution, heading: "hazard") { caller, page in
            try await self.fillHazard(&page, caller, id: id)
            return PageForms.html(self.library, "i-hazard", page.values)
        }
    }

    func fillHazard(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let hazard = try await self.hazards.read(caller, id: id)
        let words = page.words
        let language = page.language
        page.values["navOurs"] = true
        page.values["title"] = hazard.description
        page.values["action"] = page.link("/i/hazards/\(id.lowercasedString)")
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": hazard.state.label.text(in: language)],
            ["label": words["location"] ?? "", "value": hazard.location.isEmpty ? "—" : hazard.location],
            ["label": words["deadline"] ?? "", "value": hazard.deadline + (hazard.overdue ? " · " + (words["overdue"] ?? "") : "")],
            ["label": words["plan"] ?? "", "value": hazard.plan ?? "—"],
            ["label": words["rectificationNote"] ?? "", "value": hazard.rectificationNote ?? "—"],
        ]
        page.values["rejectionReason"] = hazard.rejectionReason ?? false
        page.values["files"] = hazard.evidence.map { PersonFiles.file($0, prefix: "/i/files") }
        page.values["hasFiles"] = !hazard.evidence.isEmpty
        page.values["canPlan"] = hazard.state == .open || hazard.state == .rectifying
        page.values["canEvidence"] = hazard.state == .rectifying
        let pending = hazard.extensions.contains { $0.decision == .pending }
        page.values["canExtend"] = !hazard.isSettled && !pending
        page.values["pendingExtension"] = pending
        page.values["extensions"] = hazard.extensions.map {
            ["deadline": $0.requestedDeadline, "reason": $0.reason, "decision": $0.decision.label.text(in: language)]
        }
        page.values["hasExtensions"] = !hazard.extensions.isEmpty
    }

    @Sendable func stepHazard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "hazard")
        let multipart = request.headers[.contentType]?.lowercased().hasPrefix("multipart/") == true
        return try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "hazard", multipart: multipart) { caller, form, page in
            let text = ReviewPages.text(form.fields)
            switch form.fields["action"] {
            case "plan": _ = try await self.hazards.step(caller, .submitPlan, id: id, text: text, evidence: nil)
            case "evidence":
                var evidence: [Attachment] = []
                if let photo = form.files["photo"] { evidence.append(try await self.onSite.storeFile(caller, photo, field: "photo")) }
                _ = try await self.hazards.step(caller, .submitEvidence, id: id, text: text, evidence: evidence)
            case "extension":
                let deadline = (form.fields["deadline"] ?? "").trimmingCharacters(in: .whitespaces)
                _ = try await self.hazards.requestExtension(caller, id: id, deadline: deadline, reason: form.fields["reason"] ?? "")
            default: throw DomainError.invalid([FieldError("action", "must be one of \(["plan", "evidence", "extension"].joined(separator: ", "))")])
            }
            return PageForms.redirect(page.link("/i/hazards/\(id.lowercasedString)"))
        } failed: { caller, _, page in
            try await self.fillHazard(&page, caller, id: id)
            return PageForms.html(self.library, "i-hazard", page.values)
        }
    }

    // MARK: - Blacklist notices

    @Sendable func entry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "blacklist entry")
        return try await WorkbenchPage.person(request, self.accounts, .institution, heading: "blacklistEntry") { caller, page in
            try await self.fillEntry(&page, caller, id: id)
            return PageForms.html(self.library, "i-blacklist", page.values)
        }
    }

    func fillEntry(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let entry = try await self.blacklist.read(caller, id: id)
        let words = page.words
        page.values["navOurs"] = true
        page.values["action"] = page.link("/i/blacklist/\(id.lowercasedString)")
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": entry.state.label.text(in: page.language)],
            ["label": words["reason"] ?? "", "value": entry.reason.text(in: page.language)],
            ["label": words["facts"] ?? "", "value": entry.facts],
            ["label": words["legalBasis"] ?? "", "value": entry.legalBasis],
            ["label": words["objectionDeadline"] ?? "", "value": entry.objectionDeadline.map { WorkbenchPage.time($0) } ?? "—"],
        ]
        page.values["objection"] = entry.objection ?? false
        page.values["objectionFiles"] = (entry.objectionEvidence ?? []).map { PersonFiles.file($0, prefix: "/i/files") }
        page.values["files"] = entry.documents.map { PersonFiles.file($0, prefix: "/i/files") }
        page.values["hasFiles"] = !entry.documents.isEmpty
        let open = entry.state == .notified && entry.objection == nil && !entry.objectionWaived
        page.values["canObject"] = open && (entry.objectionDeadline.map { $0 > Date() } ?? false)
    }

    @Sendable func stepEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "blacklist entry")
        return try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "blacklistEntry", multipart: true) {
            caller,
            form,
            page in
            let action = try ReviewPages.action(form.fields, [.object, .waive], BlacklistEntry.Action.init(rawValue:))
            var evidence: [Attachment]?
            if action == .object, let file = form.files["evidence"] {
                evidence = [try await self.onSite.storeFile(caller, file, field: "evidence", photoOnly: false)]
            }
            _ = try await self.blacklist.step(
                caller,
                action,
                id: id,
                text: action == .object ? ReviewPages.text(form.fields) ?? "" : nil,
                removal: nil,
                evidence: evidence
            )
            return PageForms.redirect(page.link("/i/blacklist/\(id.lowercasedString)"))
        } failed: { caller, _, page in
            try await self.fillEntry(&page, caller, id: id)
            return PageForms.html(self.library, "i-blacklist", page.values)
        }
    }

    // MARK: - Self-assessment

    @Sendable func selfAssessment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let submitted = request.uri.queryParameters.get("submitted").flatMap { UUID(uuidString: String($0)) }
        return try await WorkbenchPage.person(request, self.accounts, .institution, heading: "selfAssessment") { caller, page in
            if let submitted {
                let assessment = try await self.selfAssessments.read(caller, id: submitted)
                page.values["submittedScore"] = String(format: "%.0f %%", assessment.evaluation.score * 100)
            }
            try await self.fillSelf(&page, caller, typed: nil)
            return PageForms.html(self.library, "i-self", page.values)
        }
    }

    func fillSelf(_ page: inout WorkbenchPage, _ caller: Caller, typed: [ItemResult]?) async throws {
        let (checklist, saved, savedAt) = try await self.selfAssessments.draft(caller)
        let words = page.words
        let english = page.language == .english
        let results = Dictionary((typed ?? saved).map { ($0.itemCode, $0) }, uniquingKeysWith: { first, _ in first })
        page.values["navOurs"] = true
        page.values["action"] = page.link("/i/self-assessment")
        page.values["version"] = checklist.id.lowercasedString
        page.values["checklist"] = checklist.title
        page.values["savedAt"] = savedAt.map { WorkbenchPage.fill(words["savedAt"] ?? "#", WorkbenchPage.time($0)) } ?? false
        page.values["answered"] = WorkbenchPage.fill(words["answered"] ?? "#", String(results.count), String(checklist.items.count))
        page.values["items"] = checklist.items.map { item -> [String: Any] in
            let chosen = results[item.code]?.result
            return [
                "code": item.code, "text": english ? item.textEn : item.text, "allowsNA": item.allowsNotApplicable,
                "pass": chosen == .pass, "fail": chosen == .fail, "na": chosen == .notApplicable, "note": results[item.code]?.note ?? "",
            ]
        }
        if let submitted = page.values["submittedScore"] as? String {
            page.values["submitted"] = WorkbenchPage.fill(words["selfSubmitted"] ?? "#", submitted)
        }
    }

    /// The form's answers: `result.{code}` and `note.{code}` for each item answered.
    static func answers(_ fields: [String: String]) -> [ItemResult] {
        fields.keys.filter { $0.hasPrefix("result.") }.sorted().compactMap { key in
            let code = String(key.dropFirst("result.".count))
            guard let result = fields[key].flatMap(ChecklistEvaluation.Result.init(rawValue:)) else { return nil }
            let note = (fields["note." + code] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return ItemResult(itemCode: code, result: result, note: note)
        }
    }

    @Sendable func saveSelfAssessment(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "selfAssessment") { caller, form, page in
            let answers = Self.answers(form.fields)
            guard let version = form.fields["version"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.invalid([FieldError("version", "is required")])
            }
            if form.fields["action"] == "submit" {
                let assessment = try await self.selfAssessments.submitDraft(caller, checklistVersionID: version, results: answers)
                // To the page by GET, so that reloading it does not submit again.
                return PageForms.redirect(page.link("/i/self-assessment?submitted=\(assessment.id.lowercasedString)"))
            }
            try await self.selfAssessments.saveDraft(caller, checklistVersionID: version, results: answers)
            return PageForms.redirect(page.link("/i/self-assessment"))
        } failed: { caller, form, page in
            try await self.fillSelf(&page, caller, typed: Self.answers(form.fields))
            return PageForms.html(self.library, "i-self", page.values)
        }
    }

    // MARK: - Published records and files

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await InspectionRecordPage.response(
            request,
            context,
            .institution,
            accounts: self.accounts,
            onSite: self.onSite,
            library: self.library,
            files: "/i/files"
        ) { _ in "/i" }
    }

    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await PersonFiles.original(request, context, .institution, self.accounts, self.evidence)
    }

    @Sendable func thumbnail(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await PersonFiles.thumbnail(request, context, .institution, self.accounts, self.evidence)
    }
}
