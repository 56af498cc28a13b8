import Crypto
import Domain
import Foundation
import Hummingbird
import UseCases

/// `/public/{slug}/…`: what the law says must be published (一公开), without
/// authentication. Answers carry a strong ETag of their bytes and honour If-None-Match.
struct PublicRoutes {
    let disclosure: PublicDisclosure

    /// One entry of the public list of draws.
    struct DrawSummary: Encodable {
        var draw: Draw

        enum CodingKeys: String, CodingKey {
            case id, name, purpose, state, n
            case rosterSHA256 = "roster_sha256"
            case seedCommitment = "seed_commitment"
            case committedAt = "committed_at"
            case drawnAt = "drawn_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.draw.id, forKey: .id)
            try container.encode(self.draw.name, forKey: .name)
            try container.encode(self.draw.purpose, forKey: .purpose)
            try container.encode(self.draw.state, forKey: .state)
            try container.encode(self.draw.n, forKey: .n)
            try container.encode(self.draw.rosterSHA256, forKey: .rosterSHA256)
            try container.encode(self.draw.seedCommitment, forKey: .seedCommitment)
            try container.encode(self.draw.committedAt, forKey: .committedAt)
            try container.encode(self.draw.drawnAt, forKey: .drawnAt)
        }
    }

    func add(to router: Router<AppRequestContext>) {
        router.get("public/:slug/draws", use: self.listDraws)
        router.get("public/:slug/draws/:id", use: self.draw)
        router.get("public/:slug/ratings", use: self.ratings)
        router.get("public/:slug/blacklist", use: self.blacklist)
        router.get("public/:slug/inspections", use: self.inspections)
        router.get("public/:slug/indicators", use: self.indicators)
        router.get("public/:slug/penalties", use: self.penalties)
        router.get("public/:slug/penalties.csv", use: self.penaltiesCSV)
    }

    struct Items<Item: Encodable & Sendable>: Encodable, Sendable {
        var items: [Item]
    }

    @Sendable func ratings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await self.disclosure.ratings(try await self.tenant(context))
        return try Self.cached(request, JSONCoding.encoder.encode(Items(items: items)))
    }

    @Sendable func blacklist(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await self.disclosure.blacklist(try await self.tenant(context))
        return try Self.cached(request, JSONCoding.encoder.encode(Items(items: items)))
    }

    @Sendable func inspections(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.disclosure.inspections(try await self.tenant(context), after: page.after, limit: page.limit)
        let body = ListPage(items: result.items, nextCursor: ListQuery.encodeCursor(result.nextAfter))
        return try Self.cached(request, JSONCoding.encoder.encode(body))
    }

    @Sendable func penalties(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let items = try await self.disclosure.penalties(try await self.tenant(context))
        return try Self.cached(request, JSONCoding.encoder.encode(Items(items: items)))
    }

    /// The same list as CSV (UTF-8 with a BOM, so that Excel shows the Chinese text), its
    /// columns the national format's, headed in Chinese.
    @Sendable func penaltiesCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        let tenant = try await self.tenant(context)
        var text = "\u{FEFF}" + PublicPenalty.headings.map(\.chinese).joined(separator: ",") + "\r\n"
        for penalty in try await self.disclosure.penalties(tenant) {
            text += penalty.csvValues.map(HazardRegisterCSV.quote).joined(separator: ",") + "\r\n"
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"penalties-\(tenant.slug).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func indicators(_ request: Request, context: AppRequestContext) async throws -> Response {
        let indicators = try await self.disclosure.indicators(try await self.tenant(context))
        return try Self.cached(request, JSONCoding.encoder.encode(indicators))
    }

    /// The tenant named by the path's slug, or 404.
    func tenant(_ context: AppRequestContext) async throws -> Tenant {
        try await self.disclosure.tenant(slug: context.parameters.get("slug"))
    }

    @Sendable func listDraws(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try ListQuery(request)
        try QueryFilters(request).check()
        let result = try await self.disclosure.draws(try await self.tenant(context), after: page.after, limit: page.limit)
        let body = ListPage(items: result.items.map(DrawSummary.init), nextCursor: ListQuery.encodeCursor(result.nextAfter))
        return try Self.cached(request, JSONCoding.encoder.encode(body))
    }

    @Sendable func draw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try request.uuidParameter("id", context: context, what: "draw")
        let published = try await self.disclosure.drawRecord(try await self.tenant(context), id: id)
        return Self.cached(request, published.json)
    }

    /// 200 with an ETag, or 304 when the client already holds these bytes.
    static func cached(_ request: Request, _ data: Data) -> Response {
        let etag = "\"" + Hex.encode(SHA256.hash(data: data).prefix(16)) + "\""
        let headers: HTTPFields = [.eTag: etag, .cacheControl: "public, max-age=60"]
        if let held = request.headers[.ifNoneMatch], held.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        return JSONResponse.make(data: data, status: .ok, headers: headers)
    }
}
