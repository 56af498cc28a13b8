import Domain
import Foundation
import Storage

/// The institution register: the regulator keeps it, an institution reads its own
/// record and reports its own operating figures (`InstitutionAccess`).
public struct InstitutionUseCases: Sendable {
    let store = InstitutionStore()
    let inspections = InspectionStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    public func register(_ caller: Caller, _ fields: InstitutionFields) async throws -> Institution {
        try caller.decide { InstitutionAccess.decide($0, .create) }.require("resource")
        let institution = try fields.makeInstitution(id: UUIDv7.make(), at: self.time.now())
        try await self.store.create(caller.transaction, institution)
        try await caller.auditCreated("institution.created", "institution", id: institution.id, institution)
        try await caller.emit("institution.created", EventSubjects(institutionID: institution.id), institution)
        return institution
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Institution {
        var assigned = false
        if let principal = caller.principal, InstitutionAccess.needsAssignments(principal), let inspector = principal.subjectID {
            assigned = try await self.inspections.isAssigned(caller.transaction, inspectorID: inspector, institutionID: id)
        }
        try caller.decide { InstitutionAccess.decide($0, .read(id, inspectorAssigned: assigned)) }.require("institution")
        guard let institution = try await self.store.find(caller.finishing(), id: id) else {
            throw DomainError.notFound("institution")
        }
        return institution
    }

    public func list(_ caller: Caller, filter: InstitutionFilter, after: UUID?, limit: Int) async throws -> Page<Institution> {
        try caller.decide { InstitutionAccess.decide($0, .list) }.require("resource")
        switch caller.principal.map(InstitutionAccess.listScope) ?? .tenant {
        case .tenant:
            return try await self.store.list(caller.finishing(), filter: filter, after: after, limit: limit)
        case .institution(let own):
            // An institution's view of the register is its own record, on one page.
            let mine = after == nil ? try await self.store.find(caller.finishing(), id: own) : nil
            return Page(items: mine.map { [$0] } ?? [], nextAfter: nil)
        case .inspector, .nothing:
            return Page(items: [], nextAfter: nil)
        }
    }

    /// Applies the present fields if `expected` matches the stored version.
    public func update(
        _ caller: Caller,
        id: UUID,
        _ fields: InstitutionFields,
        expected: ExpectedVersion
    ) async throws -> Institution {
        try caller.decide { InstitutionAccess.decide($0, .update(id, fields: fields.presentKeys)) }.require("institution")
        guard let current = try await self.store.find(caller.transaction, id: id, forUpdate: true) else {
            throw DomainError.notFound("institution")
        }
        guard expected.matches(current.version) else { throw DomainError.stale(currentVersion: current.version) }
        let updated = try fields.apply(to: current, at: self.time.now())
        try await self.store.update(caller.transaction, from: current, to: updated)
        try await caller.audit("institution.updated", "institution", id: id, before: current, after: updated)
        try await caller.emit("institution.updated", EventSubjects(institutionID: id), updated)
        return updated
    }
}
