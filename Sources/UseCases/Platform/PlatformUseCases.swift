import Domain
import Foundation
import Storage

/// Tenants and the job queue, as platform administrators (and, for the queue within
/// their tenant, regulators) steer them (`PlatformAccess`).
public struct PlatformUseCases: Sendable {
    let tenants: TenantStore
    let tokens: TokenUseCases
    let jobs = JobStore()

    public init(_ dependencies: UseCaseDependencies) {
        self.tenants = TenantStore(database: dependencies.database)
        self.tokens = TokenUseCases(dependencies)
    }

    /// A jurisdiction and its first regulator token (shown once). The input is read only
    /// once the caller may create tenants: to anyone else the route does not exist, and
    /// its validation must not say otherwise.
    public func createTenant(
        _ session: Session,
        _ input: () async throws -> (slug: String, name: String, parentID: UUID?)
    ) async throws -> (tenant: Tenant, token: String) {
        try PlatformAccess.decide(session.principal, .createTenant).require("route")
        let (slug, name, parentID) = try await input()
        let connection = session.scope.connection
        let tenant = try await self.tenants.create(connection, slug: slug, name: name, parentID: parentID)
        let caller = Caller(session.principal, try await TenantTransaction.scope(connection, to: tenant.id))
        let token = try await self.tokens.mint(caller, role: .regulator, subjectID: nil, description: "first regulator token").token
        return (tenant, token)
    }

    public func listTenants(_ session: Session) async throws -> [Tenant] {
        try PlatformAccess.decide(session.principal, .listTenants).require("route")
        return try await self.tenants.list(session.scope.connection)
    }

    public func listJobs(_ session: Session, state: JobState?, kind: String?, after: UUID?, limit: Int) async throws -> Page<JobRecord> {
        try PlatformAccess.decide(session.principal, .listJobs).require("route")
        let anyTenant = PlatformAccess.seesEveryTenant(session.principal)
        return try await self.jobs.list(session.scope.connection, anyTenant: anyTenant, state: state, kind: kind, after: after, limit: limit)
    }

    /// Retries or cancels a job, audited in the job's tenant.
    public func steerJob(_ session: Session, id: UUID, retry: Bool) async throws -> JobRecord {
        try PlatformAccess.decide(session.principal, .steerJob).require("route")
        let connection = session.scope.connection
        let anyTenant = PlatformAccess.seesEveryTenant(session.principal)
        guard let job = try await self.jobs.steer(connection, id: id, anyTenant: anyTenant, retry: retry) else {
            throw DomainError.notFound("job")
        }
        if let tenantID = job.tenantID {
            let transaction = try await session.scope.transaction.asyncOr { try await TenantTransaction.scope(connection, to: tenantID) }
            try await Caller(session.principal, transaction).audit(
                retry ? "job.retried" : "job.cancelled",
                "job",
                id: id,
                before: String?.none,
                after: ["state": job.state]
            )
        }
        return job
    }
}
