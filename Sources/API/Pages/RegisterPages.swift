import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// `/w/institutions…`: the register as a regulator works with it. A search (a name's
/// part, or a credit code exactly, and a district), the institution's page gathering
/// its ratings, inspections, hazards, blacklist entries and their documents, and the
/// forms to register and edit one. The edit form carries the version it was read at
/// (the API's ETag), so a save over someone else's change is refused and shown.
struct RegisterPages {
    let accounts: AccountUseCases
    let institutions: InstitutionUseCases
    let ratings: RatingUseCases
    let inspections: InspectionUseCases
    let hazards: HazardUseCases
    let blacklist: BlacklistUseCases
    let notices: NoticeUseCases
    let penalties: PenaltyUseCases
    let library: MustacheLibrary

    static let pageSize = 50
    /// The related records an institution's page lists of each kind, newest first.
    static let relatedLimit = 20

    func add(to router: Router<AppRequestContext>) {
        router.get("w/institutions", use: self.search)
        router.get("w/institutions/new", use: self.newForm)
        router.post("w/institutions", use: self.register)
        router.get("w/institutions/:id", use: self.institution)
        router.get("w/institutions/:id/edit", use: self.editForm)
        router.post("w/institutions/:id", use: self.edit)
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.regulator(request, self.accounts, heading: "register") { caller, page in
            let query = request.uri.queryParameters
            // A GET form sends spaces as `+`, which the query's percent-decoding keeps.
            func field(_ name: String) -> String {
                (query.get(name).map { String($0) } ?? "").replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces)
            }
            let text = field("q")
            let district = field("district")
            var filter = InstitutionFilter(district: district.isEmpty ? nil : district)
            // A credit code is 18 letters and digits; anything else is part of a name.
            if CreditCode.problem(with: text.uppercased()) == nil {
                filter.creditCode = text.uppercased()
            } else if !text.isEmpty {
                filter.nameContains = text
            }
            let after = query.get("after").flatMap { UUID(uuidString: String($0)) }
            let found = try await self.institutions.list(caller, filter: filter, after: after, limit: Self.pageSize)
            let language = page.language
            page.values["navRegister"] = true
            page.values["q"] = text
            page.values["district"] = district
            page.values["searched"] = !text.isEmpty || !district.isEmpty
            page.values["institutions"] = found.items.map { institution -> [String: Any] in
                [
                    "href": page.link("/w/institutions/\(institution.id.lowercasedString)"), "name": institution.name,
                    "creditCode": institution.creditCode, "district": institution.district,
                    "operatorType": institution.operatorType.label.text(in: language), "status": institution.status.label.text(in: language),
                    "beds": institution.beds,
                ]
            }
            page.values["empty"] = found.items.isEmpty
            if let next = found.nextAfter {
                var parts = ["after=" + next.lowercasedString]
                if !text.isEmpty { parts.append("q=" + Self.encoded(text)) }
                if !district.isEmpty { parts.append("district=" + Self.encoded(district)) }
                page.values["nextHref"] = page.link("/w/institutions?" + parts.joined(separator: "&"))
            }
            return PageForms.html(self.library, "w-institutions", page.values)
        }
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.regulator(request, self.accounts, heading: "registerNew") { _, page in
            self.form(&page, Self.values(nil), action: "/w/institutions")
            return PageForms.html(self.library, "w-institution-form", page.values)
        }
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.posted(request, self.accounts, heading: "registerNew") { caller, fields, page in
            let created = try await self.institutions.register(caller, try Self.fields(fields))
            return PageForms.redirect(page.link("/w/institutions/\(created.id.lowercasedString)"))
        } failed: { _, fields, page in
            self.form(&page, fields, action: "/w/institutions")
            return PageForms.html(self.library, "w-institution-form", page.values)
        }
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "institution")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "registerEdit") { caller, page in
            let institution = try await self.institutions.read(caller, id: id)
            self.form(&page, Self.values(institution), action: "/w/institutions/\(id.lowercasedString)")
            page.values["name"] = institution.name
            return PageForms.html(self.library, "w-institution-form", page.values)
        }
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "institution")
        return try await WorkbenchPage.posted(request, self.accounts, heading: "registerEdit") { caller, fields, page in
            guard let version = fields["version"].flatMap({ Int($0) }) else {
                throw DomainError.invalid([FieldError("version", "is required")])
            }
            _ = try await self.institutions.update(caller, id: id, try Self.fields(fields), expected: .oneOf([version]))
            return PageForms.redirect(page.link("/w/institutions/\(id.lowercasedString)?saved=1"))
        } failed: { caller, fields, page in
            let current = try await self.institutions.read(caller, id: id)
            var values = fields
            if fields["version"].flatMap(Int.init) != current.version {
                // Someone saved in between: show, field by field, where what is stored now
                // differs from what was typed, so nothing of theirs is undone unseen.
                page.values["stale"] = true
                page.values["current"] = Self.differences(stored: current, typed: fields, page.words, page.language)
            }
            values["version"] = String(current.version)
            self.form(&page, values, action: "/w/institutions/\(id.lowercasedString)")
            page.values["name"] = current.name
            return PageForms.html(self.library, "w-institution-form", page.values)
        }
    }

    @Sendable func institution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try WorkbenchPage.id(context, "institution")
        return try await WorkbenchPage.regulator(request, self.accounts, heading: "institution") { caller, page in
            let institution = try await self.institutions.read(caller, id: id)
            let language = page.language
            let words = page.words
            page.values["title"] = institution.name
            page.values["navRegister"] = true
            page.values["saved"] = request.uri.queryParameters.get("saved") != nil
            page.values["editHref"] = page.link("/w/institutions/\(id.lowercasedString)/edit")
            page.values["details"] = Self.details(institution, words, language)
            let ratings = try await self.ratings.list(caller, institutionID: id, state: nil, after: nil, limit: Self.relatedLimit)
            page.values["ratings"] = ratings.items.map { rating -> [String: Any] in
                [
                    "on": rating.evaluatedOn, "level": rating.level.map { String(repeating: "★", count: $0) } ?? "—", "total": rating.total,
                    "state": rating.state.label.text(in: language),
                ]
            }
            let inspections = try await self.inspections.list(
                caller,
                filter: InspectionFilter(institutionID: id),
                after: nil,
                limit: Self.relatedLimit
            )
            page.values["inspections"] = inspections.items.map { inspection -> [String: Any] in
                [
                    "href": page.link("/w/inspections/\(inspection.id.lowercasedString)"), "on": inspection.scheduledOn,
                    "state": inspection.state.label.text(in: language),
                    "inspectors": (inspection.inspectors ?? []).map(\.name).joined(separator: "、"),
                    "score": inspection.evaluation.map { String(format: "%.0f %%", $0.score * 100) } ?? "—",
                ]
            }
            let hazards = try await self.hazards.list(caller, filter: HazardFilter(institutionID: id), after: nil, limit: Self.relatedLimit)
            page.values["hazards"] = hazards.items.map { hazard -> [String: Any] in
                [
                    "href": page.link("/w/hazards/\(hazard.id.lowercasedString)"), "description": hazard.description,
                    "deadline": hazard.deadline, "state": hazard.state.label.text(in: language), "major": hazard.major,
                    "overdue": hazard.overdue,
                ]
            }
            let entries = try await self.blacklist.list(caller, state: nil, institutionID: id, after: nil, limit: Self.relatedLimit)
            page.values["blacklist"] = entries.items.map { entry -> [String: Any] in
                [
                    "href": page.link("/w/blacklist/\(entry.id.lowercasedString)"), "reason": entry.reason.text(in: page.language),
                    "state": entry.state.label.text(in: language), "since": WorkbenchPage.time(entry.proposedAt).prefix(10),
                ]
            }
            let notices = try await self.notices.list(caller, institutionID: id, state: nil, after: nil, limit: Self.relatedLimit)
            page.values["notices"] = notices.items.map { notice -> [String: Any] in
                [
                    "href": page.link("/w/notices/\(notice.id.lowercasedString)"),
                    "number": notice.number ?? words["draftNoNumber"] ?? "",
                    "deadline": notice.deadline ?? "—", "state": notice.state.label.text(in: language), "overdue": notice.overdue,
                ]
            }
            let penalties = try await self.penalties.list(caller, institutionID: id, state: nil, after: nil, limit: Self.relatedLimit)
            page.values["penalties"] = penalties.items.map { decision -> [String: Any] in
                [
                    "href": page.link("/w/penalties/\(decision.id.lowercasedString)"),
                    "number": decision.number ?? words["draftNoNumber"] ?? "", "state": decision.state.label.text(in: language),
                    "categories": decision.penalties.map { $0.category.label.text(in: language) }.joined(separator: "、"),
                ]
            }
            let documents =
                hazards.items.flatMap { hazard in hazard.evidence.map { (hazard.description, $0) } }
                + entries.items.flatMap { entry in entry.documents.map { (words["blacklistEntry"] ?? "", $0) } }
            page.values["documents"] = documents.map { about, file -> [String: Any] in
                [
                    "about": about, "fileName": file.fileName, "sha256": file.sha256,
                    "size": ByteCountFormatter.string(fromByteCount: Int64(file.size), countStyle: .file),
                    "href": "/dashboard/files/\(file.sha256)",
                ]
            }
            for key in ["ratings", "inspections", "hazards", "notices", "penalties", "blacklist", "documents"] {
                page.values["no_" + key] = (page.values[key] as? [Any])?.isEmpty ?? true
            }
            return PageForms.html(self.library, "w-institution", page.values)
        }
    }

    // MARK: - The form

    static let textFields = ["name", "credit_code", "district", "address", "legal_representative", "contact_phone"]
    static let numberFields = ["beds", "nursing_beds", "residents", "staff"]

    /// The form's values as strings, from a record or empty for a new one.
    static func values(_ institution: Institution?) -> [String: String] {
        guard let i = institution else { return ["operator_type": Institution.OperatorType.private.rawValue, "status": "operating"] }
        return [
            "name": i.name, "credit_code": i.creditCode, "district": i.district, "address": i.address,
            "legal_representative": i.legalRepresentative, "contact_phone": i.contactPhone, "beds": String(i.beds),
            "nursing_beds": String(i.nursingBeds), "residents": String(i.residents), "staff": String(i.staff),
            "operator_type": i.operatorType.rawValue, "status": i.status.rawValue, "version": String(i.version),
        ]
    }

    func form(_ page: inout WorkbenchPage, _ values: [String: String], action: String) {
        let words = page.words
        let language = page.language
        page.values["navRegister"] = true
        page.values["action"] = page.link(action)
        page.values["version"] = values["version"] ?? false
        page.values["textInputs"] = Self.textFields.map { field -> [String: Any] in
            [
                "field": field, "label": words["field_" + field] ?? field, "value": values[field] ?? "",
                "required": ["name", "credit_code", "district"].contains(field), "hint": words["hint_" + field] ?? false,
            ]
        }
        page.values["numberInputs"] = Self.numberFields.map { field -> [String: Any] in
            ["field": field, "label": words["field_" + field] ?? field, "value": values[field] ?? "0"]
        }
        page.values["operatorTypes"] = Institution.OperatorType.allCases.map {
            ["value": $0.rawValue, "label": $0.label.text(in: language), "selected": $0.rawValue == values["operator_type"]]
        }
        page.values["statuses"] = Institution.Status.allCases.map {
            ["value": $0.rawValue, "label": $0.label.text(in: language), "selected": $0.rawValue == values["status"]]
        }
    }

    /// The posted form as the API's fields: every field present (the form shows them
    /// all), figures as whole numbers.
    static func fields(_ form: [String: String]) throws -> InstitutionFields {
        var fields = InstitutionFields()
        var errors: [FieldError] = []
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func number(_ key: String) -> Int? {
            let value = text(key)
            if value.isEmpty { return 0 }
            guard let number = Int(value), number >= 0, number <= 1_000_000 else {
                errors.append(FieldError(key, "must be a whole number within \(0)…\(1_000_000)"))
                return nil
            }
            return number
        }
        fields.name = text("name")
        fields.creditCode = text("credit_code").uppercased()
        fields.district = text("district")
        fields.address = text("address")
        fields.legalRepresentative = text("legal_representative")
        fields.contactPhone = text("contact_phone")
        fields.operatorType = Institution.OperatorType(rawValue: text("operator_type"))
        fields.status = Institution.Status(rawValue: text("status"))
        if fields.operatorType == nil { errors.append(FieldError("operator_type", "is required")) }
        if fields.status == nil { errors.append(FieldError("status", "is required")) }
        fields.beds = number("beds")
        fields.nursingBeds = number("nursing_beds")
        fields.residents = number("residents")
        fields.staff = number("staff")
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return fields
    }

    /// The fields whose stored value differs from the typed one: the field's name and the
    /// stored value as a person reads it.
    static func differences(stored: Institution, typed: [String: String], _ words: [String: String], _ language: Language) -> [[String: String]] {
        let values = Self.values(stored)
        return (Self.textFields + ["operator_type", "status"] + Self.numberFields).compactMap { field in
            let now = values[field] ?? ""
            guard now != (typed[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
            let shown: String =
                switch field {
                case "operator_type": stored.operatorType.label.text(in: language)
                case "status": stored.status.label.text(in: language)
                default: now.isEmpty ? "—" : now
                }
            return ["field": words["field_" + field] ?? field, "value": shown]
        }
    }

    static func details(_ i: Institution, _ words: [String: String], _ language: Language) -> [[String: String]] {
        let rows: [(String, String)] = [
            ("credit_code", i.creditCode), ("operator_type", i.operatorType.label.text(in: language)),
            ("status", i.status.label.text(in: language)), ("district", i.district), ("address", i.address),
            ("beds", String(i.beds)), ("nursing_beds", String(i.nursingBeds)), ("residents", String(i.residents)),
            ("staff", String(i.staff)), ("legal_representative", i.legalRepresentative), ("contact_phone", i.contactPhone),
        ]
        return rows.map { ["label": words["field_" + $0.0] ?? $0.0, "value": $0.1.isEmpty ? "—" : $0.1] }
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: WorkbenchPage.nextAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ""
    }
}
