import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// `/v1/files`: the evidence store. `POST` takes the file's bytes as the body (any
/// declared type: the content decides) or as the file part of `multipart/form-data`;
/// the answer names the file by the SHA-256 the server computed, which attachments,
/// evidence and documents then cite. Reading obeys the records that name the file.
struct EvidenceRoutes {
    static let uploadPath = "/v1/files"
    let evidence: EvidenceUseCases

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("files", use: self.upload)
        group.get("files/:sha256", use: self.info)
        group.get("files/:sha256/content", use: self.content)
        group.get("files/:sha256/thumbnail", use: self.thumbnail)
    }

    @Sendable func upload(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let contentType = request.headers[.contentType] ?? "application/octet-stream"
        var reader: MultipartFileReader?
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let multipart = MultipartFileReader(contentType: contentType) else {
                throw DomainError.invalid([FieldError("content-type", "multipart/form-data needs a boundary of 1 to 70 characters")])
            }
            reader = multipart
        }
        let (file, created) = try await self.evidence.upload(context.caller, UploadBytes(body: request.body, reader: reader))
        return try JSONResponse.make(
            file,
            status: created ? .created : .ok,
            headers: [.location: "/v1/files/\(file.sha256)"]
        )
    }

    @Sendable func info(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let download = try await self.evidence.read(context.caller, sha256: try self.sha256(context))
        return try JSONResponse.make(download.file)
    }

    /// The bytes, streamed a chunk at a time; content-addressed, so cacheable for good.
    @Sendable func content(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        return Self.stream(try await self.evidence.read(context.caller, sha256: try self.sha256(context)))
    }

    /// A stored file as a response, its chunks read one by one as the body is written.
    static func stream(_ download: EvidenceUseCases.Download) -> Response {
        let body = ResponseBody(contentLength: download.file.size) { writer in
            for seq in 0..<download.chunks {
                try await writer.write(ByteBuffer(bytes: try await download.chunk(seq)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: Self.fileHeaders(download.file.contentType, sha256: download.file.sha256), body: body)
    }

    @Sendable func thumbnail(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let sha256 = try self.sha256(context)
        let bytes = try await self.evidence.thumbnail(context.caller, sha256: sha256)
        return Response(
            status: .ok,
            headers: Self.fileHeaders("image/jpeg", sha256: sha256 + "-thumbnail"),
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func fileHeaders(_ contentType: String, sha256: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.eTag] = "\"\(sha256)\""
        headers[.cacheControl] = "private, max-age=31536000, immutable"
        headers[.xContentTypeOptions] = "nosniff"
        // A PDF or image opened from here runs no script and reaches nothing.
        headers[.contentSecurityPolicy] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
        return headers
    }

    /// The path's name of the file; the use case judges its shape (404 like a missing file).
    func sha256(_ context: TenantRequestContext) throws -> String { context.parameters.get("sha256") ?? "" }
}

/// The upload's bytes as they arrive: the body itself, or the file part of a
/// multipart body.
struct UploadBytes: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: RequestBody
    let reader: MultipartFileReader?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        var reader: MultipartFileReader?
        var ended = false

        /// A multipart failure as the 422 naming what is wrong.
        static func invalid<T>(_ read: () throws -> T) throws -> T {
            do {
                return try read()
            } catch MultipartFileReader.Failure.noFile {
                throw DomainError.invalid([FieldError("file", "the multipart body has no file part (a part with a filename)")])
            } catch MultipartFileReader.Failure.malformed(let why) {
                throw DomainError.invalid([FieldError("body", "is not valid multipart/form-data: \(why)")])
            }
        }

        mutating func next() async throws -> [UInt8]? {
            while !self.ended {
                guard let buffer = try await self.base.next() else {
                    self.ended = true
                    try Self.invalid { try self.reader?.finish() }
                    return nil
                }
                let bytes = Array(buffer.readableBytesView)
                guard var reader = self.reader else { return bytes }
                let file = try Self.invalid { try reader.feed(bytes) }
                self.reader = reader
                if !file.isEmpty { return file }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self.body.makeAsyncIterator(), reader: self.reader) }
}
