import Domain
import Hummingbird

extension ExpectedVersion {
    /// What the client last read: `If-Match` (`*`, or a list of strong ETags; a weak one
    /// never matches, as RFC 9110 requires) or the body's `version`. One of them is
    /// required (428).
    init(_ request: Request, bodyVersion: Int?) throws {
        if let header = request.headers[.ifMatch] {
            let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if tags == ["*"] {
                self = .any
                return
            }
            let versions = Set(
                tags.compactMap { tag -> Int? in
                    guard tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3 else { return nil }
                    return Int(tag.dropFirst().dropLast())
                }
            )
            if let bodyVersion, !versions.contains(bodyVersion) {
                throw Problem.invalid([FieldError("version", "does not match If-Match")])
            }
            self = .oneOf(versions)
            return
        }
        if let bodyVersion {
            self = .oneOf([bodyVersion])
            return
        }
        throw Problem(
            .preconditionRequired,
            "precondition-required",
            "Precondition required",
            detail: "Send If-Match with the ETag you read, or the version in the body."
        )
    }
}
