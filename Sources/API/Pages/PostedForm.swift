import Domain
import Foundation
import Hummingbird
import UseCases

/// A page's posted form: its fields, and the files of a multipart one.
struct PostedForm {
    var fields: [String: String]
    var files: [String: OnSiteUseCases.Upload] = [:]

    /// A multipart form's most: a phone's photo (the evidence store takes up to 20 MB a
    /// file, the API streaming it; a page's form is read whole, so less).
    static let limit = 16 << 20

    /// A multipart form of a signed-in page, read whole up to `limit` (413 past it): its
    /// fields and files once the post is same-site and carries the session's CSRF token.
    static func multipart(_ request: Request, secret: String, limit: Int) async throws -> PostedForm {
        guard PageForms.isSameSite(request) else { throw PageForms.crossSite }
        let body = try await readBody(request, limit: limit)
        guard let parsed = MultipartForm.parse(Array(body), contentType: request.headers[.contentType] ?? "") else {
            throw Problem(.badRequest, "form", "Bad Request", detail: "The form could not be read as multipart/form-data.")
        }
        guard let token = parsed.fields["csrf"], ConstantTime.equal(Data(token.utf8), Data(PageForms.csrf(secret).utf8)) else {
            throw Problem(.forbidden, "csrf", "Forbidden", detail: "The form's CSRF token is missing or wrong.")
        }
        var form = PostedForm(fields: parsed.fields)
        for (name, file) in parsed.files { form.files[name] = OnSiteUseCases.Upload(fileName: file.fileName, bytes: file.bytes) }
        return form
    }
}
