import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import UseCases

/// Browsers get an HTML error page (Chinese, or English with `?lang=en`) instead of
/// problem+json: every `/p/…` page, and any other path asked with an `Accept` that
/// names `text/html`. The JSON APIs (`/v1`, `/public`) and the portal's assets keep
/// problem+json whatever the `Accept`. The status is the problem's own (404, 422, 503…).
struct PortalErrorPages: RouterMiddleware {
    typealias Context = AppRequestContext
    let portal: PortalRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard Self.wantsHTML(request) else { throw error }
            // A known path asked with a method it does not take stays a 405 with Allow
            // (ProblemMiddleware), for browsers too.
            if RouteMethods.contract.methodsIfNotAllowed(error, request) != nil { throw error }
            let status = Problem(error).status
            if status.code >= 500 {
                let detail = ServiceStatus.logDescription(error)
                context.logger.error("request failed", metadata: ["error": "\(detail)", "path": "\(LoggedPath.of(request))"])
            }
            guard let page = await self.portal.errorPage(request, status: status) else { throw error }
            return page
        }
    }

    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/p/assets/") || path == "/v1" || path.hasPrefix("/v1/") || path == "/public" || path.hasPrefix("/public/") {
            return false
        }
        if path == "/p" || path.hasPrefix("/p/") { return true }
        return request.headers[.accept]?.contains("text/html") == true
    }
}

extension PortalRoutes {
    /// The error page for `status` at the request's path, naming what was not found when
    /// the path says (a region, an institution, a draw). `nil` if it cannot be rendered.
    func errorPage(_ request: Request, status: HTTPResponse.Status) async -> Response? {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        // `/p/{slug}/…`: the tenant's name in the header and the link back, when the slug names one.
        var tenant: Tenant?
        if parts.count >= 2, parts[0] == "p" { tenant = try? await self.disclosure.tenant(slug: parts[1]) }
        let text = Self.text(request)
        var values = Self.layout(request, text: text, tenant: tenant)
        let code = status.code
        let known = [404, 413, 422, 503].contains(code) ? String(code) : "other"
        values["title"] = text["error." + known]
        var detail = text["error." + known + ".detail"]
        if code == 404, parts.count >= 2, parts[0] == "p" {
            if tenant == nil {
                detail = text["error.404.tenant"]
            } else if parts.count >= 4, parts[2] == "institutions" {
                detail = text["error.404.institution"]
            } else if parts.count >= 4, parts[2] == "complaints" {
                detail = text["error.404.complaint"]
            } else if parts.count >= 4, parts[2] == "draws" {
                detail = text["error.404.draw"]
            }
        }
        values["detail"] = detail
        values["status"] = code
        let query = Self.english(request) ? "?lang=en" : ""
        values["backHref"] = tenant.map { "/p/\($0.slug)\(query)" } ?? "/\(query)"
        guard let html = try? self.html("error", values) else { return nil }
        var response = self.response(html: html, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
