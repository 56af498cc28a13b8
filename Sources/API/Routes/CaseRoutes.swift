import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/complaints`, `/v1/cases`, `/v1/case-policy` and `/v1/calendar`: complaints taken
/// in by integrations, the cases they open, their steps, links and targeted
/// inspections, the time limits and the working-day calendar.
struct CaseRoutes {
    let cases: CaseUseCases
    let complaints: ComplaintUseCases
    let calendar: CalendarUseCases
    let idempotency = Idempotency()

    struct ComplaintBody: StrictBody {
        var channel: Complaint.Channel
        var institutionID: UUID?
        var institutionText: String?
        var content: String
        var safety: Bool?
        var name: String?
        var contact: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case channel, content, safety, name, contact
            case institutionID = "institution_id"
            case institutionText = "institution_text"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct StepBody: OptionalStrictBody {
        var text: String?
        var result: Case.Result?
        var reply: String?
        var notice: String?
        var handler: String?
        var handlerAccountID: UUID?
        var into: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case text, result, reply, notice, handler, into
            case handlerAccountID = "handler_account_id"
        }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct LinkBody: StrictBody {
        var kind: CaseLink.Kind
        var targetID: UUID

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind
            case targetID = "target_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    struct DayBody: StrictBody {
        var kind: WorkingCalendar.Kind
        var name: String

        enum CodingKeys: String, CodingKey, CaseIterable { case kind, name }
        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("complaints", use: self.intake)
        group.get("cases", use: self.list)
        group.get("cases/:id", use: self.get)
        group.get("cases/:id/timeline", use: self.timeline)
        group.get("cases/:id/complaints", use: self.caseComplaints)
        group.get("cases/:id/complainants", use: self.complainants)
        group.get("cases/:id/links", use: self.links)
        group.post("cases/:id/links", use: self.attach)
        group.post("cases/:id/inspections", use: self.openInspection)
        for action in Case.Action.allCases {
            group.post("cases/:id/\(action.rawValue)") { request, context in try await self.step(action, request, context: context) }
        }
        group.get("case-policy", use: self.policy)
        group.put("case-policy", use: self.setPolicy)
        group.get("calendar", use: self.calendarYear)
        group.put("calendar/days/:date", use: self.setDay)
        group.delete("calendar/days/:date", use: self.removeDay)
    }

    @Sendable func intake(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await ComplaintBody.decode(from: request, context: context)
        let intake = ComplaintIntake(
            channel: body.channel,
            institutionID: body.institutionID,
            institutionText: body.institutionText,
            content: body.content,
            safety: body.safety ?? false,
            name: body.name,
            contact: body.contact
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let receipt = try await self.complaints.intake(context.caller, intake)
            // The tracking code is shown once and never stored in clear: a replay answers without it.
            var stored = receipt
            stored.trackingCode = nil
            return Idempotency.Created(
                location: "/v1/cases/\(receipt.caseID.lowercasedString)",
                body: try JSONCoding.encoder.encode(receipt),
                replayBody: try JSONCoding.encoder.encode(stored)
            )
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        var filter = CaseFilter()
        filter.institutionID = filters.uuid("institution_id")
        filter.state = filters.value("state", as: Case.State.self)
        filter.overdue = filters.bool("overdue")
        try filters.check()
        let result = try await self.cases.list(context.caller, filter: filter, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "case")
        return try JSONResponse.make(try await self.cases.read(context.caller, id: id))
    }

    @Sendable func timeline(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let id = try request.uuidParameter("id", context: context, what: "case")
        return try JSONResponse.make(ListPage(items: try await self.cases.timeline(context.caller, id: id), nextCursor: nil))
    }

    @Sendable func caseComplaints(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let id = try request.uuidParameter("id", context: context, what: "case")
        return try JSONResponse.make(ListPage(items: try await self.cases.complaints(context.caller, id: id), nextCursor: nil))
    }

    @Sendable func complainants(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let id = try request.uuidParameter("id", context: context, what: "case")
        return try JSONResponse.make(ListPage(items: try await self.cases.complainants(context.caller, id: id), nextCursor: nil))
    }

    @Sendable func links(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let id = try request.uuidParameter("id", context: context, what: "case")
        return try JSONResponse.make(ListPage(items: try await self.cases.links(context.caller, id: id), nextCursor: nil))
    }

    @Sendable func attach(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await LinkBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "case")
        let links = try await self.cases.attach(context.caller, id: id, kind: body.kind, targetID: body.targetID)
        return try JSONResponse.make(ListPage(items: links, nextCursor: nil), status: .created)
    }

    @Sendable func openInspection(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await InspectionRoutes.CreateBody.decode(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "case")
        let input = NewInspection(
            institutionID: body.institutionID,
            checklistTemplateVersionID: body.checklistTemplateVersionID,
            scheduledOn: body.scheduledOn,
            inspectorIDs: body.inspectorIDs
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let inspection = try await self.cases.openInspection(context.caller, id: id, input)
            return Idempotency.Created(
                location: "/v1/inspections/\(inspection.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(inspection),
                headers: [.eTag: InspectionRoutes.etag(inspection)]
            )
        }
    }

    func step(_ action: Case.Action, _ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await StepBody.decodeOptional(from: request, context: context)
        let id = try request.uuidParameter("id", context: context, what: "case")
        let input = CaseStepInput(
            text: body.text,
            result: body.result,
            reply: body.reply,
            notice: body.notice,
            handler: body.handler,
            handlerAccountID: body.handlerAccountID,
            into: body.into
        )
        return try JSONResponse.make(try await self.cases.step(context.caller, action, id: id, input))
    }

    @Sendable func policy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.cases.policy(context.caller))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (policy, _) = try await CasePolicy.decode(from: request, context: context)
        return try JSONResponse.make(try await self.cases.setPolicy(context.caller, policy))
    }

    @Sendable func calendarYear(_ request: Request, context: TenantRequestContext) async throws -> Response {
        var filters = QueryFilters(request)
        let year = filters.int("year", in: 2000...2100)
        try filters.check()
        return try JSONResponse.make(try await self.calendar.year(context.caller, year))
    }

    @Sendable func setDay(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, _) = try await DayBody.decode(from: request, context: context)
        let date = context.parameters.get("date") ?? ""
        let day = WorkingCalendar.Day(date: date, kind: body.kind, name: body.name)
        return try JSONResponse.make(try await self.calendar.set(context.caller, day))
    }

    @Sendable func removeDay(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try await self.calendar.remove(context.caller, date: context.parameters.get("date") ?? "")
        return Response(status: .noContent)
    }
}

extension CasePolicy: StrictBody {
    public static var allowedKeys: Set<String> { jsonKeys }
}
