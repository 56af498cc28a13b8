import Domain
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// `/p/{slug}/complaints/…`: the public files a complaint without an account (a plain
/// form, no script), gets a tracking code, and follows the case with it. The form keeps
/// what was typed whenever it is refused (bad input, the rate limit, the hidden field),
/// and a complaint is only acknowledged once its transaction has committed.
struct PortalComplaintRoutes {
    let portal: PortalRoutes
    let complaints: ComplaintUseCases
    /// Complaints one address may file with a tenant in ten minutes (counted in
    /// PostgreSQL, shared by every API process).
    let complaintsPerAddress: Int
    /// Reverse proxies in front of the service whose `X-Forwarded-For` is believed.
    let trustedProxies: Int

    /// The largest form accepted (413 beyond): the longest complaint in Chinese,
    /// percent-encoded, with room for the other fields.
    static let maxFormBytes = 64 * 1024
    /// The hidden field people never see and simple bots fill in.
    static let honeypot = "website"

    func add(to router: Router<AppRequestContext>) {
        router.get("p/:slug/complaints", use: self.lookup)
        router.get("p/:slug/complaints/new", use: self.form)
        router.post("p/:slug/complaints", use: self.submit)
        router.get("p/:slug/complaints/:code", use: self.status)
    }

    /// The form, with the institution filled in when the link came from its page.
    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.portal.page(request, context) { $0["complaints"] }
        var filters = QueryFilters(request)
        let institutionID = filters.uuid("institution")
        try filters.check()
        var fields: [String: String] = [:]
        if let institutionID, let page = try? await self.portal.disclosure.institution(tenant, id: institutionID) {
            fields["institution_id"] = page.register.id.lowercasedString
            fields["institution_text"] = page.register.name
        }
        self.fill(&values, fields: fields)
        return self.page(values)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.portal.page(request, context) { $0["complaints"] }
        let text = PortalRoutes.text(request)
        let language: Language = PortalRoutes.english(request) ? .english : .chinese
        // Another site cannot make its visitors' browsers file complaints (each from its own address).
        guard PageForms.isSameSite(request) else { throw PageForms.crossSite }
        var fields = try await PageForms.form(request, limit: Self.maxFormBytes)
        // A textarea sends CRLF line breaks; the text rules take LF only.
        for (key, value) in fields { fields[key] = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        self.fill(&values, fields: fields)
        if !(fields[Self.honeypot] ?? "").isEmpty {
            values["errors"] = [text["complaintHoneypotError"]]
            return self.page(values, status: .unprocessableContent)
        }
        let institutionText = fields["institution_id"] ?? ""
        let institutionID = UUID(uuidString: institutionText)
        if !institutionText.isEmpty && institutionID == nil {
            values["errors"] = [FieldError("institution_id", "must be a UUID").text(in: language)]
            return self.page(values, status: .unprocessableContent)
        }
        let intake = ComplaintIntake(
            channel: .portal,
            institutionID: institutionID,
            institutionText: fields["institution_text"],
            content: fields["content"] ?? "",
            safety: fields["safety"] != nil,
            name: fields["name"],
            contact: fields["contact"]
        )
        let limit = ComplaintUseCases.AddressLimit(addressKey: self.clientKey(request, context), complaints: self.complaintsPerAddress)
        do {
            // Only a complaint that is taken counts against the address.
            let receipt: ComplaintUseCases.Receipt
            do {
                receipt = try await self.complaints.intakeFromPortal(tenant, intake, limit: limit)
            } catch let limited as ComplaintUseCases.RateLimited {
                let minutes = max(1, Int((limited.retryAfter / 60).rounded(.up)))
                values["errors"] = [text["complaintRateLimited"].replacingOccurrences(of: "#", with: String(minutes))]
                var response = self.page(values, status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(limited.retryAfter.rounded(.up)))
                return response
            }
            let query = PortalRoutes.english(request) ? "?new=1&lang=en" : "?new=1"
            guard let code = receipt.trackingCode else { throw DomainError.conflict("the complaint was filed without a tracking code") }
            return Self.seeOther("/p/\(tenant.slug)/complaints/\(code)\(query)")
        } catch let error as DomainError {
            guard case .invalid(let errors, _) = error else { throw error }
            values["errors"] = errors.map { $0.text(in: language) }
            return self.page(values, status: .unprocessableContent)
        }
    }

    /// `?code=…` from the lookup box, to the status page.
    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try await self.portal.disclosure.tenant(slug: context.parameters.get("slug"))
        var filters = QueryFilters(request)
        // A GET form sends spaces as "+", which the query parser keeps: drop them with the spaces and dashes.
        let code = (filters.text("code") ?? "").filter { !$0.isWhitespace && $0 != "-" && $0 != "+" }.lowercased()
        try filters.check()
        let query = PortalRoutes.english(request) ? "?lang=en" : ""
        guard !code.isEmpty, let escaped = code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
            return Self.seeOther("/p/\(tenant.slug)/complaints/new\(query)")
        }
        return Self.seeOther("/p/\(tenant.slug)/complaints/\(escaped)\(query)")
    }

    /// The state and the reply, nothing more; 404 for a code that names nothing.
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.portal.page(request, context) { $0["complaintStatus"] }
        var filters = QueryFilters(request)
        let isNew = filters.text("new") == "1"
        try filters.check()
        let text = PortalRoutes.text(request)
        let code = context.parameters.get("code") ?? ""
        let status = try await self.complaints.status(tenant, code: code)
        values["navComplaints"] = true
        values["isNew"] = isNew
        values["code"] = code.lowercased()
        // In groups of four, to copy down by hand; the lookup box takes it with or without the spaces.
        values["codeGrouped"] = stride(from: 0, to: code.count, by: 4).map { start in
            String(code.lowercased().dropFirst(start).prefix(4))
        }.joined(separator: " ")
        values["caseNumber"] = status.caseNumber
        values["state"] = text.label("case", status.state.rawValue)
        values["stateKey"] = status.state.rawValue
        values["receivedOn"] = status.receivedOn
        values["reply"] = status.reply ?? ""
        values["hasReply"] = status.reply != nil
        values["concludedOn"] = PortalRoutes.day(status.concludedAt)
        values["hasConcluded"] = status.concludedAt != nil
        var response = try self.portal.render("complaint-status", values)
        Self.private(&response)
        return response
    }

    /// The form's values and the page's flags.
    func fill(_ values: inout [String: Any], fields: [String: String]) {
        values["navComplaints"] = true
        for key in ["institution_id", "institution_text", "content", "name", "contact"] { values["f_" + key] = fields[key] ?? "" }
        values["f_safety"] = fields["safety"] != nil
        values["hasInstitutionID"] = !(fields["institution_id"] ?? "").isEmpty
        values["maxContent"] = ComplaintIntake.maxContent
    }

    func page(_ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var values = values
        let errors = values["errors"] as? [String] ?? []
        values["hasErrors"] = !errors.isEmpty
        values["errorItems"] = errors.map { ["text": $0] }
        guard let html = try? self.portal.html("complaint-new", values) else { return Response(status: .internalServerError) }
        var response = self.portal.response(html: html, status: status)
        Self.private(&response)
        return response
    }

    /// Complaint pages are never cached and send no Referer (the status page's address is the code).
    static func `private`(_ response: inout Response) {
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The limit's key: the client's address, without its port; an IPv6 address by its
    /// /64 (one subscriber's block). Behind `trustedProxies` reverse proxies, the address
    /// the nearest of them saw, from the right of `X-Forwarded-For`.
    func clientKey(_ request: Request, _ context: AppRequestContext) -> String {
        AddressRateLimiter.key(AddressRateLimiter.clientAddress(request, context, trustedProxies: self.trustedProxies))
    }
}
