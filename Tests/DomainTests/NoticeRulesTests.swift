import Domain
import Foundation
import Testing

@Suite("Rectification notices: numbers, the canonical text, the state machine, service, deadlines")
struct NoticeRulesTests {
    static let at = RFC3339Text.date(from: "2026-11-02T02:00:00Z")!
    static let party = RectificationNotice.Party(
        name: "沈河区福寿养老院",
        creditCode: "52210103MJ0000001X",
        legalRepresentative: "王某",
        address: "沈阳市沈河区某路 1 号"
    )

    static func draft(items: Int = 1, deadlineDays: Int = 30) -> RectificationNotice.Draft {
        RectificationNotice.Draft(
            facts: "2026-11-01，本机关依法对你单位进行监督检查，发现下列问题。",
            items: (0..<items).map { RectificationNotice.Item(text: "问题 \($0 + 1)", legalBasis: "GB 38600-2019 检查项 4.\($0 + 1)") },
            legalBasis: "《养老机构管理办法》",
            deadlineDays: deadlineDays
        )
    }

    static func notice(_ draft: RectificationNotice.Draft = Self.draft()) -> RectificationNotice {
        RectificationNotice(id: UUID(), institutionID: UUID(), caseID: nil, inspectionID: nil, correctsID: nil, draft: draft, at: Self.at)
    }

    static func issued() throws -> RectificationNotice {
        try #require(
            try Self.notice().issuing(
                number: LegalDocument.number(prefix: "沈民责改", year: 2026, sequence: 17),
                issuedOn: "2026-11-02",
                authority: "沈阳市民政局",
                party: Self.party,
                consequence: DocumentPolicy.defaultConsequence,
                corrects: nil,
                at: Self.at
            )
        ).notice
    }

    static func service(
        _ channel: RectificationNotice.Service.Channel,
        on day: String = "2026-11-05",
        receipt: Domain.Attachment? = nil,
        postalNumber: String? = nil
    ) -> RectificationNotice.Service {
        RectificationNotice.Service(
            channel: channel,
            receivedOn: day,
            receiver: "张三",
            receipt: receipt,
            postalNumber: postalNumber,
            recordedAt: Self.at
        )
    }

    static let receipt = Domain.Attachment(fileName: "回证.jpg", sha256: String(repeating: "a", count: 64), size: 1000)

    @Test("a document number reads as official ones do: prefix, year in 〔〕, sequence, 号")
    func numbers() {
        #expect(LegalDocument.number(prefix: "沈民责改", year: 2026, sequence: 17) == "沈民责改〔2026〕17号")
        #expect(LegalDocument.number(prefix: "民责改", year: 2027, sequence: 1) == "民责改〔2027〕1号")
    }

    @Test("the canonical text sorts keys at every depth and its SHA-256 is that of its UTF-8 bytes")
    func canonicalText() throws {
        struct Nested: Encodable {
            var zeta = 1
            var alpha = ["b": "二", "a": "一"]
        }
        let text = try LegalDocument.canonical(Nested())
        #expect(text == #"{"alpha":{"a":"一","b":"二"},"zeta":1}"#)
        #expect(LegalDocument.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // The same content gives the same text and hash whatever order it was built in.
        let notice = try Self.issued()
        let again = try LegalDocument.canonical(try #require(notice.content))
        #expect(LegalDocument.sha256(again) == notice.contentSHA256)
        #expect(again.contains("沈民责改〔2026〕17号"))
        #expect(again.contains("52210103MJ0000001X"))
    }

    @Test("a draft needs facts, a basis, 1…365 days and 1…100 items, each with its text and basis")
    func draftValidation() {
        #expect(throws: Never.self) { try Self.draft().validate() }
        #expect(Self.fields { try Self.draft(items: 0).validate() } == ["items"])
        #expect(Self.fields { try Self.draft(items: 101).validate() } == ["items"])
        #expect(Self.fields { try Self.draft(deadlineDays: 0).validate() } == ["deadline_days"])
        #expect(Self.fields { try Self.draft(deadlineDays: 366).validate() } == ["deadline_days"])
        var blank = Self.draft()
        blank.facts = " "
        blank.items[0].legalBasis = ""
        #expect(Self.fields { try blank.validate() } == ["facts", "items[0].legal_basis"])
    }

    @Test("draft → issued → served → complied; nothing moves backwards or skips a step")
    func stateMachine() throws {
        let draft = Self.notice()
        #expect(draft.serving(Self.service(.post, postalNumber: "XA1"), at: Self.at) == nil)
        #expect(draft.concluding(.complied, note: "已整改", at: Self.at) == nil)
        #expect(draft.superseding(by: UUID(), at: Self.at) == nil)
        let issued = try Self.issued()
        #expect(issued.state == .issued)
        #expect(issued.number == "沈民责改〔2026〕17号")
        #expect(issued.content?.party == Self.party)
        #expect(issued.editing(Self.draft(items: 2), at: Self.at) == nil)
        #expect(
            try issued.issuing(number: "x", issuedOn: "2026-11-02", authority: "a", party: Self.party, consequence: "c", corrects: nil, at: Self.at)
                == nil
        )
        #expect(issued.concluding(.complied, note: "已整改", at: Self.at) == nil)
        let served = try #require(issued.serving(Self.service(.post, postalNumber: "XA1"), at: Self.at))
        #expect(served.state == .served)
        #expect(served.serving(Self.service(.post, postalNumber: "XA1"), at: Self.at) == nil)
        let complied = try #require(served.concluding(.complied, note: "已整改", at: Self.at))
        #expect(complied.state == .complied && complied.state.isFinal)
        #expect(complied.superseding(by: UUID(), at: Self.at) == nil)
        let notComplied = try #require(served.concluding(.notComplied, note: "未整改", at: Self.at))
        #expect(notComplied.state == .notComplied)
        let superseded = try #require(served.superseding(by: complied.id, at: Self.at))
        #expect(superseded.state == .superseded && superseded.supersededBy == complied.id)
    }

    @Test("the deadline runs from the day of receipt, whatever the channel")
    func deadlineFromService() throws {
        let issued = try Self.issued()
        for (channel, receipt, postal) in [
            (RectificationNotice.Service.Channel.inPerson, Self.receipt, String?.none), (.post, nil, "XA100"), (.electronic, nil, nil),
        ] {
            let early = try #require(issued.serving(Self.service(channel, on: "2026-11-03", receipt: receipt, postalNumber: postal), at: Self.at))
            let late = try #require(issued.serving(Self.service(channel, on: "2026-11-20", receipt: receipt, postalNumber: postal), at: Self.at))
            #expect(early.deadline == "2026-12-03", "\(channel)")
            #expect(late.deadline == "2026-12-20", "\(channel)")
        }
    }

    @Test("service needs a signed receipt in person, a postal number by post, and a day of receipt between issue and today")
    func serviceValidation() {
        let today = "2026-11-10"
        func fields(_ service: RectificationNotice.Service) -> [String] {
            Self.fields { try service.validate(today: today, issuedOn: "2026-11-02") }
        }
        #expect(fields(Self.service(.inPerson, receipt: Self.receipt)) == [])
        #expect(fields(Self.service(.inPerson)) == ["receipt"])
        #expect(fields(Self.service(.inPerson, receipt: Self.receipt, postalNumber: "X")) == ["postal_number"])
        #expect(fields(Self.service(.post, postalNumber: "XA100")) == [])
        #expect(fields(Self.service(.post)) == ["postal_number"])
        #expect(fields(Self.service(.electronic, postalNumber: "X")) == ["postal_number"])
        #expect(fields(Self.service(.post, on: "2026-11-11", postalNumber: "X")) == ["received_on"])
        #expect(fields(Self.service(.post, on: "2026-11-01", postalNumber: "X")) == ["received_on"])
        #expect(fields(Self.service(.post, on: "2026-13-01", postalNumber: "X")) == ["received_on"])
        var nobody = Self.service(.electronic)
        nobody.receiver = ""
        #expect(fields(nobody) == ["receiver"])
    }

    @Test("the daily job warns once from the reminder day and flags once after the deadline")
    func deadlineDue() throws {
        var served = try #require(try Self.issued().serving(Self.service(.post, on: "2026-11-05", postalNumber: "X"), at: Self.at))
        #expect(served.deadline == "2026-12-05")
        func due(_ today: String) -> NoticeDeadlineDue { NoticeDeadlineDue.evaluate(served, today: today, reminderDays: 3) }
        #expect(due("2026-12-01").isEmpty)
        #expect(due("2026-12-02") == NoticeDeadlineDue(warn: true, flagOverdue: false))
        #expect(due("2026-12-05") == NoticeDeadlineDue(warn: true, flagOverdue: false))
        #expect(due("2026-12-06") == NoticeDeadlineDue(warn: false, flagOverdue: true))
        served.warnedFor = served.deadline
        #expect(due("2026-12-03").isEmpty)
        served.overdue = true
        #expect(due("2026-12-07").isEmpty)
        let concluded = try #require(served.concluding(.complied, note: "已整改", at: Self.at))
        #expect(NoticeDeadlineDue.evaluate(concluded, today: "2026-12-09", reminderDays: 3).isEmpty)
    }

    @Test("a notice not complied with proposes a blacklist entry citing its number, deadline and receipt")
    func blacklistProposal() throws {
        let served = try #require(
            try Self.issued().serving(Self.service(.inPerson, on: "2026-11-05", receipt: Self.receipt), at: Self.at)
        )
        let notComplied = try #require(served.concluding(.notComplied, note: "消防通道仍被堵塞", at: Self.at))
        let entry = BlacklistEntry.proposal(notComplied: notComplied, at: Self.at)
        #expect(entry.institutionID == notComplied.institutionID)
        #expect(entry.sourceID == notComplied.id)
        #expect(entry.reason == .otherSerious)
        #expect(entry.facts.contains("沈民责改〔2026〕17号") && entry.facts.contains("2026-12-05") && entry.facts.contains("消防通道仍被堵塞"))
        #expect(entry.legalBasis.contains("沈民责改〔2026〕17号"))
        #expect(entry.documents == [Self.receipt])
    }

    @Test("the document policy refuses a prefix with digits, brackets or spaces and days out of range")
    func policyValidation() {
        #expect(Self.fields { try DocumentPolicy().validate() } == [])
        #expect(Self.fields { try DocumentPolicy(noticePrefix: "沈民〔2026〕").validate() } == ["notice_prefix"])
        #expect(Self.fields { try DocumentPolicy(noticePrefix: "沈 民").validate() } == ["notice_prefix"])
        #expect(Self.fields { try DocumentPolicy(noticePrefix: "").validate() } == ["notice_prefix"])
        #expect(Self.fields { try DocumentPolicy(consequence: "").validate() } == ["consequence"])
        #expect(Self.fields { try DocumentPolicy(reminderDays: 31).validate() } == ["reminder_days"])
    }

    /// The fields a validation refuses, in order.
    static func fields(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let DomainError.invalid(errors, _) {
            return errors.map(\.field)
        } catch {
            return ["unexpected: \(error)"]
        }
    }
}
