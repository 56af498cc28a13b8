import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/hazards`: the hazard register. Regulators report hazards and judge
/// rectification; institutions self-report, see only their own, submit plans and
/// evidence and ask for more time; inspectors judge the hazards their inspections found.
struct HazardRoutes {
    let store = HazardStore()
    let policies = PolicyStore()
    let idempotency = Idempotency()

    struct ReportBody: StrictBody {
        var institutionID: UUID?
        var catalogueCode: String?
        var category: HazardCategory?
        var major: Bool?
        var fireRelated: Bool?
        var location: String
        var description: String
        var evidence: [Attachment]?
        var deadline: String?
        var responsiblePerson: String
        var campaignID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case category, major, location, description, evidence, deadline
            case institutionID = "institution_id"
            case catalogueCode = "catalogue_code"
            case fireRelated = "fire_related"
            case responsiblePerson = "responsible_person"
            case campaignID = "campaign_id"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
        static var nestedKeys: [String: Set<String>] { ["evidence[]": Attachment.jsonKeys] }
    }

    struct StepBody: OptionalStrictBody {
        var text: String?
        var evidence: [Attachment]?
        static var allowedKeys: Set<String> { ["text", "evidence"] }
        static var nestedKeys: [String: Set<String>] { ["evidence[]": Attachment.jsonKeys] }
    }

    struct ExtensionBody: StrictBody {
        var deadline: String
        var reason: String
        static var allowedKeys: Set<String> { ["deadline", "reason"] }
    }

    struct DecisionBody: StrictBody {
        var approve: Bool
        static var allowedKeys: Set<String> { ["approve"] }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("hazard-policy", use: self.policy)
        group.put("hazard-policy", use: self.setPolicy)
        group.get("hazard-catalogue", use: self.catalogue)
        group.post("hazard-catalogue", use: self.addCatalogueEntry)
        group.post("hazards", use: self.report)
        group.get("hazards", use: self.list)
        group.get("hazards/:id", use: self.get)
        for action in Hazard.Action.allCases {
            group.post("hazards/:id/\(action.rawValue)") { request, context in try await self.step(action, request, context: context) }
        }
        group.post("hazards/:id/extensions", use: self.requestExtension)
        group.post("hazards/:id/extensions/decision", use: self.decideExtension)
    }

    @Sendable func policy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        return try JSONResponse.make(try await self.policies.hazardPolicy(transaction))
    }

    @Sendable func setPolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (policy, _) = try await HazardPolicy.decode(from: request, context: context)
        var validator = Validator()
        validator.check((1...365).contains(policy.majorDeadlineDays), "major_deadline_days", "must be within 1…365")
        validator.check((1...365).contains(policy.generalDeadlineDays), "general_deadline_days", "must be within 1…365")
        validator.check((0...60).contains(policy.reminderDays), "reminder_days", "must be within 0…60")
        try validator.finish()
        try await self.policies.setHazardPolicy(transaction, policy, actor: AuditActor(principal))
        return try JSONResponse.make(policy)
    }

    @Sendable func catalogue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator, .inspector, .institution])
        return try JSONResponse.make(ListPage(items: try await self.store.catalogue(transaction), nextCursor: nil))
    }

    /// A tenant's refinement of the catalogue: a situation of its own under one of the categories.
    @Sendable func addCatalogueEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (entry, _) = try await HazardCatalogueEntry.decode(from: request, context: context)
        var validator = Validator()
        validator.check(
            entry.code.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"#, options: .regularExpression) != nil,
            "code",
            "must be 1–32 letters, digits, '.', '_' or '-'"
        )
        validator.text(entry.text, "text", max: 500)
        validator.check(entry.category != .general || !entry.major, "major", "a general hazard is not major")
        try validator.finish()
        try await self.store.addCatalogueEntry(transaction, entry, actor: AuditActor(principal))
        return try JSONResponse.make(entry, status: .created)
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let (body, data) = try await ReportBody.decode(from: request, context: context)
        // An institution reports about itself only.
        let institutionID = principal.role == .institution ? principal.subjectID : body.institutionID
        var validator = Validator()
        validator.check(
            principal.role == .regulator || body.institutionID == nil || body.institutionID == principal.subjectID,
            "institution_id",
            "an institution reports its own hazards"
        )
        validator.check(institutionID != nil, "institution_id", "is required")
        let catalogue = body.catalogueCode == nil ? [] : try await self.store.catalogue(transaction)
        let entry = body.catalogueCode.flatMap { code in catalogue.first { $0.code == code } }
        validator.check(body.catalogueCode == nil || entry != nil, "catalogue_code", "is not in the hazard catalogue")
        validator.check(entry != nil || body.category != nil, "category", "is required without catalogue_code")
        validator.text(body.location, "location", max: 300, required: false)
        validator.text(body.description, "description", max: 4000)
        validator.text(body.responsiblePerson, "responsible_person", max: 100, required: false)
        Attachment.validate(body.evidence ?? [], field: "evidence", into: &validator)
        if let deadline = body.deadline { validator.check(CalendarDate.isValid(deadline), "deadline", "must be a date YYYY-MM-DD") }
        try validator.finish()
        guard let institutionID, try await InstitutionStore().find(transaction, id: institutionID) != nil else {
            throw Problem.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        if let campaign = body.campaignID, try await CampaignStore().find(transaction, id: campaign) == nil {
            throw Problem.invalid([FieldError("campaign_id", "names no campaign of this tenant")])
        }
        let policy = try await self.policies.hazardPolicy(transaction)
        let today = try await self.policies.today(transaction, at: Date())
        let major = body.major ?? entry?.major ?? false
        // Only a regulator sets a deadline; otherwise the tenant's default by severity.
        let deadline =
            principal.role == .regulator
            ? body.deadline ?? policy.defaultDeadline(major: major, from: today) : policy.defaultDeadline(major: major, from: today)
        let campaign: UUID?
        if let chosen = body.campaignID {
            campaign = chosen
        } else {
            campaign = try await self.store.activeCampaign(transaction, institutionID: institutionID, today: today)
        }
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            var hazard = Hazard(
                id: UUIDv7.make(),
                institutionID: institutionID,
                campaignID: campaign,
                source: principal.role == .institution ? .selfReport : .regulator,
                category: entry?.category ?? body.category ?? .general,
                major: major,
                fireRelated: body.fireRelated ?? entry?.fireRelated ?? false,
                location: body.location,
                description: body.description,
                deadline: deadline,
                responsiblePerson: body.responsiblePerson,
                reportedAt: Date()
            )
            hazard.catalogueCode = entry?.code
            hazard.evidence = body.evidence ?? []
            try await self.store.report(transaction, hazard, actor: AuditActor(principal))
            return Idempotency.Created(location: "/v1/hazards/\(hazard.id.lowercasedString)", body: try JSONCoding.encoder.encode(hazard))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        var filter = HazardFilter()
        filter.institutionID = filters.uuid("institution_id")
        filter.campaignID = filters.uuid("campaign_id")
        filter.state = filters.value("state", as: Hazard.State.self)
        filter.overdue = filters.bool("overdue")
        try filters.check()
        if principal.role == .institution {
            guard filter.institutionID == nil || filter.institutionID == principal.subjectID else {
                return try JSONResponse.make(ListPage<Hazard>(items: [], nextCursor: nil))
            }
            filter.institutionID = principal.subjectID
        }
        let result = try await self.store.list(transaction.finishing(), filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    /// The hazard if the caller may see it: regulators all, institutions their own,
    /// inspectors those found by their inspections.
    func visible(_ request: Request, context: AppRequestContext, forUpdate: Bool = false) async throws -> (Principal, TenantTransaction, Hazard) {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution, .inspector])
        let id = try request.uuidParameter("id", context: context, what: "hazard")
        guard let hazard = try await self.store.find(transaction, id: id, forUpdate: forUpdate) else { throw Problem.notFound("hazard") }
        switch principal.role {
        case .regulator: break
        case .institution: guard principal.subjectID == hazard.institutionID else { throw Problem.notFound("hazard") }
        default:
            guard let inspection = hazard.inspectionID, let subject = principal.subjectID,
                let found = try await InspectionStore().find(transaction, id: inspection), found.inspectorIDs.contains(subject)
            else { throw Problem.notFound("hazard") }
        }
        return (principal, transaction, hazard)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, _, hazard) = try await self.visible(request, context: context)
        return try JSONResponse.make(hazard)
    }

    func step(_ action: Hazard.Action, _ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        guard (principal.role == .institution) == action.byInstitution, action != .closeInstitution || principal.role == .regulator else {
            throw DomainError.forbidden("\(principal.role.rawValue)s may not \(action.rawValue) a hazard")
        }
        var validator = Validator()
        let needsText = action == .submitPlan || action == .submitEvidence || action == .reject || action == .closeInstitution
        validator.text(body.text, "text", max: 4000, required: needsText)
        validator.check(action == .submitEvidence || body.evidence == nil, "evidence", "is taken only with rectification evidence")
        Attachment.validate(body.evidence ?? [], field: "evidence", into: &validator)
        try validator.finish()
        guard let next = current.applying(action, text: body.text, evidence: body.evidence ?? [], at: Date()) else {
            throw DomainError.conflict("a hazard that is \(current.state.rawValue) cannot be sent to \(action.rawValue)")
        }
        try await self.store.record(transaction, action.rawValue, from: current, to: next, text: body.text, actor: AuditActor(principal))
        return try JSONResponse.make(next)
    }

    @Sendable func requestExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (body, _) = try await ExtensionBody.decode(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        guard principal.role == .institution else { throw DomainError.forbidden("the institution asks for more time") }
        var validator = Validator()
        validator.check(
            CalendarDate.isValid(body.deadline) && body.deadline > current.deadline,
            "deadline",
            "must be a date after the current deadline \(current.deadline)"
        )
        validator.text(body.reason, "reason", max: 2000)
        try validator.finish()
        guard !current.isSettled else { throw DomainError.conflict("the hazard is \(current.state.rawValue)") }
        guard !current.extensions.contains(where: { $0.decision == .pending }) else {
            throw DomainError.conflict("an extension request is already pending")
        }
        var next = current
        next.extensions.append(Hazard.Extension(requestedDeadline: body.deadline, reason: body.reason, requestedAt: Date()))
        next.version += 1
        next.updatedAt = Date()
        try await self.store.record(transaction, "extension_requested", from: current, to: next, text: body.reason, actor: AuditActor(principal))
        return try JSONResponse.make(next, status: .created)
    }

    @Sendable func decideExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (body, _) = try await DecisionBody.decode(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        guard principal.role == .regulator else { throw DomainError.forbidden("the regulator decides on extensions") }
        guard let index = current.extensions.lastIndex(where: { $0.decision == .pending }) else {
            throw DomainError.conflict("no extension request is pending")
        }
        var next = current
        next.extensions[index].decision = body.approve ? .approved : .denied
        next.extensions[index].decidedAt = Date()
        if body.approve {
            next.deadline = current.extensions[index].requestedDeadline
            next.overdue = false
        }
        next.version += 1
        next.updatedAt = Date()
        try await self.store.record(
            transaction,
            body.approve ? "extension_approved" : "extension_denied",
            from: current,
            to: next,
            text: nil,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(next)
    }
}

extension HazardCatalogueEntry: StrictBody {
    public static var allowedKeys: Set<String> { ["code", "category", "major", "fire_related", "text"] }
}

extension HazardPolicy: StrictBody {
    public static var allowedKeys: Set<String> { ["major_deadline_days", "general_deadline_days", "reminder_days"] }
}
