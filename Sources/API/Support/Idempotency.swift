import Domain
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// `Idempotency-Key` on creating POSTs: the first response is stored in the same
/// transaction as the creation and replayed for a repeat; a repeat with a different body
/// is refused.
struct Idempotency {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    let records = IdempotencyRecords()

    struct Created {
        var status: HTTPResponse.Status = .created
        var location: String?
        var body: Data
        var headers: HTTPFields = [:]
        /// What a replay returns, when it must differ from the first response: a body
        /// that carries a secret is stored without it (secrets are shown once, stored never).
        var replayBody: Data? = nil
    }

    func run(
        _ request: Request,
        body: Data,
        caller: Caller,
        create: () async throws -> Created
    ) async throws -> Response {
        guard let key = request.headers[Self.header] else {
            return Self.response(try await create())
        }
        guard (1...255).contains(key.utf8.count) else {
            throw Problem.invalid([FieldError("Idempotency-Key", "must be 1 to 255 characters")])
        }
        let fingerprint = SHA256Digest.hash(Data("\(request.method) \(request.uri.path)\n".utf8) + canonicalJSON(body))
        if let stored = try await self.records.claim(caller, key: key, requestHash: fingerprint) {
            guard stored.requestHash == fingerprint else {
                throw Problem(
                    .unprocessableContent,
                    "idempotency-key-reused",
                    "Idempotency-Key reused",
                    detail: "This Idempotency-Key was used for a different request."
                )
            }
            var response = Self.response(
                Created(status: .init(code: stored.status), location: stored.location, body: stored.body)
            )
            response.headers[Self.replayedHeader] = "true"
            return response
        }
        let created = try await create()
        try await self.records.complete(
            caller,
            key: key,
            status: created.status.code,
            location: created.location,
            body: created.replayBody ?? created.body
        )
        return Self.response(created)
    }

    static func response(_ created: Created) -> Response {
        var headers = created.headers
        if let location = created.location { headers[.location] = location }
        return JSONResponse.make(data: created.body, status: created.status, headers: headers)
    }
}
