import Domain
import Foundation
import Hummingbird
import Prometheus
import UseCases

/// Liveness, readiness, metrics, the OpenAPI document, and `GET /v1/me`.
struct SystemRoutes {
    let status: ServiceStatus
    let metrics: PrometheusCollectorRegistry?

    func add(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("ready", use: self.ready)
        router.get("metrics", use: self.metricsText)
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.data))
            )
        }
    }

    func addAuthenticated(to group: RouterGroup<AppRequestContext>) {
        group.get("me") { _, context in
            let principal = try context.requireSession().principal
            return try JSONResponse.make([
                "role": principal.role.rawValue, "token_id": principal.tokenID.lowercasedString,
                "tenant_id": principal.tenantID?.lowercasedString, "subject_id": principal.subjectID?.lowercasedString,
            ])
        }
    }

    /// 200 when the database answers and every migration is applied, else 503.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        switch await self.status.readiness() {
        case .ready: try JSONResponse.make(["status": "ready"])
        case .migrationsPending: try JSONResponse.make(["status": "migrations pending"], status: .serviceUnavailable)
        case .databaseUnavailable: try JSONResponse.make(["status": "database unavailable"], status: .serviceUnavailable)
        }
    }

    @Sendable func metricsText(_ request: Request, context: AppRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        self.metrics?.emit(into: &buffer)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
}

/// The OpenAPI 3.1 document shipped with the service.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Data("openapi: 3.1.0\n".utf8) }
        return data
    }()
}
