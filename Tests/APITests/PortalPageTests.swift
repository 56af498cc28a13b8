import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Storage
import TestSupport
import Testing
import Workers

@testable import API

@Suite("Public portal pages: escaping and the paged roster")
struct PortalPageTests {
    @Test("HTML escaping covers the five characters over UTF-8 and leaves other text alone")
    func escaping() {
        #expect(HTMLText.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLText.escape("和平区社会福利院 ★★★") == "和平区社会福利院 ★★★")
        #expect(HTMLText.escape("") == "")
        #expect(HTMLText.escape("养老院<b>") == "养老院&lt;b&gt;")
    }

    @Test("JSON inside a script element cannot close it or open a comment, and parses to the same value")
    func scriptJSON() throws {
        let value = ["name": "</script><!--<script>alert(1)</script>"]
        let json = try JSONSerialization.data(withJSONObject: value)
        let embedded = HTMLText.scriptJSON(json)
        #expect(!embedded.contains("<"))
        let parsed = try JSONSerialization.jsonObject(with: Data(embedded.utf8)) as? [String: String]
        #expect(parsed == value)
    }

    @Test("sparkline points scale into their box, skip missing days and clamp out-of-range values")
    func sparkline() {
        let box = Sparkline(x: 0, y: 0, width: 20, height: 20)
        #expect(box.points([0, nil, 1], maximum: 1) == "0.0,20.0 20.0,0.0")
        #expect(box.points([0.5, 2, -1], maximum: 1) == "0.0,10.0 10.0,0.0 20.0,20.0")
        #expect(box.points([3], maximum: 6) == "0.0,10.0")
        #expect(box.points([], maximum: 1) == "" && box.points([1], maximum: 0) == "")
        #expect(Sparkline(x: 320, y: 16, width: 190, height: 20).points([0.25, 1], maximum: 1) == "320.0,31.0 510.0,16.0")
    }

    @Test("the drawn-record cache evicts the least recently used, within its byte and entry bounds, and keys by tenant")
    func recordCache() throws {
        func record(_ targets: Int) throws -> PublishedDrawRecord {
            let roster = DrawV1.Roster(
                n: 1,
                k: 1,
                targets: (0..<targets).map { DrawV1.Target(id: "t\($0)", weight: 1) },
                inspectors: ["i"],
                conflicts: []
            )
            return try PublishedDrawRecord(
                DrawRecord(roster: roster, seedCommitment: "c", publicEntropy: nil, serverSeed: "00", assignments: [], names: [:])
            )
        }
        let one = try record(10)
        let cache = DrawRecordCache(byteBudget: one.json.count * 3 * 2, entryLimit: 10)
        let tenant = UUID()
        let (a, b, c) = (UUID(), UUID(), UUID())
        cache.keep(one, tenant: tenant, draw: a)
        cache.keep(try record(10), tenant: tenant, draw: b)
        #expect(cache.published(tenant: tenant, draw: a)?.json == one.json)  // a is now the most recent
        cache.keep(try record(10), tenant: tenant, draw: c)
        #expect(cache.count == 2 && cache.published(tenant: tenant, draw: b) == nil && cache.published(tenant: tenant, draw: a) != nil)
        #expect(cache.published(tenant: UUID(), draw: a) == nil)  // another tenant, same draw id
        cache.keep(try record(100_000), tenant: tenant, draw: UUID())  // larger than the whole budget: not kept
        #expect(cache.count == 2)
        let few = DrawRecordCache(byteBudget: 1 << 30, entryLimit: 3)
        for _ in 0..<5 { few.keep(one, tenant: tenant, draw: UUID()) }
        #expect(few.count == 3)
    }

    @Test("a draw page pages its roster table 500 targets at a time and refuses pages that do not exist")
    func rosterPages() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let scene = try await InspectionScene.make(db, client, inspectors: 2)
                try await db.owner.query(
                    """
                    INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status, beds,
                        nursing_beds, residents, staff, legal_representative, contact_phone)
                    SELECT \(scene.tenant.id), gen_random_uuid(), '第' || i || '养老院', lpad(i::text, 18, '0'), 'private', '和平区', '',
                        'operating', 100, 40, 80, 30, '王', '' FROM generate_series(1, 600) AS i
                    """
                )
                let created = try await client.call(
                    .post,
                    "/v1/draws",
                    token: scene.regulator,
                    json: ["name": "大名录", "sample": 2, "inspectors_per_target": 1]
                )
                let id = try #require(created.json["id"] as? String, "\(created.text)")
                _ = try await client.call(.post, "/v1/draws/\(id)/commit", token: scene.regulator)
                let slug = scene.tenant.slug

                let first = try await client.call(.get, "/p/\(slug)/draws/\(id)", token: nil)
                #expect(first.status == .ok)
                #expect(first.text.components(separatedBy: "</code></td></tr>").count - 1 == 500)
                #expect(first.text.contains("1–500 / 601") && first.text.contains(#"href="?page=2" rel="next""#))
                #expect(!first.text.contains("rel=\"prev\"") && !first.text.contains("<details open>"))
                let second = try await client.call(.get, "/p/\(slug)/draws/\(id)?page=2&lang=en", token: nil)
                #expect(second.text.components(separatedBy: "</code></td></tr>").count - 1 == 101)
                #expect(second.text.contains("501–601 / 601") && second.text.contains(#"href="?page=1&amp;lang=en" rel="prev""#))
                #expect(second.text.contains("<details open>") && !second.text.contains("rel=\"next\""))
                // Every target is still in the embedded record, whatever the page.
                #expect(second.text.components(separatedBy: #""weight":"#).count - 1 == 601)
                for bad in ["3", "0", "-1", "x", "99999999999999999999"] {
                    let refused = try await client.call(.get, "/p/\(slug)/draws/\(id)?page=\(bad)", token: nil)
                    #expect(refused.status == .unprocessableContent, "page=\(bad)")
                }
                // What the page publishes beside the roster is frozen with it.
                let drawID = try #require(UUID(uuidString: id))
                for change: SQLQuery in [
                    "UPDATE draws SET names = '{}' WHERE id = \(drawID)",
                    "UPDATE draws SET state = 'planned' WHERE id = \(drawID)",
                ] {
                    let error = await #expect(throws: LibpqError.self) { try await db.owner.query(change) }
                    #expect(error?.sqlState == "55000", "\(String(describing: error))")
                }
                // Another tenant's slug does not show this draw.
                let (other, _) = try await db.makeTenant()
                #expect(try await client.call(.get, "/p/\(other.slug)/draws/\(id)", token: nil).status == .notFound)
            }
        }
    }

    @Test("the home page finds institutions by name (wildcards literal) and pages the ratings")
    func homeSearch() async throws {
        try await TestDatabase.with { db in
            try await withLiveApp(db) { client in
                let (tenant, _) = try await db.makeTenant()
                try await db.owner.query(
                    """
                    WITH made AS (
                        INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status, beds,
                            nursing_beds, residents, staff, legal_representative, contact_phone)
                        SELECT \(tenant.id), gen_random_uuid(), CASE WHEN i <= 3 THEN '松鹤_养老院' || i ELSE '夕阳红 100% 敬老院' || i END,
                            lpad(i::text, 18, '0'), 'private', '和平区', '', 'operating', 100, 40, 80, 30, '王', ''
                        FROM generate_series(1, 250) AS i
                        RETURNING tenant_id, id
                    )
                    INSERT INTO ratings (tenant_id, id, institution_id, state, level, published_at, valid_until, doc)
                    SELECT tenant_id, gen_random_uuid(), id, 'published', 3, now(), now() + interval '3 years', '{}' FROM made
                    """
                )
                func rows(_ text: String) -> Int { text.components(separatedBy: "<td data-level=").count - 1 }
                let slug = tenant.slug
                let all = try await client.call(.get, "/p/\(slug)", token: nil)
                #expect(rows(all.text) == 200 && all.text.contains("1–200 / 250") && all.text.contains(#"href="?page=2" rel="next""#))
                let second = try await client.call(.get, "/p/\(slug)?page=2&lang=en", token: nil)
                #expect(rows(second.text) == 50 && second.text.contains(#"href="?page=1&amp;lang=en" rel="prev""#))
                let found = try await client.call(.get, "/p/\(slug)?q=%E6%9D%BE%E9%B9%A4_", token: nil)  // 松鹤_
                #expect(rows(found.text) == 3 && found.text.contains("value=\"松鹤_\""))
                // "%" and "_" are literal: "100%" matches only names that contain it.
                let percent = try await client.call(.get, "/p/\(slug)?q=100%25", token: nil).text
                #expect(rows(percent) == 200 && percent.contains("1–200 / 247"))
                #expect(rows(try await client.call(.get, "/p/\(slug)?q=%25_%25", token: nil).text) == 0)
                #expect(try await client.call(.get, "/p/\(slug)?page=3", token: nil).status == .unprocessableContent)
                let long = String(repeating: "a", count: 101)
                #expect(try await client.call(.get, "/p/\(slug)?q=\(long)", token: nil).status == .unprocessableContent)
            }
        }
    }
}
