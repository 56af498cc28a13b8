import Domain
import Foundation
import Storage

/// What issuing a notice and deciding a penalty share, in the caller's transaction: the
/// next document number of the year, the authority as printed (the tenant's policy, or
/// its name), and the party as the register names it that day.
struct DocumentIssue: Sendable {
    let counters = DocumentCounterStore()
    let tenants = DashboardStore()
    let institutions = InstitutionStore()
    let policies = PolicyStore()

    /// `prefix〔year〕n号`, the year that of `today`.
    func number(_ transaction: TenantTransaction, _ kind: LegalDocument.Kind, prefix: String, today: String) async throws -> String {
        let year = Int(today.prefix(4)) ?? 2026
        let sequence = try await self.counters.nextSequence(transaction, kind: kind, year: year)
        return LegalDocument.number(prefix: prefix, year: year, sequence: sequence)
    }

    func authority(_ transaction: TenantTransaction) async throws -> String {
        let authority = try await self.policies.documentPolicy(transaction).authority
        return authority.isEmpty ? try await self.tenants.tenantName(transaction) : authority
    }

    func party(_ transaction: TenantTransaction, institutionID: UUID) async throws -> RectificationNotice.Party {
        guard let institution = try await self.institutions.find(transaction, id: institutionID) else {
            throw DomainError.notFound("institution")
        }
        return RectificationNotice.Party(
            name: institution.name,
            creditCode: institution.creditCode,
            legalRepresentative: institution.legalRepresentative,
            address: institution.address
        )
    }
}
