import Domain
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// An RFC 9457 problem: the only shape in which errors leave the API.
public struct Problem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// A stable slug; the `type` URI is `https://oversight.example/problems/<slug>`.
    public var slug: String
    public var title: Message
    public var detail: Message
    public var errors: [FieldError]
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status,
        _ slug: String,
        _ title: Message,
        detail: Message,
        errors: [FieldError] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static let typeBase = "https://oversight.example/problems/"

    public static let unauthorized = Problem(
        .unauthorized,
        "unauthorized",
        "Authentication required",
        detail: "Send a valid, unexpired bearer token in the Authorization header.",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    public static func notFound(_ what: Message) -> Problem {
        Problem(.notFound, "not-found", "Not found", detail: "No such \(what), or it is not visible to you.")
    }

    public static func invalid(
        _ errors: [FieldError],
        detail: Message = "The request has invalid fields; see errors."
    )
        -> Problem
    {
        Problem(.unprocessableContent, "validation", "Invalid request", detail: detail, errors: errors)
    }

    public static let unavailable = Problem(
        .serviceUnavailable,
        "unavailable",
        "Service unavailable",
        detail: "The database is not reachable right now. Retry shortly.",
        headers: [.retryAfter: "1"]
    )

    struct Body: Encodable {
        struct Field: Encodable {
            var field: String
            var message: String
        }
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [Field]
        var instance: String
    }

    /// The problem as a person reads it: title, detail and each field's message in
    /// `language`, the field named by its label there (the `field` key stays the JSON
    /// path), dates in `timeZone`.
    public func response(instance: String?, language: Language = .chinese, timeZone: TimeZone = MessageCatalogue.defaultTimeZone) -> Response {
        let data = self.json(instance: instance, language: language, timeZone: timeZone)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = language.rawValue
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem's JSON body.
    func json(instance: String?, language: Language, timeZone: TimeZone = MessageCatalogue.defaultTimeZone) -> Data {
        let body = Body(
            type: Self.typeBase + self.slug,
            title: self.title.text(in: language, timeZone: timeZone),
            status: self.status.code,
            detail: self.detail.text(in: language, timeZone: timeZone),
            errors: self.errors.map { Body.Field(field: $0.field, message: $0.text(in: language, timeZone: timeZone)) },
            instance: instance ?? ""
        )
        return (try? JSONCoding.encoder.encode(body)) ?? Data()
    }
}

extension Problem {
    /// The one place where errors of every layer become problems.
    public init(_ error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let error as DomainError:
            self.init(domain: error)
        case let error where ServiceStatus.isUnavailable(error):
            self = .unavailable
        case let error as HTTPError:
            self.init(http: error)
        default:
            self.init(.internalServerError, "internal", "Internal error", detail: "Something went wrong on our side; it was logged.")
        }
    }

    init(domain error: DomainError) {
        switch error {
        case .invalid(let errors, nil): self = .invalid(errors)
        case .invalid(let errors, let detail?): self = .invalid(errors, detail: detail)
        case .notFound(let what): self = .notFound(what)
        case .conflict(let detail): self.init(.conflict, "conflict", "Conflict", detail: detail)
        case .refused(let slug, let title, let detail, let errors): self.init(.conflict, slug, title, detail: detail, errors: errors)
        case .stale(let version):
            self.init(
                .preconditionFailed,
                "stale",
                "Precondition failed",
                detail: "The resource changed since you read it; its current version is \(version). Read it again and retry."
            )
        case .forbidden(let detail, let errors):
            self.init(.forbidden, "forbidden", "Forbidden", detail: detail, errors: errors)
        case .tooLarge(let detail): self.init(.contentTooLarge, "too-large", "Request body too large", detail: detail)
        case .unsupportedType(let detail): self.init(.unsupportedMediaType, "unsupported-type", "Unsupported file type", detail: detail)
        }
    }

    init(http error: HTTPError) {
        switch error.status {
        case .notFound: self = .notFound("route")
        case .contentTooLarge:
            self.init(.contentTooLarge, "too-large", "Request body too large", detail: "The body exceeds the size limit.")
        case .methodNotAllowed:
            self.init(.methodNotAllowed, "method-not-allowed", "Method not allowed", detail: "This route does not accept that method.")
        default:
            // Hummingbird's own errors (a malformed request, mostly): the reason phrase is
            // the title, and the detail a sentence of the catalogue.
            self.init(error.status, "http", Message(key: error.status.reasonPhrase), detail: "The request could not be processed.")
        }
    }
}
