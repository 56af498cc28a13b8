import Domain
import Foundation
import Storage

/// Draws (`spec/draw-v1.md`, `spec/draw-v2.md`): a regulator plans one, commits it (the
/// roster freezes and the seed commitment is published) and executes it (the draw job
/// creates the inspections and reveals the seed).
public struct DrawUseCases: Sendable {
    let store: DrawStore
    let checklists = PublishedChecklists()
    let checklistVersions = ChecklistStore()
    let inspections = InspectionStore()
    let policies = PolicyStore()
    let time: TimeSource
    let random: RandomSource

    public init(_ dependencies: UseCaseDependencies) {
        self.store = DrawStore(records: dependencies.drawRecords)
        self.time = dependencies.time
        self.random = dependencies.random
    }

    /// A draw as planned, before anything about it is decided.
    public struct Plan: Sendable {
        public var name: String
        public var purpose: String?
        public var checklistTemplateVersionID: UUID?
        public var targetScope: Draw.TargetScope?
        public var inspectorScope: Draw.InspectorScope?
        public var sample: Int?
        public var ratio: Double?
        public var inspectorsPerTarget: Int?
        public var riskWeighted: Bool?
        public var scheduledOn: String?

        public init(
            name: String,
            purpose: String?,
            checklistTemplateVersionID: UUID?,
            targetScope: Draw.TargetScope?,
            inspectorScope: Draw.InspectorScope?,
            sample: Int?,
            ratio: Double?,
            inspectorsPerTarget: Int?,
            riskWeighted: Bool?,
            scheduledOn: String?
        ) {
            self.name = name
            self.purpose = purpose
            self.checklistTemplateVersionID = checklistTemplateVersionID
            self.targetScope = targetScope
            self.inspectorScope = inspectorScope
            self.sample = sample
            self.ratio = ratio
            self.inspectorsPerTarget = inspectorsPerTarget
            self.riskWeighted = riskWeighted
            self.scheduledOn = scheduledOn
        }
    }

    public func plan(_ caller: Caller, _ plan: Plan) async throws -> Draw {
        try caller.decide { DrawAccess.decide($0, .plan) }.require("resource")
        let checklist = try await self.checklists.resolve(caller.transaction, plan.checklistTemplateVersionID)
        let now = self.time.now()
        let draw = Draw(
            id: UUIDv7.make(),
            name: plan.name,
            purpose: plan.purpose ?? "",
            checklistTemplateVersionID: checklist.id,
            targetScope: plan.targetScope ?? Draw.TargetScope(),
            inspectorScope: plan.inspectorScope ?? Draw.InspectorScope(),
            sample: plan.sample,
            ratio: plan.ratio,
            inspectorsPerTarget: plan.inspectorsPerTarget ?? 2,
            riskWeighted: plan.riskWeighted ?? false,
            scheduledOn: plan.scheduledOn,
            createdAt: now,
            updatedAt: now
        )
        var validator = Validator()
        draw.validate(into: &validator)
        try validator.finish()
        try await self.store.create(caller.transaction, draw, by: caller.actor.tokenID)
        try await caller.auditCreated("draw.created", "draw", id: draw.id, draw)
        return draw
    }

    public func list(_ caller: Caller, after: UUID?, limit: Int) async throws -> Page<Draw> {
        try caller.decide { DrawAccess.decide($0, .list) }.require("resource")
        return try await self.store.list(caller.finishing(), publishedOnly: false, after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Draw {
        try await self.find(caller, .read, id: id)
    }

    /// Freezes the roster of eligible targets (with their weights), inspectors and
    /// conflicts, and publishes SHA-256 of a fresh 32-byte seed.
    public func commit(_ caller: Caller, id: UUID) async throws -> Draw {
        let draw = try await self.find(caller, .commit, id: id, forUpdate: true)
        guard draw.state == .planned else { throw DomainError.conflict("the draw is already \(draw.state.label)") }
        let candidates = try await self.candidates(caller.transaction, draw)
        let preview = draw.preview(eligibleTargets: candidates.targets.count, eligibleInspectors: candidates.inspectors.count)
        if let problem = preview.problem { throw DomainError.conflict(problem) }
        let n = preview.sample
        let roster = DrawV1.Roster(
            n: n,
            k: draw.inspectorsPerTarget,
            targets: candidates.targets,
            inspectors: candidates.inspectors,
            conflicts: candidates.conflicts
        )
        let committed = try await self.store.commit(
            caller.transaction,
            draw,
            roster: roster,
            names: candidates.names,
            serverSeed: self.random.bytes(32)
        )
        try await caller.audit("draw.committed", "draw", id: draw.id, before: draw, after: committed)
        try await caller.emit("draw.committed", EventSubjects(others: ["draw_id": draw.id]), committed)
        return committed
    }

    /// The roster a planned draw would freeze if committed now (sizes only; nothing is
    /// frozen, published or audited).
    public func preview(_ caller: Caller, id: UUID) async throws -> Draw.RosterPreview {
        let draw = try await self.find(caller, .commit, id: id)
        guard draw.state == .planned else { throw DomainError.conflict("the draw is already \(draw.state.label)") }
        let candidates = try await self.candidates(caller.transaction, draw)
        return draw.preview(eligibleTargets: candidates.targets.count, eligibleInspectors: candidates.inspectors.count)
    }

    /// The eligible targets with their risk weights (the tenant's complaint and penalty
    /// factors), inspectors and conflicts.
    func candidates(_ transaction: TenantTransaction, _ draw: Draw) async throws -> DrawCandidates {
        try await self.store.candidates(
            transaction,
            draw,
            complaintFactor: try await self.policies.casePolicy(transaction).complaintRiskFactor,
            penaltyFactor: try await self.policies.penaltyPolicy(transaction).riskFactor,
            today: try await self.policies.today(transaction, at: self.time.now())
        )
    }

    /// Discards a planned draw (nothing was frozen or published); a committed or drawn
    /// draw is a public record and stays (409).
    public func discard(_ caller: Caller, id: UUID) async throws {
        let draw = try await self.find(caller, .discard, id: id, forUpdate: true)
        guard draw.state == .planned, try await self.store.discardPlanned(caller.transaction, id: id) else {
            throw DomainError.conflict("a \(draw.state.label) draw is a public record and cannot be discarded")
        }
        try await caller.audit("draw.discarded", "draw", id: id, before: draw, after: Draw?.none)
    }

    /// Fixes the public entropy (once) and enqueues the draw job (once).
    public func execute(_ caller: Caller, id: UUID, publicEntropy: String?) async throws -> Draw {
        try caller.decide { DrawAccess.decide($0, .execute) }.require("draw")
        var validator = Validator()
        validator.text(publicEntropy, "public_entropy", max: 1000, required: false)
        try validator.finish()
        let draw = try await self.find(caller, .execute, id: id, forUpdate: true)
        switch draw.state {
        case .planned: throw DomainError.conflict("commit the draw before executing it")
        case .drawn: throw DomainError.conflict("the draw is already drawn")
        case .committed: break
        }
        if draw.executionRequestedAt != nil, draw.publicEntropy != publicEntropy {
            // Otherwise a retry could shop for a better outcome with other entropy.
            throw DomainError.conflict("the public entropy was fixed by the first execution request")
        }
        let requested = try await self.store.requestExecution(caller.transaction, draw, publicEntropy: publicEntropy)
        // Once per draw: a second request while the job is waiting adds nothing.
        try await caller.enqueue(
            try NewJob(
                kind: DrawStore.executeKind,
                payload: DrawStore.ExecutePayload(drawID: draw.id),
                options: JobOptions(maxAttempts: 3, uniqueKey: "draw:\(draw.id.lowercasedString)")
            )
        )
        try await caller.audit("draw.execution_requested", "draw", id: draw.id, before: draw, after: requested)
        return requested
    }

    /// Why a committed draw cannot be drawn (the roster cannot satisfy its rules, or its
    /// checklist is gone): recorded on the draw, which stays committed.
    public struct Impossible: Error, Sendable {
        public var reason: String
    }

    /// The draw job's work, rerunning nothing it has done. Locks the draw, selects with
    /// the frozen roster and the committed seed, creates one inspection per selected
    /// target with its inspectors (announced by `inspection.assigned`), and marks the draw
    /// drawn, which reveals the seed. Returns how many inspections it created (0 when
    /// already drawn). Two reads of the draw on purpose: the small row under lock decides,
    /// and only a committed draw's roster (megabytes for a provincial draw) is then fetched.
    public func drawLots(_ caller: Caller, id: UUID) async throws -> Int {
        let transaction = caller.transaction
        guard let draw = try await self.store.find(transaction, id: id, forUpdate: true) else {
            throw DomainError.notFound("draw \(id.lowercasedString)")
        }
        if draw.state == .drawn { return 0 }
        guard draw.state == .committed, let frozen = try await self.store.frozen(transaction, id: id) else {
            throw DomainError.conflict("draw \(id.lowercasedString) is \(draw.state.label), not committed")
        }
        let seed = DrawV1.seed(serverSeed: frozen.serverSeed, publicEntropy: draw.publicEntropy)
        let assignments: [DrawV1.Assignment]
        do {
            assignments = try DrawV1.select(frozen.roster.roster, seed: seed)
        } catch let failure as DrawV1.Failure {
            throw Impossible(reason: failure.description)
        }
        guard let checklist = try await self.checklistVersions.findVersion(transaction, id: draw.checklistTemplateVersionID) else {
            throw Impossible(reason: "checklist version \(draw.checklistTemplateVersionID.lowercasedString) no longer exists")
        }
        let now = self.time.now()
        let scheduledOn: String
        if let day = draw.scheduledOn { scheduledOn = day } else { scheduledOn = try await self.policies.today(transaction, at: now) }
        let inspections = assignments.map { assignment in
            Inspection(
                id: UUIDv7.make(),
                institutionID: UUID(uuidString: assignment.target)!,
                templateID: checklist.templateID,
                templateVersionID: checklist.id,
                drawID: draw.id,
                scheduledOn: scheduledOn,
                state: .planned,
                inspectorIDs: assignment.inspectors.compactMap(UUID.init(uuidString:)),
                createdAt: now,
                updatedAt: now
            )
        }
        try await self.inspections.createMany(transaction, inspections, checklist: checklist, by: caller.actor.tokenID)
        try await EventOutbox.emitMany(
            transaction,
            inspections.map { NewEvent(type: "inspection.assigned", subjects: InspectionUseCases.assignedSubjects($0), data: $0) }
        )
        let drawn = try await self.store.markDrawn(transaction, draw, assignments: assignments)
        try await caller.audit("draw.drawn", "draw", id: draw.id, before: draw, after: drawn)
        try await caller.emit("draw.completed", EventSubjects(others: ["draw_id": draw.id]), drawn)
        return inspections.count
    }

    /// Records why the draw could not be drawn, in a transaction of its own.
    public func recordImpossible(_ caller: Caller, id: UUID, reason: String) async throws {
        try await self.store.recordFailure(caller.transaction, id: id, reason: reason)
        try await caller.audit("draw.failed", "draw", id: id, before: String?.none, after: reason)
        try await caller.emit("draw.failed", EventSubjects(others: ["draw_id": id]), ["draw_id": id.lowercasedString, "reason": reason])
    }

    func find(_ caller: Caller, _ action: DrawAccess.Action, id: UUID, forUpdate: Bool = false) async throws -> Draw {
        try caller.decide { DrawAccess.decide($0, action) }.require("draw")
        guard let draw = try await self.store.find(caller.transaction, id: id, forUpdate: forUpdate) else {
            throw DomainError.notFound("draw")
        }
        return draw
    }
}
