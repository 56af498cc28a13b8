import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/self-assessments` (自查自评): an institution assesses itself against a published
/// checklist; a regulator sees each beside the latest reviewed inspection of the same
/// template, with the items on which the two disagree.
struct SelfAssessmentRoutes {
    let store = SelfAssessmentStore()
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var checklistTemplateVersionID: UUID?
        var results: [ItemResult]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case results
            case checklistTemplateVersionID = "checklist_template_version_id"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
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

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("self-assessments", use: self.create)
        group.get("self-assessments", use: self.list)
        group.get("self-assessments/:id", use: self.get)
        group.get("self-assessments/:id/comparison", use: self.comparison)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.institution])
        guard let institutionID = principal.subjectID else { throw Problem.notFound("institution") }
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let checklist = try await InspectionRoutes().checklist(transaction, body.checklistTemplateVersionID)
        var validator = Validator()
        ItemResult.validate(body.results, against: checklist, into: &validator)
        let outcome = ChecklistEvaluation.evaluate(checklist, results: body.results)
        validator.check(
            outcome.missingCodes.isEmpty,
            "results",
            "must give every item a result; missing: \(outcome.missingCodes.joined(separator: ", "))"
        )
        try validator.finish()
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            let assessment = SelfAssessment(
                id: UUIDv7.make(),
                institutionID: institutionID,
                templateID: checklist.templateID,
                templateVersionID: checklist.id,
                results: body.results,
                evaluation: Inspection.Evaluation(outcome),
                submittedAt: Date()
            )
            try await self.store.create(transaction, assessment, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/self-assessments/\(assessment.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(assessment)
            )
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator, .institution])
        let page = try ListQuery(request)
        var institutionID: UUID?
        if let text = request.uri.queryParameters.get("institution_id") {
            guard let id = UUID(uuidString: text) else { throw Problem.invalid([FieldError("institution_id", "must be a UUID")]) }
            institutionID = id
        }
        if principal.role == .institution {
            // An institution sees only its own, whatever it asks for.
            guard institutionID == nil || institutionID == principal.subjectID else {
                return try JSONResponse.make(ListPage<SelfAssessment>(items: [], nextCursor: nil))
            }
            institutionID = principal.subjectID
        }
        let result = try await self.store.list(
            transaction.finishing(),
            institutionID: institutionID,
            after: page.after,
            limit: page.limit
        )
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func visible(
        _ request: Request,
        context: AppRequestContext,
        roles: Set<Role>
    ) async throws -> (
        TenantTransaction, SelfAssessment
    ) {
        let (principal, transaction) = try context.requireTenant(roles)
        let id = try request.uuidParameter("id", context: context, what: "self-assessment")
        guard let assessment = try await self.store.find(transaction, id: id),
            principal.role == .regulator || principal.subjectID == assessment.institutionID
        else { throw Problem.notFound("self-assessment") }
        return (transaction, assessment)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, assessment) = try await self.visible(request, context: context, roles: [.regulator, .institution])
        return try JSONResponse.make(assessment)
    }

    @Sendable func comparison(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (transaction, assessment) = try await self.visible(request, context: context, roles: [.regulator])
        let inspection = try await self.store.latestReviewedInspection(
            transaction,
            institutionID: assessment.institutionID,
            templateID: assessment.templateID
        )
        var disagreements: [Disagreement] = []
        if let inspection, let checklist = try await ChecklistStore().findVersion(transaction, id: assessment.templateVersionID) {
            let inspected = try await InspectionStore().results(transaction, inspectionID: inspection.id)
            disagreements = Disagreement.list(checklist, selfAssessed: assessment.results, inspected: inspected)
        }
        return try JSONResponse.make(Comparison(selfAssessment: assessment, inspection: inspection, disagreements: disagreements))
    }
}
