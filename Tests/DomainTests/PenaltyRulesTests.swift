import Domain
import Foundation
import Testing

@Suite("Penalty decisions: the hearing right, the party's windows, the decision, publication, repair, repeats")
struct PenaltyRulesTests {
    static let at = RFC3339Text.date(from: "2026-12-04T02:00:00Z")!
    static let party = NoticeRulesTests.party
    /// The national calendar of 2026, no tenant days: December has no holidays.
    static let calendar = WorkingCalendar.tenant([])

    static func draft(
        _ penalties: [PenaltyDecision.Penalty],
        kind: String = "未按规定配备消防设施",
        serious: Bool = false,
        months: Int? = nil
    )
        -> PenaltyDecision.Draft
    {
        PenaltyDecision.Draft(
            facts: "经查，你单位二楼安全出口长期上锁。",
            evidence: ["现场检查笔录", "现场照片 3 张"],
            legalBasis: "《养老机构管理办法》第四十六条",
            violationKind: kind,
            serious: serious,
            penalties: penalties,
            publicationMonths: months
        )
    }

    static let warning = PenaltyDecision.Penalty(category: .warning, content: "警告")
    static func fine(_ yuan: Int) -> PenaltyDecision.Penalty { PenaltyDecision.Penalty(category: .fine, content: "罚款 \(yuan) 元", amountYuan: yuan) }

    static func decision(_ penalties: [PenaltyDecision.Penalty], institution: UUID = UUID(), kind: String = "未按规定配备消防设施") -> PenaltyDecision {
        PenaltyDecision(
            id: UUID(),
            institutionID: institution,
            caseID: nil,
            noticeIDs: [],
            draft: Self.draft(penalties, kind: kind),
            policy: PenaltyPolicy(),
            at: Self.at
        )
    }

    /// Notified on Friday 2026-12-04.
    static func notified(_ penalties: [PenaltyDecision.Penalty]) throws -> PenaltyDecision {
        try #require(Self.decision(penalties).notifying(today: "2026-12-04", policy: PenaltyPolicy(), calendar: Self.calendar, at: Self.at))
    }

    static func decided(_ decision: PenaltyDecision, on day: String, sequence: Int = 1) throws -> PenaltyDecision {
        try #require(
            try decision.deciding(
                number: LegalDocument.number(prefix: "沈民罚决", year: 2026, sequence: sequence),
                today: day,
                party: Self.party,
                caseNumber: "2026-000007",
                follows: ["沈民责改〔2026〕3号"],
                policy: PenaltyPolicy(authorityCreditCode: "11210100MB0000000X"),
                authority: "沈阳市民政局",
                at: Self.at
            )
        ).0
    }

    @Test("a hearing (听证) is the party's right for a suspension, revocation, limit or closure, or from the tenant's amount on")
    func hearingRight() {
        let policy = PenaltyPolicy(hearingAmountYuan: 50_000)
        #expect(!PenaltyDecision.hearingRight([Self.warning], policy: policy))
        #expect(!PenaltyDecision.hearingRight([Self.warning, Self.fine(49_999)], policy: policy))
        #expect(PenaltyDecision.hearingRight([Self.fine(50_000)], policy: policy))
        #expect(PenaltyDecision.hearingRight([PenaltyDecision.Penalty(category: .closureOrder, content: "责令关闭")], policy: policy))
        #expect(PenaltyDecision.hearingRight([PenaltyDecision.Penalty(category: .permitRevocation, content: "吊销")], policy: policy))
    }

    @Test("the windows run in working days: notified on a Friday, three to state a case end on Wednesday, five to ask for a hearing on Friday")
    func windows() throws {
        let light = try Self.notified([Self.warning])
        #expect(light.priorNotice?.statementUntil == "2026-12-09")
        #expect(light.priorNotice?.hearingRight == false && light.priorNotice?.hearingUntil == nil)
        let heavy = try Self.notified([Self.fine(80_000)])
        #expect(heavy.priorNotice?.hearingUntil == "2026-12-11")
        #expect(heavy.notifying(today: "2026-12-05", policy: PenaltyPolicy(), calendar: Self.calendar, at: Self.at) == nil)
    }

    @Test("no decision while the party may still answer, or while a hearing it asked for has not been held")
    func decisionBlocked() throws {
        let light = try Self.notified([Self.warning])
        #expect(light.decisionBlocked(today: "2026-12-09") != nil)
        #expect(light.decisionBlocked(today: "2026-12-10") == nil)
        var waived = light
        waived.statement = PenaltyDecision.Statement(text: "", waived: true, hearingRequested: false, recordedOn: "2026-12-04")
        #expect(waived.decisionBlocked(today: "2026-12-04") == nil)
        let heavy = try Self.notified([Self.fine(80_000)])
        #expect(heavy.decisionBlocked(today: "2026-12-10") != nil, "the hearing window runs to the 11th")
        #expect(heavy.decisionBlocked(today: "2026-12-14") == nil)
        var asked = heavy
        asked.statement = PenaltyDecision.Statement(text: "罚款过重", waived: false, hearingRequested: true, recordedOn: "2026-12-07")
        #expect(asked.decisionBlocked(today: "2026-12-20") != nil)
        asked.hearing = PenaltyDecision.Hearing(heldOn: "2026-12-15", summary: "当事人到场陈述")
        #expect(asked.decisionBlocked(today: "2026-12-16") == nil)
        #expect(Self.decision([Self.warning]).decisionBlocked(today: "2026-12-20") != nil, "a draft is not notified")
    }

    @Test("the decision fixes what it says: party, case, notices followed, penalties, the statement, the review; the hash is of that text")
    func deciding() throws {
        var notified = try Self.notified([Self.warning, Self.fine(5_000)])
        notified.statement = PenaltyDecision.Statement(text: "已整改完毕", waived: false, hearingRequested: false, recordedOn: "2026-12-07")
        let (decided, canonical) = try #require(
            try notified.deciding(
                number: "沈民罚决〔2026〕4号",
                today: "2026-12-08",
                party: Self.party,
                caseNumber: "2026-000007",
                follows: ["沈民责改〔2026〕3号"],
                policy: PenaltyPolicy(authorityCreditCode: "11210100MB0000000X"),
                authority: "沈阳市民政局",
                at: Self.at
            )
        )
        #expect(decided.state == .decided && decided.number == "沈民罚决〔2026〕4号")
        let content = try #require(decided.content)
        #expect(content.party == Self.party && content.caseNumber == "2026-000007" && content.follows == ["沈民责改〔2026〕3号"])
        #expect(content.statement == "当事人陈述、申辩：已整改完毕" && content.review == PenaltyPolicy.defaultReview)
        #expect(content.penalties.count == 2 && content.decidedOn == "2026-12-08" && content.authorityCreditCode == "11210100MB0000000X")
        #expect(decided.contentSHA256 == LegalDocument.sha256(canonical))
        #expect(canonical.contains("\"number\":\"沈民罚决〔2026〕4号\"") && canonical.contains("\"kind\":\"penalty_decision\""))
        #expect(
            try decided.deciding(
                number: "x",
                today: "2026-12-09",
                party: Self.party,
                caseNumber: nil,
                follows: [],
                policy: PenaltyPolicy(),
                authority: "",
                at: Self.at
            ) == nil
        )
        let silent = try Self.decided(try Self.notified([Self.warning]), on: "2026-12-10")
        #expect(silent.content?.statement == "当事人在规定期限内未提出陈述、申辩。")
    }

    @Test("published for its months, shown until the day before the end; repair from the minimum on; repaired leaves the list")
    func publicationAndRepair() throws {
        let decided = try Self.decided(try Self.notified([Self.fine(5_000)]), on: "2026-12-10")
        #expect(decided.publicationDue(calendar: Self.calendar, policy: PenaltyPolicy()) == "2026-12-21")
        #expect(decided.repairBlocked(today: "2026-12-10") != nil, "not published")
        let published = try #require(decided.publishing(today: "2026-12-11", at: Self.at))
        #expect(published.publicationEnd == "2027-03-11" && published.publishing(today: "2026-12-12", at: Self.at) == nil)
        #expect(!decided.isPublic(today: "2026-12-11") && published.isPublic(today: "2026-12-11") && published.isPublic(today: "2027-03-10"))
        #expect(!published.isPublic(today: "2027-03-11") && !published.isPublic(today: "2026-12-10"))
        #expect(published.repairFrom == "2027-03-11")
        #expect(published.repairBlocked(today: "2027-01-01") != nil)
        var long = published
        long.publicationMonths = 12
        long.publicationEnd = "2027-12-11"
        #expect(long.repairBlocked(today: "2027-03-11") == nil)
        long.repair = PenaltyDecision.Repair(reason: "已整改", requestedOn: "2027-03-11")
        #expect(long.repairBlocked(today: "2027-03-12") != nil, "one application at a time")
        long.repairedOn = "2027-03-20"
        #expect(!long.isPublic(today: "2027-03-21"))
    }

    @Test("a corrected decision leaves the public list once, and the correction names it")
    func correction() throws {
        let decided = try Self.decided(try Self.notified([Self.fine(5_000)]), on: "2026-12-10")
        let published = try #require(decided.publishing(today: "2026-12-11", at: Self.at))
        let correctionID = UUID()
        let superseded = try #require(published.superseding(by: correctionID, today: "2026-12-20", at: Self.at))
        #expect(superseded.supersededBy == correctionID && !superseded.isPublic(today: "2026-12-21"))
        #expect(superseded.superseding(by: UUID(), today: "2026-12-22", at: Self.at) == nil)
        #expect(Self.decision([Self.warning]).superseding(by: correctionID, today: "2026-12-20", at: Self.at) == nil)
        #expect(superseded.content == published.content)
    }

    @Test("a second decided penalty of the same institution and kind within twelve months is a repeat; another kind or an older one is not")
    func repeats() throws {
        let institution = UUID()
        func decided(_ kind: String, on day: String) throws -> PenaltyDecision {
            var decision = Self.decision([Self.warning], institution: institution, kind: kind)
            decision = try #require(decision.notifying(today: day, policy: PenaltyPolicy(), calendar: Self.calendar, at: Self.at))
            decision.statement = PenaltyDecision.Statement(text: "", waived: true, hearingRequested: false, recordedOn: day)
            return try Self.decided(decision, on: day)
        }
        let now = try decided("未按规定配备消防设施", on: "2026-12-04")
        let earlier = try decided("未按规定配备消防设施", on: "2026-03-02")
        let older = try decided("未按规定配备消防设施", on: "2025-11-30")
        let other = try decided("超范围经营", on: "2026-06-01")
        var elsewhere = earlier
        elsewhere.institutionID = UUID()
        let found = PenaltyDecision.repeats(of: now, among: [now, earlier, older, other, elsewhere], today: "2026-12-04")
        #expect(found.map(\.id) == [earlier.id])
        let entry = BlacklistEntry.proposal(repeated: now, earlier: found, at: Self.at)
        #expect(entry.sourceID == now.id && entry.facts.contains(now.number ?? "-") && entry.facts.contains(earlier.number ?? "-"))
    }

    @Test("the public record has the national format's fields, amounts in 10,000 yuan as exact text")
    func publicRecord() throws {
        let decided = try Self.decided(try Self.notified([Self.warning, Self.fine(5_000), Self.fine(123)]), on: "2026-12-10")
        #expect(PublicPenalty(decided) == nil, "not published")
        let published = try #require(decided.publishing(today: "2026-12-11", at: Self.at))
        let record = try #require(PublicPenalty(published))
        #expect(record.partyName == Self.party.name && record.creditCode == Self.party.creditCode && record.partyCategory == "法人及非法人组织")
        #expect(record.decisionNumber == "沈民罚决〔2026〕1号" && record.penaltyCategories == "警告、罚款")
        #expect(record.fineTenThousandYuan == "0.5123" && record.confiscationTenThousandYuan == nil)
        #expect(record.publicationEnd == "2027-03-11" && record.authorityCreditCode == "11210100MB0000000X")
        #expect(
            PublicPenalty.tenThousands(20_000) == "2" && PublicPenalty.tenThousands(1) == "0.0001" && PublicPenalty.tenThousands(123_456) == "12.3456"
        )
        #expect(
            PublicPenalty.headings.map(\.key) == PublicPenalty.CodingKeys.allCases.map(\.stringValue).sortedLike(PublicPenalty.headings.map(\.key))
        )
        #expect(record.csvValues.count == PublicPenalty.headings.count)
    }

    @Test("a decision in publication adds the tenant's penalty factor to the draw's risk weight")
    func riskTerm() {
        #expect(DrawRiskFactors(penaltyInPublication: true, penaltyFactor: 2).weight == 3)
        #expect(DrawRiskFactors(penaltyInPublication: false, penaltyFactor: 2).weight == 1)
        #expect(DrawRiskFactors(blacklisted: true, penaltyInPublication: true, penaltyFactor: 0).weight == 3)
        #expect(DrawRiskFactors(substantiatedComplaints: 1, complaintFactor: 1, penaltyInPublication: true, penaltyFactor: 5).weight == 7)
    }

    @Test("a draft names evidence and penalties, amounts only for fines and confiscations, and a period within the bounds")
    func draftValidation() throws {
        let policy = PenaltyPolicy()
        #expect(throws: Never.self) { try Self.draft([Self.warning, Self.fine(100)]).validate(policy) }
        func fields(_ draft: PenaltyDecision.Draft) -> [String] {
            do {
                try draft.validate(policy)
                return []
            } catch let DomainError.invalid(errors, _) {
                return errors.map(\.field)
            } catch { return ["?"] }
        }
        #expect(fields(Self.draft([])) == ["penalties"])
        #expect(fields(Self.draft([PenaltyDecision.Penalty(category: .warning, content: "警告", amountYuan: 10)])) == ["penalties[0].amount_yuan"])
        #expect(fields(Self.draft([PenaltyDecision.Penalty(category: .fine, content: "罚款")])) == ["penalties[0].amount_yuan"])
        #expect(fields(Self.draft([Self.warning], months: 13)) == ["publication_months"])
        #expect(fields(Self.draft([Self.warning], serious: true, months: 13)) == [])
        var noEvidence = Self.draft([Self.warning])
        noEvidence.evidence = []
        #expect(fields(noEvidence) == ["evidence"])
        #expect(CalendarDate.adding(months: 6, to: "2026-08-31") == "2027-02-28")
    }
}

extension Array where Element == String {
    /// The same strings in the order of `order` (to compare sets while keeping one order).
    fileprivate func sortedLike(_ order: [String]) -> [String] {
        self.sorted { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) }
    }
}
