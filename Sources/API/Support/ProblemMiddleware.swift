import Domain
import Hummingbird
import Logging
import UseCases

/// Turns every error thrown below it into `application/problem+json` in the reader's
/// language, logging the internal detail (never sending it).
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
            var problem = Problem(error)
            // A path of the contract asked with a method it does not take.
            if let allowed = RouteMethods.contract.methodsIfNotAllowed(error, request) {
                problem = Problem(HTTPError(.methodNotAllowed))
                problem.headers[.allow] = allowed.joined(separator: ", ")
            }
            if problem.status.code >= 500 {
                let detail = ServiceStatus.logDescription(error)
                context.logger.error("request failed", metadata: ["error": "\(detail)", "path": "\(LoggedPath.of(request))"])
            }
            // Chinese unless `?lang=en` or `Accept-Language` asks for English. Dates in
            // messages are China's time (every tenant's zone today; `Tenant.timeZone`).
            let language = Language(
                query: request.uri.queryParameters.get("lang").map { String($0) },
                acceptLanguage: request.headers[.acceptLanguage]
            )
            return problem.response(instance: request.uri.path, language: language)
        }
    }
}
