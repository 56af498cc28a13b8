import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import UseCases

/// `/dashboard/files`: a regulator uploads a photo or a scan from the browser, into the
/// same evidence store as `POST /v1/files`, and sees what the service read from it (its
/// SHA-256 to cite, the type by content, capture time and place, the thumbnail). A plain
/// `multipart/form-data` form that works without script; its CSRF token rides in the
/// form's action (a multipart body streams into the store, so no field is read before
/// the file).
struct DashboardFileRoutes {
    let dashboard: DashboardUseCases
    let evidence: EvidenceUseCases
    let library: MustacheLibrary

    var pages: DashboardRoutes { DashboardRoutes(useCases: self.dashboard, library: self.library) }

    func add(to router: Router<AppRequestContext>) {
        router.get("dashboard/files", use: self.form)
        router.post("dashboard/files", use: self.upload)
        router.get("dashboard/files/:sha256/thumbnail", use: self.thumbnail)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request),
            try await self.dashboard.asRegulator(secret: secret, { _ in true }) == true
        else { return DashboardRoutes.signIn(then: "/dashboard/files") }
        return self.pages.html("files", ["csrf": PageForms.csrf(secret)])
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard PageForms.isSameSite(request) else { throw PageForms.crossSite }
        guard let secret = PageForms.sessionSecret(request),
            let token = request.uri.queryParameters.get("csrf").map({ String($0) }),
            ConstantTime.equal(Data(token.utf8), Data(PageForms.csrf(secret).utf8))
        else {
            throw Problem(.forbidden, "csrf", "Forbidden", detail: "The form's CSRF token is missing or wrong.")
        }
        let csrf = PageForms.csrf(secret)
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/"), let reader = MultipartFileReader(contentType: contentType) else {
            return self.pages.html("files", ["csrf": csrf, "error": "请选择一个文件再上传。"], status: .unprocessableContent)
        }
        do {
            let uploaded = try await self.dashboard.asRegulator(secret: secret) { caller in
                try await self.evidence.upload(caller, UploadBytes(body: request.body, reader: reader))
            }
            guard let (file, created) = uploaded else { return DashboardRoutes.signIn(then: "/dashboard/files") }
            return self.pages.html("files", ["csrf": csrf, "file": Self.facts(file, created: created)], status: created ? .created : .ok)
        } catch let error as DomainError {
            // The store's own reason (too large, not a photo or PDF, no file part), in Chinese.
            let problem = Problem(domain: error)
            let reason = problem.errors.first.map { $0.text(in: .chinese) } ?? problem.detail.text(in: .chinese)
            return self.pages.html("files", ["csrf": csrf, "error": reason], status: problem.status)
        }
    }

    @Sendable func thumbnail(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request), let sha256 = context.parameters.get("sha256"),
            let bytes = try await self.dashboard.asRegulator(secret: secret, { try await self.evidence.thumbnail($0, sha256: sha256) })
        else { throw Problem.notFound("thumbnail") }
        return Response(
            status: .ok,
            headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400", .xContentTypeOptions: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// What the page shows of a stored file, as a person reads it.
    static func facts(_ file: EvidenceFile, created: Bool) -> [String: Any] {
        var facts: [String: Any] = [
            "sha256": file.sha256, "type": file.contentType, "created": created,
            "size": file.size >= 1024 * 1024
                ? String(format: "%.1f MB", Double(file.size) / 1024 / 1024) : String(format: "%.1f KB", Double(file.size) / 1024),
            "citation": "{\"file_name\": \"…\", \"sha256\": \"\(file.sha256)\", \"size\": \(file.size)}",
        ]
        if let captured = file.capturedAt { facts["capturedAt"] = LocalTime.string(from: captured, in: MessageCatalogue.defaultTimeZone) }
        if let location = file.location {
            facts["location"] = String(format: "北纬 %.5f°，东经 %.5f°", location.latitude, location.longitude)
        }
        if file.hasThumbnail { facts["thumbnail"] = "/dashboard/files/\(file.sha256)/thumbnail" }
        return facts
    }
}
