import Domain
import Foundation
import Hummingbird
import UseCases

/// The stored files a person's pages show (`/m/files/…` for an inspector, `/i/files/…`
/// for an institution): the original and its thumbnail, each read through the evidence
/// store's policy (the uploader, or whoever may read a record that names the file).
enum PersonFiles {
    /// A stored file as the pages show it: the original under `prefix`, its thumbnail,
    /// its SHA-256 and the start of it (printed under a photo).
    static func file(_ attachment: Attachment, prefix: String) -> [String: Any] {
        [
            "name": attachment.fileName, "href": "\(prefix)/\(attachment.sha256)", "thumb": "\(prefix)/\(attachment.sha256)/thumbnail",
            "sha256": attachment.sha256, "short": String(attachment.sha256.prefix(12)),
        ]
    }

    /// The stored file itself, streamed, for a person of `role`.
    static func original(
        _ request: Request,
        _ context: AppRequestContext,
        _ role: Role,
        _ accounts: AccountUseCases,
        _ evidence: EvidenceUseCases
    )
        async throws -> Response
    {
        try await Self.serve(request, context, role, accounts) { caller, sha256 in
            EvidenceRoutes.stream(try await evidence.read(caller, sha256: sha256))
        }
    }

    /// A stored photo's thumbnail for a person of `role`, or the photo itself where the
    /// store made none (a PNG, a drawn signature): what an `img` shows either way.
    static func thumbnail(
        _ request: Request,
        _ context: AppRequestContext,
        _ role: Role,
        _ accounts: AccountUseCases,
        _ evidence: EvidenceUseCases
    )
        async throws -> Response
    {
        try await Self.serve(request, context, role, accounts, what: "thumbnail") { caller, sha256 in
            try await Self.thumbnail(caller, evidence, sha256: sha256)
        }
    }

    /// `answer` in the session of a person of `role`, for the path's file; 404 otherwise.
    static func serve(
        _ request: Request,
        _ context: AppRequestContext,
        _ role: Role,
        _ accounts: AccountUseCases,
        what: Message = "file",
        _ answer: (Caller, String) async throws -> Response
    ) async throws -> Response {
        let sha256 = context.parameters.get("sha256") ?? ""
        guard let secret = PageForms.sessionSecret(request),
            let response = try await accounts.withSession(
                secret: secret,
                { caller, person -> Response in
                    guard person.principal.role == role else { throw Problem.notFound("file") }
                    return try await answer(caller, sha256)
                }
            )
        else { throw Problem.notFound(what) }
        return response
    }

    /// The thumbnail, or else the original, for a caller who may read the file.
    static func thumbnail(_ caller: Caller, _ evidence: EvidenceUseCases, sha256: String) async throws -> Response {
        do {
            return Response(
                status: .ok,
                headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400", .xContentTypeOptions: "nosniff"],
                body: .init(byteBuffer: ByteBuffer(bytes: try await evidence.thumbnail(caller, sha256: sha256)))
            )
        } catch DomainError.notFound {
            let download = try await evidence.read(caller, sha256: sha256)
            guard download.file.contentType.hasPrefix("image/") else { throw DomainError.notFound("thumbnail") }
            return EvidenceRoutes.stream(download)
        }
    }
}
