import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// A penalty decision as the A4 document it is (行政处罚决定书), or, before the decision,
/// the prior notice of the intended penalty (行政处罚事先告知) with the party's windows.
/// The regulator reads it at `/w/penalties/{id}`; the institution concerned at
/// `/i/penalties/{id}`, where plain forms let it state its case, waive it or ask for a
/// hearing while its windows are open, and apply for credit repair once it may.
struct PenaltyPages {
    let accounts: AccountUseCases
    let penalties: PenaltyUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w/penalties/:id", use: self.regulatorPage)
        router.get("i/penalties/:id", use: self.institutionPage)
        router.post("i/penalties/:id", use: self.institutionStep)
    }

    @Sendable func regulatorPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "penalty")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "penaltyTitle") { caller, page in
            let decision = try await self.penalties.read(caller, id: id)
            Self.fill(&page, decision)
            page.values["backHref"] = page.link("/w/institutions/\(decision.institutionID.lowercasedString)")
            page.values["backText"] = page.words["backInstitution"] ?? ""
            return PageForms.html(self.library, "penalty-print", page.values)
        }
    }

    @Sendable func institutionPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "penalty")
        return try await WorkbenchPage.person(request, self.accounts, .institution, heading: "penaltyTitle") { caller, page in
            try await self.fillForInstitution(&page, caller, id: id)
            return PageForms.html(self.library, "penalty-print", page.values)
        }
    }

    /// `action`: `answer` (text, and `hearing` to ask for one), `waive`, or `repair` (reason).
    @Sendable func institutionStep(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "penalty")
        return try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "penaltyTitle") { caller, form, page in
            let text = form.fields["text"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            switch form.fields["action"] {
            case "answer":
                let answer = PenaltyUseCases.Answer(text: text, waived: false, hearingRequested: form.fields["hearing"] == "yes")
                _ = try await self.penalties.answer(caller, id: id, answer)
            case "waive":
                _ = try await self.penalties.answer(caller, id: id, PenaltyUseCases.Answer(text: nil, waived: true, hearingRequested: false))
            case "repair":
                _ = try await self.penalties.requestRepair(caller, id: id, reason: text ?? "")
            default:
                throw DomainError.invalid([FieldError("action", "must be one of answer, waive, repair")])
            }
            return PageForms.redirect(page.link(request.uri.path))
        } failed: { caller, _, page in
            try await self.fillForInstitution(&page, caller, id: id)
            return PageForms.html(self.library, "penalty-print", page.values)
        }
    }

    func fillForInstitution(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let decision = try await self.penalties.read(caller, id: id)
        let today = try await self.penalties.today(caller)
        Self.fill(&page, decision)
        page.values["backHref"] = page.link("/i")
        page.values["backText"] = page.words["institutionHome"] ?? ""
        page.values["action"] = page.link("/i/penalties/\(id.lowercasedString)")
        page.values["canAnswer"] = decision.state == .notified && decision.statement == nil
        page.values["canAskHearing"] =
            decision.priorNotice.map { $0.hearingRight && today <= ($0.hearingUntil ?? "") } ?? false
        page.values["canRepair"] = decision.repairBlocked(today: today) == nil
        page.values["repairFrom"] = decision.isPublic(today: today) ? decision.repairFrom.map(NoticePages.chineseDate) ?? false : false
    }

    /// The document's values; the document is Chinese whatever the page's language.
    static func fill(_ page: inout WorkbenchPage, _ decision: PenaltyDecision) {
        let language = page.language
        let content = decision.content
        page.values["title"] = decision.state == .decided ? "行政处罚决定书" : "行政处罚事先告知"
        page.values["decided"] = decision.state == .decided
        page.values["draft"] = decision.state == .draft
        page.values["number"] = decision.number ?? ""
        page.values["authority"] = content?.authority ?? ""
        page.values["caseNumber"] = content?.caseNumber ?? false
        page.values["party"] =
            content.map { content -> [[String: String]] in
                [
                    ["label": "当事人", "value": content.party.name], ["label": "统一社会信用代码", "value": content.party.creditCode],
                    ["label": "法定代表人（负责人）", "value": content.party.legalRepresentative], ["label": "地址", "value": content.party.address],
                ]
            } ?? [["label": "当事人", "value": decision.institution?.name ?? ""]]
        page.values["facts"] = decision.facts
        page.values["evidence"] = decision.evidence.enumerated().map { ["no": $0.offset + 1, "text": $0.element] }
        page.values["follows"] = content.map { $0.follows.isEmpty ? false : $0.follows.joined(separator: "、") as Any } ?? false
        page.values["statement"] = content?.statement ?? false
        page.values["corrects"] = content?.corrects.map { "本决定书更正" + $0 + "行政处罚决定书，原决定书自本决定作出之日起不再执行。" } ?? false
        page.values["superseded"] = decision.supersededOn.map { "本决定书已于" + NoticePages.chineseDate($0) + "被更正，不再执行。" } ?? false
        page.values["legalBasis"] = decision.legalBasis
        page.values["penalties"] = decision.penalties.enumerated().map { index, penalty -> [String: Any] in
            ["no": index + 1, "category": penalty.category.label.text(in: .chinese), "content": penalty.content]
        }
        page.values["review"] = content?.review ?? false
        page.values["decidedOn"] = content.map { NoticePages.chineseDate($0.decidedOn) } ?? ""
        page.values["sha256"] = decision.contentSHA256 ?? false
        page.values["prior"] =
            decision.priorNotice.map { prior -> [String: Any] in
                [
                    "notifiedOn": NoticePages.chineseDate(prior.notifiedOn), "statementUntil": NoticePages.chineseDate(prior.statementUntil),
                    "hearingUntil": prior.hearingUntil.map(NoticePages.chineseDate) ?? false,
                ]
            } ?? false
        page.values["answered"] =
            decision.statement.map { statement -> String in
                statement.waived ? "当事人已放弃陈述、申辩。" : "当事人已陈述、申辩：" + statement.text + (statement.hearingRequested ? "（已申请听证）" : "")
            } ?? false
        page.values["publication"] =
            decision.publishedOn.map { published -> String in
                "已于" + NoticePages.chineseDate(published) + "公示，公示至" + NoticePages.chineseDate(decision.publicationEnd ?? "") + "前。"
                    + (decision.repairedOn.map { "已于" + NoticePages.chineseDate($0) + "信用修复，不再公示。" } ?? "")
            } ?? false
        page.values["stateLine"] = (page.words["noticeState"] ?? "").replacingOccurrences(of: "#", with: decision.state.label.text(in: language))
    }
}
