import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// A case's page (`/w/cases/{id}`): what was received, its deadlines, its timeline, and
/// who complained, shown only to the person handling it (or, before anyone is assigned,
/// to the tenant's regulators, who must reach a complainant to accept). Its forms take
/// the case's steps through the same use case as the API: take it on ("assign to me"),
/// accept, investigate, reject or conclude.
struct CasePages {
    let accounts: AccountUseCases
    let cases: CaseUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w/cases/:id", use: self.show)
        router.post("w/cases/:id", use: self.step)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "case")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "case") { caller, page in
            try await self.fill(&page, caller, id: id)
            return PageForms.html(self.library, "w-case", page.values)
        }
    }

    @Sendable func step(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "case")
        return try await WorkbenchPage.posted(request, self.accounts, heading: "case") { caller, fields, page in
            let (action, input) = try Self.step(fields, accountID: caller.principal?.accountID)
            _ = try await self.cases.step(caller, action, id: id, input)
            return PageForms.redirect(page.link(request.uri.path))
        } failed: { caller, _, page in
            try await self.fill(&page, caller, id: id)
            return PageForms.html(self.library, "w-case", page.values)
        }
    }

    /// The step a form asks for, with what it typed.
    static func step(_ fields: [String: String], accountID: UUID?) throws -> (Case.Action, CaseStepInput) {
        func value(_ name: String) -> String? {
            let text = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        if fields["action"] == "assign-me" { return (.assign, CaseStepInput(handlerAccountID: accountID)) }
        let action = try ReviewPages.action(fields, [.accept, .investigate, .reject, .conclude], Case.Action.init(rawValue:))
        var result: Case.Result? = nil
        if action == .conclude, let raw = value("result") {
            guard let parsed = Case.Result(rawValue: raw) else {
                throw DomainError.invalid([FieldError("result", "must be one of \(Case.Result.allCases.map(\.rawValue).joined(separator: ", "))")])
            }
            result = parsed
        }
        let input = CaseStepInput(
            text: value("text"),
            result: result,
            reply: value("reply"),
            notice: action == .conclude ? value("notice") : nil
        )
        return (action, input)
    }

    func fill(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let record = try await self.cases.read(caller, id: id)
        let language = page.language
        let words = page.words
        page.values["title"] = (words["case"] ?? "") + " " + record.number
        page.values["navTodo"] = true
        page.values["action"] = page.link("/w/cases/\(id.lowercasedString)")
        if let institution = record.institutionID {
            ReviewPages.institutionLink(&page, institution, record.institution?.name)
        }
        page.values["hasInstitution"] = record.institutionID != nil
        let deadline = record.concludeBy ?? record.acknowledgeBy
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": record.state.label.text(in: language)],
            ["label": words["channel"] ?? "", "value": record.channel.label.text(in: language)],
            ["label": words["receivedOn"] ?? "", "value": record.receivedOn],
            ["label": words["caseDeadline"] ?? "", "value": deadline + (record.overdue ? " · " + (words["overdue"] ?? "") : "")],
            ["label": words["handler"] ?? "", "value": record.handler ?? "—"],
            ["label": words["safety"] ?? "", "value": record.safety ? (words["yes"] ?? "") : (words["no"] ?? "")],
            ["label": words["result"] ?? "", "value": record.result?.label.text(in: language) ?? "—"],
        ]
        page.values["description"] = record.description
        page.values["conclusion"] = record.conclusion ?? false
        page.values["reply"] = record.reply ?? false
        // Who complained: read (and audited) only where the policy lets this person see it.
        do {
            let complainants = try await self.cases.complainants(caller, id: id)
            page.values["complainants"] = complainants.map { ["name": $0.name, "contact": $0.contact] }
            page.values["anonymous"] = complainants.isEmpty
            page.values["hasComplainants"] = !complainants.isEmpty
            page.values["complainantsHidden"] = false
        } catch DomainError.forbidden {
            page.values["complainants"] = [[String: String]]()
            page.values["anonymous"] = false
            page.values["hasComplainants"] = false
            page.values["complainantsHidden"] = true
        }
        let steps = try await self.cases.timeline(caller, id: id)
        page.values["steps"] = steps.map { step -> [String: Any] in
            [
                "at": WorkbenchPage.time(step.at), "action": (Case.Action(rawValue: step.action)?.label ?? step.to.label).text(in: language),
                // The receipt's text is its channel, a term: shown as a word of the page's language.
                "text": (step.action == "receive" ? step.text.flatMap(Complaint.Channel.init(rawValue:))?.label.text(in: language) : nil)
                    ?? step.text ?? "",
            ]
        }
        let open = !record.state.isFinal
        let mine = record.handlerAccountID != nil && record.handlerAccountID == caller.principal?.accountID
        page.values["canTake"] = open && !mine
        page.values["canAccept"] = record.state == .received
        page.values["canReject"] = record.state == .received
        page.values["canInvestigate"] = record.state == .accepted
        page.values["canConclude"] = record.state == .accepted || record.state == .investigating
        page.values["results"] = Case.Result.allCases.map {
            ["value": $0.rawValue, "label": $0.label.text(in: language), "selected": page.values["f_result"] as? String == $0.rawValue]
        }
    }
}
