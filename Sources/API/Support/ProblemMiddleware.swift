import Hummingbird
import Logging
import UseCases

/// Turns every error thrown below it into `application/problem+json`, logging the
/// internal detail (never sending it).
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(error)
            if problem.status.code >= 500 {
                let detail = ServiceStatus.logDescription(error)
                context.logger.error("request failed", metadata: ["error": "\(detail)", "path": "\(request.uri.path)"])
            }
            return problem.response(instance: request.uri.path)
        }
    }
}
