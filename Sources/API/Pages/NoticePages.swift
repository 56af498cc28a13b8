import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// A rectification notice as the A4 document it is (责令限期整改通知书): the authority,
/// the title and number, the party, the facts, the items with their legal basis, the
/// order and its deadline, the consequence, the authority and date, and under them the
/// service record and the SHA-256 of the issued content, so a printed copy can be
/// checked against the register. The regulator reads it at `/w/notices/{id}` (a draft
/// marked as such, without a number); the institution named reads its issued notices at
/// `/i/notices/{id}`, where it confirms receipt (electronic service) with a plain form.
struct NoticePages {
    let accounts: AccountUseCases
    let notices: NoticeUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w/notices/:id", use: self.regulatorPage)
        router.get("i/notices/:id", use: self.institutionPage)
        router.post("i/notices/:id", use: self.acknowledge)
    }

    @Sendable func regulatorPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "notice")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "noticeTitle") { caller, page in
            let notice = try await self.notices.read(caller, id: id)
            Self.fill(&page, notice)
            page.values["backHref"] = page.link("/w/institutions/\(notice.institutionID.lowercasedString)")
            page.values["backText"] = page.words["backInstitution"] ?? ""
            return PageForms.html(self.library, "notice-print", page.values)
        }
    }

    @Sendable func institutionPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "notice")
        return try await WorkbenchPage.person(request, self.accounts, .institution, heading: "noticeTitle") { caller, page in
            try await self.fillForInstitution(&page, caller, id: id)
            return PageForms.html(self.library, "notice-print", page.values)
        }
    }

    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "notice")
        return try await WorkbenchPage.posted(request, self.accounts, .institution, heading: "noticeTitle") { caller, form, page in
            let receiver = form.fields["receiver"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            _ = try await self.notices.acknowledge(caller, id: id, receiver: receiver)
            return PageForms.redirect(page.link(request.uri.path) + "#service")
        } failed: { caller, _, page in
            try await self.fillForInstitution(&page, caller, id: id)
            return PageForms.html(self.library, "notice-print", page.values)
        }
    }

    func fillForInstitution(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let notice = try await self.notices.read(caller, id: id)
        Self.fill(&page, notice)
        page.values["backHref"] = page.link("/i")
        page.values["backText"] = page.words["institutionHome"] ?? ""
        page.values["canAcknowledge"] = notice.state == .issued
        page.values["action"] = page.link("/i/notices/\(id.lowercasedString)")
    }

    /// The document's values. The document itself is Chinese whatever the page's language
    /// (it is the legal text); only the page's own words around it follow the reader.
    static func fill(_ page: inout WorkbenchPage, _ notice: RectificationNotice) {
        let words = page.words
        let language = page.language
        let content = notice.content
        page.values["title"] = "责令限期整改通知书"
        page.values["draft"] = notice.state == .draft
        page.values["number"] = notice.number ?? ""
        page.values["authority"] = content?.authority ?? ""
        page.values["party"] = content?.party.name ?? notice.institution?.name ?? ""
        page.values["facts"] = notice.facts
        page.values["items"] = notice.items.enumerated().map { index, item -> [String: Any] in
            ["no": index + 1, "text": item.text, "basis": item.legalBasis]
        }
        page.values["legalBasis"] = notice.legalBasis
        page.values["order"] = Self.order(notice)
        page.values["consequence"] = content?.consequence ?? ""
        page.values["corrects"] = content?.corrects.map { "本通知书更正" + $0 + "责令限期整改通知书，原通知书自本通知书送达之日起不再执行。" } ?? false
        page.values["issuedOn"] = content.map { Self.chineseDate($0.issuedOn) } ?? ""
        page.values["partyFacts"] =
            content.map { content -> [[String: String]] in
                [
                    ["label": "被责令单位", "value": content.party.name],
                    ["label": "统一社会信用代码", "value": content.party.creditCode],
                    ["label": "法定代表人（负责人）", "value": content.party.legalRepresentative],
                    ["label": "地址", "value": content.party.address],
                ]
            } ?? []
        page.values["hasPartyFacts"] = content != nil
        page.values["state"] = notice.state.label.text(in: language)
        page.values["service"] =
            notice.service.map { service -> [String: Any] in
                [
                    "channel": service.channel.label.text(in: .chinese), "receiver": service.receiver,
                    "on": Self.chineseDate(service.receivedOn), "postal": service.postalNumber ?? false,
                    "deadline": notice.deadline.map(Self.chineseDate) ?? "",
                ]
            } ?? false
        page.values["sha256"] = notice.contentSHA256 ?? false
        page.values["overdue"] = notice.overdue
        page.values["stateLine"] = (words["noticeState"] ?? "").replacingOccurrences(of: "#", with: notice.state.label.text(in: language))
    }

    /// The order's sentence: the days from receipt, and the day itself once served.
    static func order(_ notice: RectificationNotice) -> String {
        let basis = notice.legalBasis.isEmpty ? "" : "根据" + notice.legalBasis + "的规定，"
        let until = notice.deadline.map { "（即" + Self.chineseDate($0) + "前）" } ?? ""
        return basis + "现责令你单位自收到本通知书之日起\(notice.deadlineDays)日内" + until + "对上述问题整改完毕，并将整改情况书面报告本机关。"
    }

    /// `2026-12-04` as official documents print it: 2026年12月4日.
    static func chineseDate(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }
}
