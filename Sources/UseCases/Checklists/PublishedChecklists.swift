import Domain
import Foundation
import Storage

/// The checklist an inspection, a draw or a self-assessment works through: a named
/// published version, or the latest published national GB 38600 one.
struct PublishedChecklists: Sendable {
    let store = ChecklistStore()

    func resolve(_ transaction: TenantTransaction, _ id: UUID?) async throws -> ChecklistVersion {
        if let id {
            guard let version = try await self.store.findVersion(transaction, id: id), version.state == .published else {
                throw DomainError.invalid([FieldError("checklist_template_version_id", "names no published checklist version")])
            }
            return version
        }
        guard let version = try await self.store.latestPublished(transaction, templateID: ChecklistTemplate.nationalGB38600ID)
        else { throw DomainError.conflict("no published national GB 38600 checklist") }
        return version
    }
}
