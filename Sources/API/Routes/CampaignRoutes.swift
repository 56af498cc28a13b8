import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/campaigns`: fire-safety campaigns, their progress by district and week, and the
/// hazard register as CSV (UTF-8 with a BOM, so that Excel shows the Chinese text).
struct CampaignRoutes {
    let store = CampaignStore()
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

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
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

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("campaigns", use: self.create)
        group.get("campaigns", use: self.list)
        group.get("campaigns/:id", use: self.get)
        group.get("campaigns/:id/progress", use: self.progress)
        group.get("campaigns/:id/hazards.csv", use: self.csv)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let campaign = Campaign(
            id: UUIDv7.make(),
            name: body.name,
            legalBasis: body.legalBasis,
            startsOn: body.startsOn,
            endsOn: body.endsOn,
            scope: body.scope ?? Campaign.Scope(),
            target: body.target,
            targetDate: body.targetDate,
            stages: body.stages ?? [],
            createdAt: Date()
        )
        var validator = Validator()
        campaign.validate(into: &validator)
        try validator.finish()
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let enrolled = try await self.store.create(transaction, campaign, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/campaigns/\(campaign.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(Created(campaign: campaign, enrolled: enrolled))
            )
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let page = try ListQuery(request)
        let result = try await self.store.list(transaction.finishing(), after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func find(_ request: Request, context: AppRequestContext) async throws -> (TenantTransaction, Campaign) {
        let (_, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "campaign")
        guard let campaign = try await self.store.find(transaction, id: id) else { throw Problem.notFound("campaign") }
        return (transaction, campaign)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, campaign) = try await self.find(request, context: context)
        return try JSONResponse.make(campaign)
    }

    @Sendable func progress(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (transaction, campaign) = try await self.find(request, context: context)
        let enrolled = try await self.store.enrolled(transaction, campaign)
        let hazards = try await self.store.hazards(transaction, campaign).map { (district: $0.district, hazard: $0.hazard) }
        let today = try await PolicyStore().today(transaction, at: Date())
        let progress = CampaignProgress.compute(enrolled: enrolled, hazards: hazards, weeksFrom: campaign.startsOn, to: min(today, campaign.endsOn))
        return try JSONResponse.make(progress)
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (transaction, campaign) = try await self.find(request, context: context)
        let rows = try await self.store.hazards(transaction, campaign)
        var text = "\u{FEFF}" + HazardRegisterCSV.header + "\r\n"
        for row in rows { text += HazardRegisterCSV.line(district: row.district, institution: row.institution, row.hazard) + "\r\n" }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"hazards-\(campaign.id.lowercasedString).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The hazard register as CSV (RFC 4180 quoting).
enum HazardRegisterCSV {
    static let header =
        "隐患编号 id,区县 district,机构 institution,类别 category,重大 major,消防 fire,描述 description,整改期限 deadline,状态 state,逾期 overdue,挂牌督办 supervised,责任人 responsible"

    static func line(district: String, institution: String, _ hazard: Hazard) -> String {
        [
            hazard.id.lowercasedString, district, institution, hazard.category.rawValue, hazard.major ? "是" : "否",
            hazard.fireRelated ? "是" : "否", hazard.description, hazard.deadline, hazard.state.rawValue, hazard.overdue ? "是" : "否",
            hazard.supervised ? "是" : "否", hazard.responsiblePerson,
        ].map(self.quote).joined(separator: ",")
    }

    static func quote(_ field: String) -> String {
        // A leading = + - @ would be a formula in Excel: neutralise it.
        let safe = field.first.map { "=+-@".contains($0) } == true ? "'" + field : field
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
