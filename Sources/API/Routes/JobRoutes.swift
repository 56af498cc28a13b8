import Domain
import Foundation
import Hummingbird
import Storage

/// `/v1/jobs`: the queue as people see it. A regulator sees and steers its tenant's
/// jobs; a platform administrator everyone's.
struct JobRoutes {
    let store = JobStore()

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("jobs", use: self.list)
        group.post("jobs/:id/retry") { request, context in try await self.steer(request, context, retry: true) }
        group.post("jobs/:id/cancel") { request, context in try await self.steer(request, context, retry: false) }
    }

    /// The caller's scope and whether it reaches every tenant.
    static func scope(_ context: AppRequestContext) throws -> (RequestScope, anyTenant: Bool) {
        let scope = try context.requireScope()
        switch scope.principal.role {
        case .platformAdmin: return (scope, true)
        case .regulator: return (scope, false)
        case .inspector, .institution: throw Problem.notFound("route")
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (scope, anyTenant) = try Self.scope(context)
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let state = filters.value("state", as: JobState.self)
        let kind = filters.text("kind")
        try filters.check()
        let result = try await self.store.list(
            scope.connection,
            anyTenant: anyTenant,
            state: state,
            kind: kind,
            after: page.after,
            limit: page.limit
        )
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func steer(_ request: Request, _ context: AppRequestContext, retry: Bool) async throws -> Response {
        let (scope, anyTenant) = try Self.scope(context)
        let id = try request.uuidParameter("id", context: context, what: "job")
        guard let job = try await self.store.steer(scope.connection, id: id, anyTenant: anyTenant, retry: retry) else {
            throw Problem.notFound("job")
        }
        if let tenantID = job.tenantID {
            var transaction = scope.transaction
            if transaction == nil { transaction = try await TenantTransaction.scope(scope.connection, to: tenantID) }
            try await AuditLog.record(
                transaction!,
                actor: AuditActor(scope.principal),
                action: retry ? "job.retried" : "job.cancelled",
                entityType: "job",
                entityID: id,
                before: String?.none,
                after: ["state": job.state]
            )
        }
        return try JSONResponse.make(job)
    }
}
