import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// The on-site inspection record (检查记录表) as an A4 page to print: the institution,
/// the items with their results, findings and photos' thumbnails (under each, the start
/// of its SHA-256, to find the stored original a printed copy shows), the inspectors and
/// the representative's confirmation with the signature and its whole SHA-256.
enum InspectionRecordPage {
    /// The record's page for a person of `role`, its files under `files`, its link back
    /// to `back(id)`.
    static func response(
        _ request: Request,
        _ context: AppRequestContext,
        _ role: Role,
        accounts: AccountUseCases,
        onSite: OnSiteUseCases,
        library: MustacheLibrary,
        files: String,
        back: @escaping @Sendable (UUID) -> String
    ) async throws -> Response {
        let id = try WorkbenchPage.id(context, "inspection")
        return try await WorkbenchPage.person(request, accounts, role, heading: "recordTitle") { caller, page in
            Self.fill(&page, try await onSite.sheet(caller, id: id), files: files)
            page.values["backHref"] = page.link(back(id))
            return PageForms.html(library, "record-print", page.values)
        }
    }

    static func fill(_ page: inout WorkbenchPage, _ sheet: OnSiteUseCases.Sheet, files: String) {
        let inspection = sheet.detail.inspection
        let words = page.words
        let language = page.language
        let results = Dictionary(sheet.detail.results.map { ($0.itemCode, $0) }, uniquingKeysWith: { first, _ in first })
        page.values["title"] = words["recordTitle"] ?? ""
        page.values["recordNo"] = inspection.id.lowercasedString
        page.values["checklist"] = sheet.checklist.title
        page.values["facts"] = [
            ["label": words["inspectedInstitution"] ?? "", "value": sheet.institution?.name ?? inspection.institution?.name ?? ""],
            ["label": words["creditCode"] ?? "", "value": sheet.institution?.creditCode ?? "—"],
            ["label": words["siteAddress"] ?? "", "value": sheet.institution.map { $0.district + $0.address } ?? "—"],
            ["label": words["inspectionDate"] ?? "", "value": inspection.scheduledOn],
            ["label": words["state"] ?? "", "value": inspection.state.label.text(in: language)],
            ["label": words["score"] ?? "", "value": inspection.evaluation.map { String(format: "%.0f %%", $0.score * 100) } ?? "—"],
        ]
        page.values["rows"] = sheet.checklist.items.enumerated().map { index, item -> [String: Any] in
            let result = results[item.code]
            let finding = result?.finding.map { $0.description + ($0.major ? "（" + (words["majorFinding"] ?? "") + "）" : "") }
            return [
                "no": index + 1, "code": item.code, "text": language == .english ? item.textEn : item.text,
                "result": result?.result.label.text(in: language) ?? "—", "failed": result?.result == .fail,
                "finding": [finding, result?.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "；"),
                "photos": (result?.attachments ?? []).map { PersonFiles.file($0, prefix: files) },
            ]
        }
        page.values["inspectors"] = (inspection.inspectors ?? []).map(\.name).joined(separator: "、")
        page.values["confirmation"] =
            sheet.confirmation.map { confirmation -> [String: Any] in
                [
                    "name": confirmation.representative, "at": WorkbenchPage.time(confirmation.recordedAt),
                    "signature": "\(files)/\(confirmation.signature.sha256)", "sha256": confirmation.signature.sha256,
                ]
            } ?? false
        page.values["submittedAt"] = inspection.steps.last { $0.action == .submit }.map { WorkbenchPage.time($0.at) } ?? false
    }
}
