import Domain
import Foundation
import Storage

/// What the law says must be published (一公开), read without signing in: each read runs
/// in the transaction of the tenant named by its public slug, and the stores return only
/// what is published (drawn draws, published ratings and inspections, listings).
public struct PublicDisclosure: Sendable {
    let database: Database
    let tenants: TenantStore
    let disclosure = DisclosureStore()
    let institutions = PublicInstitutionStore()
    let draws: DrawStore
    let indicatorFigures: IndicatorUseCases
    let penaltyDecisions: PenaltyUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.tenants = TenantStore(database: dependencies.database)
        self.draws = DrawStore(records: dependencies.drawRecords)
        self.indicatorFigures = IndicatorUseCases(dependencies)
        self.penaltyDecisions = PenaltyUseCases(dependencies)
    }

    /// The tenant a public slug names, or 404.
    public func tenant(slug: String?) async throws -> Tenant {
        guard let slug, slug.count <= 63, let tenant = try await self.tenants.find(slug: slug) else {
            throw DomainError.notFound("tenant")
        }
        return tenant
    }

    public func ratings(_ tenant: Tenant, nameContains: String? = nil) async throws -> [PublicRating] {
        try await self.database.withTenant(tenant.id) { try await self.disclosure.ratings($0, nameContains: nameContains) }
    }

    public func blacklist(_ tenant: Tenant, nameContains: String? = nil) async throws -> [PublicListing] {
        try await self.database.withTenant(tenant.id) { try await self.disclosure.blacklist($0, nameContains: nameContains) }
    }

    public func inspections(_ tenant: Tenant, after: UUID?, limit: Int) async throws -> Page<PublicInspection> {
        try await self.database.withTenant(tenant.id) { try await self.disclosure.inspections($0, after: after, limit: limit) }
    }

    /// Penalty decisions in publication today (双公示), newest first.
    public func penalties(_ tenant: Tenant) async throws -> [PublicPenalty] {
        try await self.database.withTenant(tenant.id) { try await self.penaltyDecisions.published($0) }
    }

    public func indicators(_ tenant: Tenant) async throws -> PublicIndicators {
        try await self.database.withTenant(tenant.id) { try await self.indicatorFigures.published($0) }
    }

    /// The portal's home page in one transaction: ratings, listings, the newest 200
    /// inspection outcomes, all narrowed by a name search, and the indicators.
    public func home(
        _ tenant: Tenant,
        nameContains: String?
    ) async throws -> (
        ratings: [PublicRating], listings: [PublicListing], inspections: [PublicInspection], indicators: PublicIndicators
    ) {
        try await self.database.withTenant(tenant.id) { transaction in
            let indicators = try await self.indicatorFigures.published(transaction)
            return (
                try await self.disclosure.ratings(transaction, nameContains: nameContains),
                try await self.disclosure.blacklist(transaction, nameContains: nameContains),
                // The last read commits in the same round trip.
                try await self.disclosure.inspections(
                    transaction.finishing(),
                    nameContains: nameContains,
                    newestFirst: true,
                    after: nil,
                    limit: 200
                ).items,
                indicators
            )
        }
    }

    /// Page `page` (from 1) of the directory of institutions, `size` a page, with the
    /// number of matches (a page past the end has no entries).
    public func directory(_ tenant: Tenant, filter: PublicDirectoryFilter, page: Int, size: Int) async throws -> PublicDirectoryPage {
        // Clamped so a huge page number cannot overflow; it simply finds no entries.
        let start = min(max(0, page - 1), 1 << 30) * max(size, 0)
        let range = start..<(start + size)
        return try await self.database.withTenant(tenant.id) { transaction in
            let total = try await self.institutions.count(transaction, filter: filter)
            return PublicDirectoryPage(
                total: total,
                entries: try await self.institutions.directory(transaction, filter: filter, range: range),
                districts: try await self.institutions.districts(transaction.finishing())
            )
        }
    }

    /// One institution's public page, or 404.
    public func institution(_ tenant: Tenant, id: UUID) async throws -> PublicInstitutionPage {
        let page = try await self.database.withTenant(tenant.id) { transaction -> PublicInstitutionPage? in
            guard let register = try await self.institutions.register(transaction, id: id) else { return nil }
            return PublicInstitutionPage(
                register: register,
                rating: try await self.institutions.rating(transaction, institution: register),
                listings: try await self.institutions.listings(transaction, institutionID: id),
                inspections: try await self.institutions.inspections(transaction, institutionID: id, limit: Self.inspectionsShown),
                openMajorHazards: try await self.institutions.openMajorHazards(transaction, institutionID: id),
                substantiatedComplaints: try await self.institutions.substantiatedComplaints(transaction.finishing(), institutionID: id)
            )
        }
        guard let page else { throw DomainError.notFound("institution") }
        return page
    }

    /// The newest published inspections an institution's page shows.
    public static let inspectionsShown = 100

    /// Committed and drawn draws, the public's to verify.
    public func draws(_ tenant: Tenant, after: UUID?, limit: Int) async throws -> Page<Draw> {
        try await self.database.withTenant(tenant.id) { try await self.draws.list($0, publishedOnly: true, after: after, limit: limit) }
    }

    /// A published draw's record (frozen once drawn) and the draw itself.
    public func draw(_ tenant: Tenant, id: UUID) async throws -> (record: PublishedDrawRecord, draw: Draw) {
        let found = try await self.database.withTenant(tenant.id) { transaction in
            (try await self.draws.record(transaction, id: id), try await self.draws.find(transaction, id: id))
        }
        guard let record = found.0, let draw = found.1 else { throw DomainError.notFound("draw") }
        return (record, draw)
    }

    /// A published draw's record only (the JSON the public verifies).
    public func drawRecord(_ tenant: Tenant, id: UUID) async throws -> PublishedDrawRecord {
        let record = try await self.database.withTenant(tenant.id) { try await self.draws.record($0, id: id) }
        guard let record else { throw DomainError.notFound("draw") }
        return record
    }
}
