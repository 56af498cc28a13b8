import Domain
import Foundation
import Hummingbird
import UseCases

/// `/p/{slug}/institutions` (the directory: search by name, filter by district, paged)
/// and `/p/{slug}/institutions/{id}` (one institution's register data, rating, listings,
/// published inspections and open major hazards).
extension PortalRoutes {
    static let directoryPageSize = 50

    @Sendable func directory(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (tenant, values) = try await self.page(request, context) { $0.institutions }
        values["navInstitutions"] = true
        let text = Self.text(request)
        var filters = QueryFilters(request)
        let search = Self.searchText("q", &filters)
        let district = Self.searchText("district", &filters)
        try filters.check()
        let filter = PublicDirectoryFilter(
            nameContains: search.flatMap { $0.isEmpty ? nil : $0 },
            district: district.flatMap { $0.isEmpty ? nil : $0 }
        )
        let number = Int(request.uri.queryParameters.get("page") ?? "1") ?? 1
        let found = try await self.disclosure.directory(tenant, filter: filter, page: number, size: Self.directoryPageSize)
        // Refuses a page past the end (or not a number) now that the count is known.
        let window = try PageWindow(request, count: found.total, size: Self.directoryPageSize)
        values["q"] = search ?? ""
        values["districts"] = found.districts.map { ["name": $0, "selected": $0 == filter.district] }
        values["count"] = found.total
        values["has_entries"] = !found.entries.isEmpty
        values["entriesHTML"] = DirectoryRow.html(found.entries.map(DirectoryRow.init), text, link: Self.link(tenant, request))
        values["range"] = window.rangeText
        var carried = Self.carried("q", filter.nameContains) + Self.carried("district", filter.district)
        if Self.english(request) { carried += "&lang=en" }
        window.addLinks(to: &values, carrying: carried)
        return try self.render("institutions", values)
    }

    @Sendable func institution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "institution")
        var (tenant, values) = try await self.page(request, context) { $0.institutions }
        values["navInstitutions"] = true
        let text = Self.text(request)
        // Only `lang` is taken; anything else is refused rather than silently ignored.
        try QueryFilters(request).check()
        let page = try await self.disclosure.institution(tenant, id: id)
        let register = page.register
        values["title"] = register.name
        values["id"] = register.id.lowercasedString
        values["register"] = [
            "creditCode": register.creditCode, "operatorType": text.label("operator", register.operatorType.rawValue),
            "district": register.district, "address": register.address, "status": text.label("status", register.status.rawValue),
            "statusKey": register.status.rawValue, "beds": register.beds, "nursingBeds": register.nursingBeds,
            "phone": register.contactPhone,
        ]
        values["rating"] = text.stars(page.rating?.level)
        values["ratingLevel"] = page.rating.map { String($0.level) } ?? "none"
        if let rating = page.rating {
            values["rated"] = ["publishedAt": Self.day(rating.publishedAt), "validUntil": Self.day(rating.validUntil)]
        }
        values["has_listings"] = !page.listings.isEmpty
        values["listings"] = page.listings.map {
            [
                "reason": $0.reason.map { text.label("reason", $0.rawValue) } ?? "", "legalBasis": $0.legalBasis,
                "listedAt": $0.listedAt == nil ? "—" : Self.day($0.listedAt), "listedUntil": Self.day($0.listedUntil),
            ]
        }
        values["has_inspections"] = !page.inspections.isEmpty
        values["inspections"] = page.inspections.map {
            [
                "id": $0.id.lowercasedString, "doneOn": $0.doneOn, "outcome": $0.compliant ? text["compliant"] : text["nonCompliant"],
                "compliant": $0.compliant, "failedItems": $0.failedItems,
            ]
        }
        values["openMajorHazards"] = page.openMajorHazards
        values["hasOpenHazards"] = page.openMajorHazards > 0
        values["substantiatedComplaints"] = page.substantiatedComplaints
        values["hasSubstantiated"] = page.substantiatedComplaints > 0
        return try self.render("institution", values)
    }
}
