import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/self-assessments` (自查自评): an institution assesses itself against a published
/// checklist; a regulator sees each beside the latest reviewed inspection of the same
/// template, with the items on which the two disagree.
struct SelfAssessmentRoutes {
    let assessments: SelfAssessmentUseCases
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var checklistTemplateVersionID: UUID?
        var results: [ItemResult]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case results
            case checklistTemplateVersionID = "checklist_template_version_id"
        }

        static var allowedKeys: Set<String> { keys(CodingKeys.self) }
        static var nestedKeys: [String: Set<String>] { ItemResult.resultKeys }
    }

    struct Comparison: Encodable {
        var selfAssessment: SelfAssessment
        var inspection: Inspection?
        var disagreements: [Disagreement]

        enum CodingKeys: String, CodingKey {
            case inspection, disagreements
            case selfAssessment = "self_assessment"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.selfAssessment, forKey: .selfAssessment)
            try container.encode(self.inspection, forKey: .inspection)
            try container.encode(self.disagreements, forKey: .disagreements)
        }
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("self-assessments", use: self.create)
        group.get("self-assessments", use: self.list)
        group.get("self-assessments/:id", use: self.get)
        group.get("self-assessments/:id/comparison", use: self.comparison)
    }

    @Sendable func create(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        return try await self.idempotency.run(request, body: data, caller: context.caller) {
            let assessment = try await self.assessments.submit(
                context.caller,
                checklistVersionID: body.checklistTemplateVersionID,
                results: body.results
            )
            return Idempotency.Created(
                location: "/v1/self-assessments/\(assessment.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(assessment)
            )
        }
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        var filters = QueryFilters(request)
        let institutionID = filters.uuid("institution_id")
        try filters.check()
        let page = try ListQuery(request)
        let result = try await self.assessments.list(context.caller, institutionID: institutionID, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    @Sendable func get(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "self-assessment")
        return try JSONResponse.make(try await self.assessments.read(context.caller, id: id))
    }

    @Sendable func comparison(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "self-assessment")
        let comparison = try await self.assessments.compare(context.caller, id: id)
        return try JSONResponse.make(
            Comparison(selfAssessment: comparison.selfAssessment, inspection: comparison.inspection, disagreements: comparison.disagreements)
        )
    }
}
