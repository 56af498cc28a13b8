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
        router.get("dashboard/files/:sha256", use: self.original)
    }

    /// The stored file itself, for a regulator's session (the workbench's pages link to
    /// the evidence they show), streamed as `GET /v1/files/{sha256}/content` streams it.
    @Sendable func original(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request), let sha256 = context.parameters.get("sha256"),
            let download = try await self.dashboard.asRegulator(secret: secret, { try await self.evidence.read($0, sha256: sha256) })
        else { throw Problem.notFound("file") }
        return EvidenceRoutes.stream(download)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request),
            try await self.dashboard.asRegulator(secret: secret, { _ in true }) == true
        else { return DashboardRoutes.signIn(then: "/dashboard/files") }
        return self.pages.html("files", Self.page(request, secret: secret))
    }

    /// The page's frame: the workbench's header and words, signed in.
    static func page(_ request: Request, secret: String, _ extra: [String: Any] = [:]) -> [String: Any] {
        var page = WorkbenchPage(request, heading: "uploadFiles")
        page.values["signedIn"] = true
        page.values["isRegulator"] = true
        page.values["navDashboard"] = true
        page.values["csrf"] = PageForms.csrf(secret)
        return page.values.merging(extra) { _, new in new }
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
            let words = WorkbenchPage(request, heading: "uploadFiles").words
            return self.pages.html("files", Self.page(request, secret: secret, ["error": words["noFileChosen"] ?? ""]), status: .unprocessableContent)
        }
        do {
            let uploaded = try await self.dashboard.asRegulator(secret: secret) { caller in
                try await self.evidence.upload(caller, UploadBytes(body: request.body, reader: reader))
            }
            guard let (file, created) = uploaded else { return DashboardRoutes.signIn(then: "/dashboard/files") }
            let language = WorkbenchPage(request, heading: "uploadFiles").language
            return self.pages.html(
                "files",
                Self.page(request, secret: secret, ["file": Self.facts(file, created: created, language)]),
                status: created ? .created : .ok
            )
        } catch let error as DomainError {
            // The store's own reason (too large, not a photo or PDF, no file part), in Chinese.
            let problem = Problem(domain: error)
            let language = WorkbenchPage(request, heading: "uploadFiles").language
            let reason = problem.errors.first.map { $0.text(in: language) } ?? problem.detail.text(in: language)
            return self.pages.html("files", Self.page(request, secret: secret, ["error": reason]), status: problem.status)
        }
    }

    /// The thumbnail, or the photo itself where the store made none (a PNG, a drawn
    /// signature), so that the pages' `img` show something either way.
    @Sendable func thumbnail(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = PageForms.sessionSecret(request), let sha256 = context.parameters.get("sha256"),
            let response = try await self.dashboard.asRegulator(
                secret: secret,
                { try await PersonFiles.thumbnail($0, self.evidence, sha256: sha256) }
            )
        else { throw Problem.notFound("thumbnail") }
        return response
    }

    /// What the page shows of a stored file, as a person reads it.
    static func facts(_ file: EvidenceFile, created: Bool, _ language: Language) -> [String: Any] {
        var facts: [String: Any] = [
            "sha256": file.sha256, "type": file.contentType, "created": created,
            "size": file.size >= 1024 * 1024
                ? String(format: "%.1f MB", Double(file.size) / 1024 / 1024) : String(format: "%.1f KB", Double(file.size) / 1024),
            "citation": "{\"file_name\": \"…\", \"sha256\": \"\(file.sha256)\", \"size\": \(file.size)}",
        ]
        if let captured = file.capturedAt { facts["capturedAt"] = LocalTime.string(from: captured, in: MessageCatalogue.defaultTimeZone) }
        if let location = file.location {
            facts["location"] =
                language == .english
                ? String(format: "%.5f° N, %.5f° E", location.latitude, location.longitude)
                : String(format: "北纬 %.5f°，东经 %.5f°", location.latitude, location.longitude)
        }
        if file.hasThumbnail { facts["thumbnail"] = "/dashboard/files/\(file.sha256)/thumbnail" }
        return facts
    }
}
