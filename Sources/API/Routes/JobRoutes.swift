import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/jobs`: the queue as people see it. A regulator sees and steers its tenant's
/// jobs; a platform administrator everyone's.
struct JobRoutes {
    let platform: PlatformUseCases

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("jobs", use: self.list)
        group.post("jobs/:id/retry") { request, context in try await self.steer(request, context, retry: true) }
        group.post("jobs/:id/cancel") { request, context in try await self.steer(request, context, retry: false) }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let page = try ListQuery(request)
        var filters = QueryFilters(request)
        let state = filters.value("state", as: JobState.self)
        let kind = filters.text("kind")
        try filters.check()
        let result = try await self.platform.listJobs(session, state: state, kind: kind, after: page.after, limit: page.limit)
        return try JSONResponse.make(ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter)))
    }

    func steer(_ request: Request, _ context: AppRequestContext, retry: Bool) async throws -> Response {
        let session = try context.requireSession()
        let id = try request.uuidParameter("id", context: context, what: "job")
        return try JSONResponse.make(try await self.platform.steerJob(session, id: id, retry: retry))
    }
}
