import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/campaigns`: fire-safety campaigns, their progress by district and week, and the
/// hazard register as CSV (UTF-8 with a BOM, so that Excel shows the Chinese text).
struct CampaignRoutes {
    let campaigns: CampaignUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var name: String
        var legalBasis: String
        var startsOn: String
        var endsOn: String
        var scope: Campaign.Scope?
        var target: String
        var targetDate: String
        var stages: [Campaign.Stage]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, scope, target, stages
            case legalBasis = "legal_basis"
            case startsOn = "starts_on"
            case endsOn = "ends_on"
            case targetDate = "target_date"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ["scope": Campaign.Scope.jsonKeys, "stages[]": Campaign.Stage.jsonKeys] }
    }

    struct Created: Encodable {
        var campaign: Campaign
        var enrolled: Int

        func encode(to encoder: any Encoder) throws {
            try self.campaign.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(self.enrolled, forKey: .enrolled)
        }

        enum Key: String, CodingKey { case enrolled }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("campaigns", use: self.create)
        group.get("campaigns", use: self.list)
        group.get("campaigns/:id", use: self.get)
        group.get("campaigns/:id/progress", use: self.progress)
        group.get("campaigns/:id/hazards.csv", use: self.csv)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let launch = CampaignUseCases.Launch(
            name: body.name,
            legalBasis: body.legalBasis,
            startsOn: body.startsOn,
            endsOn: body.endsOn,
            scope: body.scope,
            target: body.target,
            targetDate: body.targetDate,
            stages: body.stages
        )
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let (campaign, enrolled) = try await self.campaigns.launch(context.caller, launch)
            return Idempotency.Created(
                location: "/v1/campaigns/\(campaign.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(Created(campaign: campaign, enrolled: enrolled))
            )
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.campaigns.list(context.caller, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "campaign")
        return try JSONResponse.make(try await self.campaigns.read(context.caller, id: id))
    }

    @Sendable func progress(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "campaign")
        return try JSONResponse.make(try await self.campaigns.progress(context.caller, id: id))
    }

    @Sendable func csv(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "campaign")
        let (campaign, rows) = try await self.campaigns.hazards(context.caller, id: id)
        let language = Language(query: request.uri.queryParameters.get("lang").map { String($0) }, acceptLanguage: nil)
        var text = "\u{FEFF}" + HazardRegisterCSV.header(language) + "\r\n"
        for row in rows {
            text += HazardRegisterCSV.line(district: row.district, institution: row.institution, row.hazard, language) + "\r\n"
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"hazards-\(campaign.id.lowercasedString).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The hazard register as CSV (RFC 4180 quoting): Chinese headings and values, as a
/// bureau's spreadsheet has them; `?lang=en` gives the API's own names and values.
enum HazardRegisterCSV {
    static func header(_ language: Language) -> String {
        language == .english
            ? "id,district,institution,category,major,fire_related,description,deadline,state,overdue,supervised,responsible_person"
            : "隐患编号,区县,机构,类别,重大隐患,涉及消防,描述,整改期限,状态,逾期,挂牌督办,责任人"
    }

    static func line(district: String, institution: String, _ hazard: Hazard, _ language: Language) -> String {
        func yes(_ value: Bool) -> String { language == .english ? String(value) : value ? "是" : "否" }
        return [
            hazard.id.lowercasedString, district, institution, hazard.category.label.text(in: language), yes(hazard.major),
            yes(hazard.fireRelated), hazard.description, hazard.deadline, hazard.state.label.text(in: language), yes(hazard.overdue),
            yes(hazard.supervised), hazard.responsiblePerson,
        ].map(self.quote).joined(separator: ",")
    }

    static func quote(_ field: String) -> String {
        // A leading = + - @ would be a formula in Excel: neutralise it.
        let safe = field.first.map { "=+-@".contains($0) } == true ? "'" + field : field
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
