import Crypto
import Domain
import Foundation
import Hummingbird
import Storage
import UseCases

/// `/v1/draws`: a regulator plans a draw, commits it (the roster freezes and the seed
/// commitment is published), and executes it (the draw job creates the inspections and
/// reveals the seed). See `spec/draw-v1.md`.
struct DrawRoutes {
    let store: DrawStore
    let idempotency = Idempotency()

    struct CreateBody: StrictBody {
        var name: String
        var purpose: String?
        var checklistTemplateVersionID: UUID?
        var targetScope: Draw.TargetScope?
        var inspectorScope: Draw.InspectorScope?
        var sample: Int?
        var ratio: Double?
        var inspectorsPerTarget: Int?
        var riskWeighted: Bool?
        var scheduledOn: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, purpose, sample, ratio
            case checklistTemplateVersionID = "checklist_template_version_id"
            case targetScope = "target_scope"
            case inspectorScope = "inspector_scope"
            case inspectorsPerTarget = "inspectors_per_target"
            case riskWeighted = "risk_weighted"
            case scheduledOn = "scheduled_on"
        }

        static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
        static var nestedKeys: [String: Set<String>] { ["target_scope": Draw.TargetScope.jsonKeys, "inspector_scope": Draw.InspectorScope.jsonKeys] }
    }

    struct ExecuteBody: OptionalStrictBody {
        var publicEntropy: String?
        enum CodingKeys: String, CodingKey { case publicEntropy = "public_entropy" }
        static var allowedKeys: Set<String> { ["public_entropy"] }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("draws", use: self.create)
        group.get("draws", use: self.list)
        group.get("draws/:id", use: self.get)
        group.post("draws/:id/commit", use: self.commit)
        group.post("draws/:id/execute", use: self.execute)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let (body, data) = try await CreateBody.decode(from: request, context: context)
        let checklist = try await InspectionRoutes().checklist(transaction, body.checklistTemplateVersionID)
        let now = Date()
        let draw = Draw(
            id: UUIDv7.make(),
            name: body.name,
            purpose: body.purpose ?? "",
            checklistTemplateVersionID: checklist.id,
            targetScope: body.targetScope ?? Draw.TargetScope(),
            inspectorScope: body.inspectorScope ?? Draw.InspectorScope(),
            sample: body.sample,
            ratio: body.ratio,
            inspectorsPerTarget: body.inspectorsPerTarget ?? 2,
            riskWeighted: body.riskWeighted ?? false,
            scheduledOn: body.scheduledOn,
            createdAt: now,
            updatedAt: now
        )
        var validator = Validator()
        draw.validate(into: &validator)
        try validator.finish()
        return try await self.idempotency.run(request, body: data, caller: Caller(principal, transaction)) {
            try await self.store.create(transaction, draw, actor: AuditActor(principal))
            return Idempotency.Created(
                location: "/v1/draws/\(draw.id.lowercasedString)",
                body: try JSONCoding.encoder.encode(draw)
            )
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let page = try ListQuery(request)
        let result = try await self.store.list(transaction.finishing(), publishedOnly: false, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func find(
        _ request: Request,
        context: AppRequestContext,
        forUpdate: Bool = false
    ) async throws -> (
        Principal, TenantTransaction, Draw
    ) {
        let (principal, transaction) = try context.requireTenant([.regulator])
        let id = try request.uuidParameter("id", context: context, what: "draw")
        guard let draw = try await self.store.find(transaction, id: id, forUpdate: forUpdate) else { throw Problem.notFound("draw") }
        return (principal, transaction, draw)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, _, draw) = try await self.find(request, context: context)
        return try JSONResponse.make(draw)
    }

    /// Freezes the roster of eligible targets (with their weights), inspectors and
    /// conflicts, and publishes SHA-256 of a fresh 32-byte seed.
    @Sendable func commit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, transaction, draw) = try await self.find(request, context: context, forUpdate: true)
        guard draw.state == .planned else { throw DomainError.conflict("the draw is already \(draw.state.rawValue)") }
        let candidates = try await self.store.candidates(transaction, draw)
        let n = draw.sampleSize(eligible: candidates.targets.count)
        guard n >= 1 else { throw DomainError.conflict("no institution is eligible under the target scope") }
        guard n <= candidates.targets.count else {
            throw DomainError.conflict("the sample of \(n) exceeds the \(candidates.targets.count) eligible institutions")
        }
        guard candidates.inspectors.count >= draw.inspectorsPerTarget else {
            throw DomainError.conflict(
                "too few inspectors: \(candidates.inspectors.count) eligible, \(draw.inspectorsPerTarget) needed per target"
            )
        }
        let roster = DrawV1.Roster(
            n: n,
            k: draw.inspectorsPerTarget,
            targets: candidates.targets,
            inspectors: candidates.inspectors,
            conflicts: candidates.conflicts
        )
        let serverSeed = SymmetricKey(size: .bits256).withUnsafeBytes { [UInt8]($0) }
        let committed = try await self.store.commit(
            transaction,
            draw,
            roster: roster,
            names: candidates.names,
            serverSeed: serverSeed,
            actor: AuditActor(principal)
        )
        return try JSONResponse.make(committed)
    }

    /// Fixes the public entropy (once) and enqueues the draw job (once).
    @Sendable func execute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ExecuteBody.decodeOptional(from: request, context: context)
        var validator = Validator()
        validator.text(body.publicEntropy, "public_entropy", max: 1000, required: false)
        try validator.finish()
        let (principal, transaction, draw) = try await self.find(request, context: context, forUpdate: true)
        switch draw.state {
        case .planned: throw DomainError.conflict("commit the draw before executing it")
        case .drawn: throw DomainError.conflict("the draw is already drawn")
        case .committed: break
        }
        if draw.executionRequestedAt != nil, draw.publicEntropy != body.publicEntropy {
            // Otherwise a retry could shop for a better outcome with other entropy.
            throw DomainError.conflict("the public entropy was fixed by the first execution request")
        }
        let requested = try await self.store.requestExecution(transaction, draw, publicEntropy: body.publicEntropy, actor: AuditActor(principal))
        return try JSONResponse.make(requested, status: .accepted)
    }
}
