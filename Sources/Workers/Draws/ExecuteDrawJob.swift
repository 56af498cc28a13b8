import Domain
import Foundation
import Logging
import Storage

/// `draw.execute`: reruns nothing it has done. In one transaction it locks the draw,
/// selects with the frozen roster and the committed seed, creates one inspection per
/// selected target with its inspectors (announced by `inspection.assigned`), and marks the
/// draw drawn, which reveals the seed. A draw that cannot be completed records why in its
/// own transaction and stays committed; the job is discarded with the same reason.
public struct ExecuteDrawJob: JobHandler {
    public var kind: String { DrawStore.executeKind }
    public var timeout: Duration { .seconds(300) }
    let store = DrawStore()

    public init() {}

    struct Impossible: Error {
        var reason: String
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try job.decodePayload(DrawStore.ExecutePayload.self)
        guard let tenantID = job.tenantID else { throw PermanentJobError("a draw job needs a tenant") }
        do {
            try await context.database.withTenant(tenantID) { transaction in
                try await self.execute(payload.drawID, transaction, logger: context.logger)
            }
        } catch let impossible as Impossible {
            try await context.database.withTenant(tenantID) { transaction in
                try await self.store.recordFailure(transaction, id: payload.drawID, reason: impossible.reason)
            }
            throw PermanentJobError(impossible.reason)
        }
    }

    /// Two reads of the draw on purpose: the small row under lock decides, and only a
    /// committed draw's roster (megabytes for a provincial draw) is then fetched.
    func execute(_ id: UUID, _ transaction: TenantTransaction, logger: Logger) async throws {
        guard let draw = try await self.store.find(transaction, id: id, forUpdate: true) else {
            throw PermanentJobError("draw \(id.lowercasedString) does not exist")
        }
        if draw.state == .drawn { return }
        guard draw.state == .committed, let frozen = try await self.store.frozen(transaction, id: id) else {
            throw PermanentJobError("draw \(id.lowercasedString) is \(draw.state.rawValue), not committed")
        }
        let seed = DrawV1.seed(serverSeed: frozen.serverSeed, publicEntropy: draw.publicEntropy)
        let assignments: [DrawV1.Assignment]
        do {
            assignments = try DrawV1.select(frozen.roster.roster, seed: seed)
        } catch let failure as DrawV1.Failure {
            throw Impossible(reason: failure.description)
        }
        guard let checklist = try await ChecklistStore().findVersion(transaction, id: draw.checklistTemplateVersionID) else {
            throw Impossible(reason: "checklist version \(draw.checklistTemplateVersionID.lowercasedString) no longer exists")
        }
        let now = Date()
        let scheduledOn: String
        if let day = draw.scheduledOn { scheduledOn = day } else { scheduledOn = try await PolicyStore().today(transaction, at: now) }
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
        try await InspectionStore().createMany(transaction, inspections, checklist: checklist, actor: .system("draw"))
        _ = try await self.store.markDrawn(transaction, draw, assignments: assignments)
        logger.info("draw executed", metadata: ["draw": "\(id)", "inspections": "\(inspections.count)"])
    }
}
