import Foundation
import Testing

@testable import Domain

/// The phone's pure rules: a form's fields to an item's result, save keys, the agenda.
@Suite("On site: one answer from a form, save keys, the agenda")
struct OnSiteRulesTests {
    let photo = Attachment(fileName: "出口.jpg", sha256: String(repeating: "a", count: 64), size: 10)

    @Test("a failed item with its finding, major, note and photo; a passed one keeps earlier photos")
    func answer() throws {
        let failed = try OnSiteAnswer.result(
            itemCode: "M1-01",
            fields: ["result": "fail", "finding": " 出口堵塞 ", "major": "on", "note": "三楼"],
            existing: nil,
            photo: self.photo
        )
        #expect(failed.result == .fail && failed.note == "三楼" && failed.finding == Finding(description: "出口堵塞", major: true))
        #expect(failed.attachments == [self.photo])
        let second = Attachment(fileName: "b.jpg", sha256: String(repeating: "b", count: 64), size: 3)
        let passed = try OnSiteAnswer.result(itemCode: "M1-01", fields: ["result": "pass"], existing: failed, photo: second)
        #expect(passed.result == .pass && passed.finding == nil && passed.attachments == [self.photo, second])
        // The same photo sent again is the same file: kept once.
        let again = try OnSiteAnswer.result(itemCode: "M1-01", fields: ["result": "pass"], existing: passed, photo: self.photo)
        #expect(again.attachments.count == 2)
    }

    @Test("no result, an unknown one, a finding on a passed item, and a 21st photo are refused by field")
    func refusals() throws {
        for fields in [["note": "x"], ["result": "maybe"]] {
            #expect(throws: DomainError.self) { try OnSiteAnswer.result(itemCode: "A", fields: fields, existing: nil, photo: nil) }
        }
        do {
            _ = try OnSiteAnswer.result(itemCode: "A", fields: ["result": "pass", "finding": "x"], existing: nil, photo: nil)
            Issue.record("a finding on a passed item was taken")
        } catch DomainError.invalid(let errors, _) {
            #expect(errors.map(\.field) == ["finding"])
        }
        let full = ItemResult(
            itemCode: "A",
            result: .pass,
            attachments: (0..<20).map { Attachment(fileName: "\($0).jpg", sha256: String(format: "%064d", $0), size: 1) }
        )
        #expect(throws: DomainError.self) { try OnSiteAnswer.result(itemCode: "A", fields: ["result": "pass"], existing: full, photo: self.photo) }
    }

    @Test("save keys: 8 to 100 of letters, digits, dot, dash, underscore")
    func keys() {
        #expect(OnSiteAnswer.isKey("0b5c1e2a-M1-01.3") && OnSiteAnswer.isKey(String(repeating: "k", count: 100)))
        for bad in ["short", String(repeating: "k", count: 101), "has space1", "中文中文中文中文", "a/b/c/d/e"] { #expect(!OnSiteAnswer.isKey(bad)) }
    }

    @Test("the agenda: open work due today or before first, earliest first; then upcoming; submitted work is not listed")
    func agenda() {
        func inspection(_ day: String, _ state: InspectionState) -> Inspection {
            Inspection(
                id: UUID(),
                institutionID: UUID(),
                templateID: UUID(),
                templateVersionID: UUID(),
                drawID: nil,
                scheduledOn: day,
                state: state,
                inspectorIDs: [],
                createdAt: Date(),
                updatedAt: Date()
            )
        }
        let all = [
            inspection("2026-12-09", .planned), inspection("2026-12-04", .inProgress), inspection("2026-12-01", .planned),
            inspection("2026-12-02", .submitted), inspection("2026-12-05", .published),
        ]
        let (due, upcoming) = OnSiteAgenda.split(all, today: "2026-12-04")
        #expect(due.map(\.scheduledOn) == ["2026-12-01", "2026-12-04"])
        #expect(upcoming.map(\.scheduledOn) == ["2026-12-09"])
    }
}

@Suite("A blacklist reason in the reader's language")
struct BlacklistReasonTextTests {
    @Test("the Chinese before the parenthesis, the English inside it, for every reason")
    func split() {
        #expect(BlacklistEntry.Reason.unrectifiedFireHazard.text(in: .chinese) == "重大火灾隐患未在期限内整改")
        #expect(BlacklistEntry.Reason.unrectifiedFireHazard.text(in: .english) == "a major fire hazard not rectified by its deadline")
        for reason in BlacklistEntry.Reason.allCases {
            let chinese = reason.text(in: .chinese)
            let english = reason.text(in: .english)
            #expect(!chinese.contains("(") && !english.contains("(") && !english.contains(")") && reason.text == "\(chinese) (\(english))")
        }
    }
}
