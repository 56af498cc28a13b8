import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// `/w/draws…`: a draw as a regulator runs it, one step per form: plan (name, sample or
/// ratio, inspectors per target, districts, day), see the roster the scopes admit today
/// (its size and whether commit would be refused, before anything is frozen), commit
/// (the roster and the seed's commitment are frozen and published), execute with
/// public entropy, and the inspections it drew. The same use cases and policies as
/// `/v1/draws`.
struct DrawPages {
    let accounts: AccountUseCases
    let draws: DrawUseCases
    let inspections: InspectionUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w/draws", use: self.list)
        router.post("w/draws", use: self.plan)
        router.get("w/draws/:id", use: self.draw)
        router.post("w/draws/:id/commit", use: self.commit)
        router.post("w/draws/:id/discard", use: self.discard)
        router.post("w/draws/:id/execute", use: self.execute)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.regulator(request, self.accounts, heading: "draws") { caller, page in
            try await self.fillList(&page, caller, after: request.uri.queryParameters.get("after").flatMap { UUID(uuidString: String($0)) })
            page.values["f_inspectors_per_target"] = "2"
            return PageForms.html(self.library, "w-draws", page.values)
        }
    }

    func fillList(_ page: inout WorkbenchPage, _ caller: Caller, after: UUID?) async throws {
        let found = try await self.draws.list(caller, after: after, limit: 50)
        let language = page.language
        page.values["navDraws"] = true
        page.values["draws"] = found.items.map { draw -> [String: Any] in
            [
                "href": page.link("/w/draws/\(draw.id.lowercasedString)"), "name": draw.name, "state": draw.state.label.text(in: language),
                "on": draw.scheduledOn ?? "—", "size": draw.n.map(String.init) ?? Self.sizeText(draw),
            ]
        }
        page.values["empty"] = found.items.isEmpty
        page.values["nextHref"] = found.nextAfter.map { page.link("/w/draws?after=\($0.lowercasedString)") } ?? false
    }

    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.posted(request, self.accounts, heading: "draws") { caller, fields, page in
            let planned = try await self.draws.plan(caller, try Self.plan(fields))
            return PageForms.redirect(page.link("/w/draws/\(planned.id.lowercasedString)"))
        } failed: { caller, _, page in
            try await self.fillList(&page, caller, after: nil)
            return PageForms.html(self.library, "w-draws", page.values)
        }
    }

    @Sendable func draw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "draw")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "draw") { caller, page in
            try await self.fill(&page, caller, id: id)
            return PageForms.html(self.library, "w-draw", page.values)
        }
    }

    func fill(_ page: inout WorkbenchPage, _ caller: Caller, id: UUID) async throws {
        let draw = try await self.draws.read(caller, id: id)
        let words = page.words
        let language = page.language
        page.values["navDraws"] = true
        page.values["title"] = draw.name
        for step in ["commit", "discard", "execute"] { page.values[step + "Action"] = page.link("/w/draws/\(id.lowercasedString)/\(step)") }
        page.values["facts"] = [
            ["label": words["state"] ?? "", "value": draw.state.label.text(in: language)],
            ["label": words["drawSize"] ?? "", "value": draw.n.map(String.init) ?? Self.sizeText(draw)],
            ["label": words["drawPerTarget"] ?? "", "value": String(draw.inspectorsPerTarget)],
            ["label": words["drawDistricts"] ?? "", "value": draw.targetScope.districts?.joined(separator: "、") ?? words["allDistricts"] ?? ""],
            ["label": words["drawDay"] ?? "", "value": draw.scheduledOn ?? "—"],
            ["label": words["drawPurpose"] ?? "", "value": draw.purpose.isEmpty ? "—" : draw.purpose],
        ]
        var record: [[String: String]] = []
        if let sha = draw.rosterSHA256 { record.append(["label": words["rosterSHA"] ?? "", "value": sha]) }
        if let commitment = draw.seedCommitment { record.append(["label": words["seedCommitment"] ?? "", "value": commitment]) }
        if let entropy = draw.publicEntropy { record.append(["label": words["publicEntropy"] ?? "", "value": entropy]) }
        if let seed = draw.serverSeed { record.append(["label": words["serverSeed"] ?? "", "value": seed]) }
        page.values["record"] = record
        page.values["hasRecord"] = !record.isEmpty
        page.values["failure"] = draw.failure ?? false
        switch draw.state {
        case .planned:
            let preview = try await self.draws.preview(caller, id: id)
            page.values["planned"] = true
            page.values["preview"] = [
                "targets": preview.eligibleTargets, "inspectors": preview.eligibleInspectors, "sample": preview.sample,
                "problem": preview.problem?.text(in: language) ?? false,
            ]
            page.values["canCommit"] = preview.problem == nil
        case .committed:
            page.values["committed"] = true
            page.values["waiting"] = draw.executionRequestedAt != nil
            page.values["f_public_entropy"] = page.values["f_public_entropy"] ?? draw.publicEntropy ?? ""
        case .drawn:
            let drawn = try await self.inspections.list(caller, filter: InspectionFilter(drawID: id), after: nil, limit: 200)
            page.values["drawn"] = true
            page.values["inspections"] = drawn.items.map { inspection -> [String: Any] in
                [
                    "href": page.link("/w/inspections/\(inspection.id.lowercasedString)"), "institution": inspection.institution?.name ?? "—",
                    "inspectors": (inspection.inspectors ?? []).map(\.name).joined(separator: "、"), "on": inspection.scheduledOn,
                    "state": inspection.state.label.text(in: language),
                ]
            }
        }
    }

    @Sendable func commit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.step(request, context) { caller, id, _ in _ = try await self.draws.commit(caller, id: id) }
    }

    @Sendable func discard(_ request: Request, context: AppRequestContext) async throws -> Response {
        // A discarded plan has no page left: back to the list.
        try await self.step(request, context, then: "/w/draws") { caller, id, _ in try await self.draws.discard(caller, id: id) }
    }

    @Sendable func execute(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await self.step(request, context) { caller, id, fields in
            let entropy = fields["public_entropy"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await self.draws.execute(caller, id: id, publicEntropy: entropy?.isEmpty == false ? entropy : nil)
        }
    }

    /// A step on the draw, then back to its page (or `then`); refused, its page again with
    /// the reasons.
    func step(
        _ request: Request,
        _ context: AppRequestContext,
        then: String? = nil,
        _ action: @escaping (Caller, UUID, [String: String]) async throws -> Void
    ) async throws -> Response {
        let id = try WorkbenchPage.id(context, "draw")
        return try await WorkbenchPage.posted(request, self.accounts, heading: "draw", back: "/w/draws/\(id.lowercasedString)") {
            caller,
            fields,
            page in
            try await action(caller, id, fields)
            return PageForms.redirect(page.link(then ?? "/w/draws/\(id.lowercasedString)"))
        } failed: { caller, _, page in
            try await self.fill(&page, caller, id: id)
            return PageForms.html(self.library, "w-draw", page.values)
        }
    }

    static func sizeText(_ draw: Draw) -> String {
        if let sample = draw.sample { return String(sample) }
        return draw.ratio.map { String(format: "%g%%", $0 * 100) } ?? "—"
    }

    /// The plan form as the API's plan: a sample (a number) or a ratio (a percentage),
    /// districts separated by commas or 、.
    static func plan(_ form: [String: String]) throws -> DrawUseCases.Plan {
        func text(_ key: String) -> String? {
            let value = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var errors: [FieldError] = []
        let sample = text("sample").flatMap { value -> Int? in
            guard let number = Int(value), number >= 1, number <= 100_000 else {
                errors.append(FieldError("sample", "must be a whole number within \(1)…\(100_000)"))
                return nil
            }
            return number
        }
        let ratio = text("ratio_percent").flatMap { value -> Double? in
            guard let percent = Double(value), percent > 0, percent <= 100 else {
                errors.append(FieldError("ratio_percent", "must be more than \(0) and at most \(100)"))
                return nil
            }
            return percent / 100
        }
        let perTarget = text("inspectors_per_target").flatMap { value -> Int? in
            guard let number = Int(value) else {
                errors.append(FieldError("inspectors_per_target", "must be a whole number within \(1)…\(10)"))
                return nil
            }
            return number
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let districts = text("districts")?.split(whereSeparator: { ",，、".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return DrawUseCases.Plan(
            name: text("name") ?? "",
            purpose: text("purpose"),
            checklistTemplateVersionID: nil,
            targetScope: districts.map { Draw.TargetScope(districts: $0) },
            inspectorScope: nil,
            sample: sample,
            ratio: ratio,
            inspectorsPerTarget: perTarget,
            riskWeighted: form["risk_weighted"] == "on",
            scheduledOn: text("scheduled_on")
        )
    }
}
