import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/inspections` and `/v1/me/inspections`. Regulators create inspections ad hoc (the
/// draw creates them in bulk), review, return and publish them; assigned inspectors
/// record results and submit. Institutions see their own once published: inspections
/// are unannounced.
struct InspectionRoutes {
    let store = InspectionStore()
    let checklists = ChecklistStore()
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var institutionID: UUID
        var checklistTemplateVersionID: UUID?
        var scheduledOn: String
        var inspectorIDs: [UUID]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case institutionID = "institution_id"
            case checklistTemplateVersionID = "checklist_template_version_id"
            case scheduledOn = "scheduled_on"
            case inspectorIDs = "inspector_ids"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
    }

    struct ResultsBody: StrictBody {
        var results: [ItemResult]
        static var allowedKeys: Set<String> { ["results"] }
        static var nestedKeys: [String: Set<String>] { ItemResult.resultKeys }
    }

    struct StepBody: OptionalStrictBody {
        var reason: String?
        static var allowedKeys: Set<String> { ["reason"] }
    }

    /// An inspection with its results and findings, as one object.
    struct Detail: Encodable {
        var inspection: Inspection
        var results: [ItemResult]
        var findings: [InspectionFinding]

        func encode(to encoder: any Encoder) throws {
            try self.inspection.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(self.results, forKey: .results)
            try container.encode(self.findings, forKey: .findings)
        }

        enum Key: String, CodingKey { case results, findings }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("inspections", use: self.create)
        group.get("inspections", use: self.list)
        group.get("me/inspections", use: self.mine)
        group.get("inspections/:id", use: self.get)
        group.post("inspections/:id/results", use: self.recordResults)
        for action in InspectionAction.allCases {
            group.post("inspections/:id/\(action.rawValue)") { request, context in
                try await self.step(action, request, context: context)
            }
        }
    }

    static func etag(_ inspection: Inspection) -> String { "\"\(inspection.version)\"" }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        var validator = Validator()
        validator.check(CalendarDate.isValid(body.scheduledOn), "scheduled_on", "must be a date YYYY-MM-DD")
        validator.check(!body.inspectorIDs.isEmpty, "inspector_ids", "must name at least one inspector")
        validator.check(body.inspectorIDs.count <= 20, "inspector_ids", "must name at most 20 inspectors")
        validator.check(Set(body.inspectorIDs).count == body.inspectorIDs.count, "inspector_ids", "must not repeat an inspector")
        try validator.finish()
        guard let institution = try await InstitutionStore().find(transaction, id: body.institutionID) else {
            throw Problem.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let checklist = try await self.checklist(transaction, body.checklistTemplateVersionID)
        try await self.checkInspectors(transaction, body.inspectorIDs, institution: institution)
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let now = Date()
            let inspection = Inspection(
                id: UUIDv7.make(),
                institutionID: institution.id,
                templateID: checklist.templateID,
                templateVersionID: checklist.id,
                drawID: nil,
                scheduledOn: body.scheduledOn,
                state: .planned,
                inspectorIDs: body.inspectorIDs.sorted { $0.uuidString < $1.uuidString },
                createdAt: now,
                updatedAt: now
            )
            try await self.store.create(transaction, inspection, standard: checklist.standard, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/inspections/\(inspection.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(inspection),
                headers: [.eTag: Self.etag(inspection)]
            )
        }
    }

    /// The named published version, or the latest published national GB 38600 one.
    func checklist(_ transaction: TenantTransaction, _ id: UUID?) async throws -> ChecklistVersion {
        if let id {
            guard let version = try await self.checklists.findVersion(transaction, id: id), version.state == .published else {
                throw Problem.invalid([FieldError("checklist_template_version_id", "names no published checklist version")])
            }
            return version
        }
        guard let version = try await self.checklists.latestPublished(transaction, templateID: ChecklistTemplate.nationalGB38600ID)
        else { throw DomainError.conflict("no published national GB 38600 checklist") }
        return version
    }

    /// Inspectors must exist, be active, and have no conflict with the institution (回避).
    func checkInspectors(_ transaction: TenantTransaction, _ ids: [UUID], institution: Institution) async throws {
        let inspectors = try await InspectorStore().find(transaction, ids: ids)
        var validator = Validator()
        let found = Set(inspectors.map(\.id))
        for id in ids where !found.contains(id) {
            validator.check(false, "inspector_ids", "\(id.lowercasedString) names no inspector of this tenant")
        }
        let conflicted = try await InspectorStore().conflicted(transaction, inspectorIDs: ids, institutionID: institution.id)
        for inspector in inspectors {
            let id = inspector.id.lowercasedString
            validator.check(inspector.active, "inspector_ids", "\(id) is not active")
            validator.check(!conflicted.contains(inspector.id), "inspector_ids", "\(id) has a conflict of interest with the institution")
        }
        try validator.finish()
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let query = request.uri.queryParameters
        var filter = InspectionFilter()
        var errors: [FieldError] = []
        func uuid(_ name: String) -> UUID? {
            guard let text = query.get(name) else { return nil }
            guard let id = UUID(uuidString: text) else {
                errors.append(FieldError(name, "must be a UUID"))
                return nil
            }
            return id
        }
        filter.institutionID = uuid("institution_id")
        filter.inspectorID = uuid("inspector_id")
        filter.drawID = uuid("draw_id")
        filter.state = try Self.state(request)
        if !errors.isEmpty { throw Problem.invalid(errors) }
        return try await self.page(request, transaction, filter)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.inspector])
        guard let inspectorID = principal.subjectID else { throw Problem.notFound("inspector") }
        return try await self.page(request, transaction, InspectionFilter(inspectorID: inspectorID, state: try Self.state(request)))
    }

    static func state(_ request: Request) throws -> InspectionState? {
        var filters = QueryFilters(request)
        let state = filters.value("state", as: InspectionState.self)
        try filters.check()
        return state
    }

    func page(_ request: Request, _ transaction: TenantTransaction, _ filter: InspectionFilter) async throws -> Response {
        let page = try ListQuery(request)
        let result = try await self.store.list(transaction.finishing(), filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    /// The inspection if the caller may see it, else 404.
    func visible(
        _ request: Request,
        context: AppRequestContext,
        forUpdate: Bool = false
    ) async throws -> (
        Principal, TenantTransaction, Inspection
    ) {
        let (principal, transaction) = try context.requireTenant([.regulator, .inspector, .institution])
        let id = try request.uuidParameter("id", context: context, what: "inspection")
        guard let inspection = try await self.store.find(transaction, id: id, forUpdate: forUpdate),
            inspection.isVisible(to: principal)
        else { throw Problem.notFound("inspection") }
        return (principal, transaction, inspection)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction, inspection) = try await self.visible(request, context: context)
        let results = try await self.store.results(transaction, inspectionID: inspection.id)
        let findings = try await self.store.findings(transaction, inspectionID: inspection.id)
        return try JSONResponse.make(
            Detail(inspection: inspection, results: results, findings: findings),
            headers: [.eTag: Self.etag(inspection)]
        )
    }

    @Sendable func recordResults(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (body, _) = try await ResultsBody.decode(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        guard principal.role == .inspector else {
            throw DomainError.forbidden("only an assigned inspector records results")
        }
        guard current.state.acceptsResults else {
            throw DomainError.conflict("results can be recorded only while the inspection is planned or in progress")
        }
        let checklist = try await self.checklist(transaction, current.templateVersionID)
        var validator = Validator()
        ItemResult.validate(body.results, against: checklist, into: &validator)
        try validator.finish()
        var inspection = current
        if current.state == .planned {
            // The first result starts the inspection.
            inspection = try await self.advance(.start, current, reason: nil, checklist: checklist, principal, transaction)
        }
        try await self.store.recordResults(transaction, inspection: inspection, body.results, actor: AuditActor(principal))
        let results = try await self.store.results(transaction, inspectionID: inspection.id)
        return try JSONResponse.make(
            Detail(inspection: inspection, results: results, findings: []),
            headers: [.eTag: Self.etag(inspection)]
        )
    }

    func step(_ action: InspectionAction, _ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let (principal, transaction, current) = try await self.visible(request, context: context, forUpdate: true)
        guard principal.role == action.actor else {
            throw DomainError.forbidden("only a \(action.actor.rawValue) may \(action.rawValue) an inspection")
        }
        var validator = Validator()
        if action == .returnToInspector {
            validator.text(body.reason, "reason", max: 2000)
        } else {
            validator.check(body.reason == nil, "reason", "is taken only when returning an inspection")
        }
        try validator.finish()
        let checklist = try await self.checklist(transaction, current.templateVersionID)
        let next = try await self.advance(action, current, reason: body.reason, checklist: checklist, principal, transaction)
        return try JSONResponse.make(next, headers: [.eTag: Self.etag(next)])
    }

    /// Takes one workflow step: checks it is allowed from the current state, evaluates
    /// the results on submission, and records it.
    func advance(
        _ action: InspectionAction,
        _ current: Inspection,
        reason: String?,
        checklist: ChecklistVersion,
        _ principal: Principal,
        _ transaction: TenantTransaction
    ) async throws -> Inspection {
        guard let state = action.next(from: current.state) else {
            throw DomainError.conflict("an inspection that is \(current.state.rawValue) cannot be sent to \(action.rawValue)")
        }
        var next = current
        next.state = state
        next.version = current.version + 1
        next.updatedAt = Date()
        next.returnReason = action == .returnToInspector ? reason : current.returnReason
        if action == .submit {
            let results = try await self.store.results(transaction, inspectionID: current.id)
            let outcome = ChecklistEvaluation.evaluate(checklist, results: results)
            guard outcome.missingCodes.isEmpty else {
                throw Problem.invalid(
                    outcome.missingCodes.map { FieldError("results.\($0)", "has no result") },
                    detail: "Every item needs a result before submission; missing: \(outcome.missingCodes.joined(separator: ", "))."
                )
            }
            next.evaluation = Inspection.Evaluation(outcome)
        }
        try await self.store.apply(transaction, action, to: current, next: next, checklist: checklist, actor: AuditActor(principal))
        next.steps = try await self.store.steps(transaction, inspectionID: current.id)
        return next
    }
}
