import Domain
import Foundation
import Storage

/// The inspector pool and declared conflicts of interest (回避), kept by the regulator
/// (`InspectorAccess`).
public struct InspectorUseCases: Sendable {
    let store = InspectorStore()
    let institutions = InstitutionStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    public func register(_ caller: Caller, _ fields: InspectorFields) async throws -> Inspector {
        try caller.decide { InspectorAccess.decide($0, .register) }.require("resource")
        try fields.validateForCreation()
        let now = self.time.now()
        let blank = Inspector(
            id: UUIDv7.make(),
            name: "",
            certificateNumber: "",
            districts: [],
            active: true,
            affiliations: [],
            createdAt: now,
            updatedAt: now
        )
        let inspector = try fields.apply(to: blank)
        try await self.store.create(caller.transaction, inspector)
        try await caller.auditCreated("inspector.created", "inspector", id: inspector.id, inspector)
        return inspector
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Inspector {
        try caller.decide { InspectorAccess.decide($0, .read(id)) }.require("inspector")
        guard let inspector = try await self.store.find(caller.finishing(), id: id) else { throw DomainError.notFound("inspector") }
        return inspector
    }

    public func list(_ caller: Caller, district: String?, active: Bool?, after: UUID?, limit: Int) async throws -> Page<Inspector> {
        try caller.decide { InspectorAccess.decide($0, .list) }.require("resource")
        return try await self.store.list(caller.finishing(), district: district, active: active, after: after, limit: limit)
    }

    public func update(_ caller: Caller, id: UUID, _ fields: InspectorFields, expected: ExpectedVersion) async throws -> Inspector {
        try caller.decide { InspectorAccess.decide($0, .update) }.require("resource")
        guard let current = try await self.store.find(caller.transaction, id: id, forUpdate: true) else {
            throw DomainError.notFound("inspector")
        }
        guard expected.matches(current.version) else { throw DomainError.stale(currentVersion: current.version) }
        var next = try fields.apply(to: current)
        next.version = current.version + 1
        next.updatedAt = self.time.now()
        try await self.store.update(caller.transaction, from: current, to: next)
        try await caller.audit("inspector.updated", "inspector", id: id, before: current, after: next)
        return next
    }

    public func declareConflict(_ caller: Caller, inspectorID: UUID, institutionID: UUID, reason: String) async throws -> InspectorConflict {
        try caller.decide { InspectorAccess.decide($0, .declareConflict) }.require("resource")
        var validator = Validator()
        validator.text(reason, "reason", max: 1000)
        try validator.finish()
        guard try await self.store.find(caller.transaction, id: inspectorID) != nil else { throw DomainError.notFound("inspector") }
        guard try await self.institutions.find(caller.transaction, id: institutionID) != nil else {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let conflict = InspectorConflict(
            id: UUIDv7.make(),
            inspectorID: inspectorID,
            institutionID: institutionID,
            reason: reason,
            createdAt: self.time.now()
        )
        try await self.store.addConflict(caller.transaction, conflict, createdBy: caller.actor.tokenID)
        try await caller.auditCreated("inspector.conflict_declared", "inspector", id: inspectorID, conflict)
        return conflict
    }

    public func conflicts(_ caller: Caller, inspectorID: UUID) async throws -> [InspectorConflict] {
        try caller.decide { InspectorAccess.decide($0, .listConflicts) }.require("resource")
        guard try await self.store.find(caller.transaction, id: inspectorID) != nil else { throw DomainError.notFound("inspector") }
        return try await self.store.conflicts(caller.finishing(), inspectorID: inspectorID)
    }

    public func removeConflict(_ caller: Caller, inspectorID: UUID, id: UUID) async throws {
        try caller.decide { InspectorAccess.decide($0, .removeConflict) }.require("resource")
        guard let removed = try await self.store.removeConflict(caller.transaction, inspectorID: inspectorID, id: id) else {
            throw DomainError.notFound("conflict")
        }
        try await caller.audit("inspector.conflict_removed", "inspector", id: inspectorID, before: removed, after: InspectorConflict?.none)
    }
}
