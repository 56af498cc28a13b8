import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import API

/// The portal form's per-address limit is counted in PostgreSQL, so two API processes
/// (two apps with their own memory, on one database) share it.
@Suite("The complaint form's limit across API processes")
struct ComplaintLimitTests {
    static func post(_ client: any TestClientProtocol, _ slug: String, _ content: String) async throws -> JSONReply {
        let body = "content=\(content.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        return try await client.execute(
            uri: "/p/\(slug)/complaints",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        ) { JSONReply(status: $0.status, headers: $0.headers, text: String(buffer: $0.body)) }
    }

    @Test("five per address in ten minutes across two processes; a refused form takes no place; another tenant counts apart")
    func sharedAcrossProcesses() async throws {
        try await TestDatabase.with { db in
            let (tenant, _) = try await db.makeTenant()
            let (other, _) = try await db.makeTenant()
            try await withLiveApp(db) { first in
                try await withLiveApp(db) { second in
                    // Forms refused for what they say take no place in the window.
                    for _ in 0..<3 { #expect(try await Self.post(first, tenant.slug, "").status == .unprocessableContent) }
                    for index in 0..<3 { #expect(try await Self.post(first, tenant.slug, "第\(index)件").status == .seeOther) }
                    for index in 3..<5 { #expect(try await Self.post(second, tenant.slug, "第\(index)件").status == .seeOther) }
                    let sixth = try await Self.post(second, tenant.slug, "第六件，另一个进程")
                    #expect(sixth.status == .tooManyRequests && sixth.text.contains("第六件，另一个进程"), "\(sixth.status)")
                    let wait = Int(sixth.headers[.retryAfter] ?? "") ?? 0
                    #expect(wait > 0 && wait <= 600)
                    #expect(try await Self.post(first, tenant.slug, "第七件").status == .tooManyRequests)
                    // Another tenant's form is counted apart.
                    #expect(try await Self.post(second, other.slug, "别处").status == .seeOther)
                }
            }
            let complaints = try await db.owner.query("SELECT count(*)::int FROM complaints WHERE tenant_id = \(tenant.id)")
            #expect(try complaints[0].decode(0, as: Int.self) == 5)
            // One mark per complaint taken, the address kept only as a 32-byte digest.
            let marks = try await db.owner.query(
                "SELECT count(*)::int, count(DISTINCT address_digest)::int, min(length(address_digest)) FROM complaint_intake_marks WHERE tenant_id = \(tenant.id)"
            )
            #expect(try marks[0].decode(0, as: Int.self) == 5)
            #expect(try marks[0].decode(1, as: Int.self) == 1)
            #expect(try marks[0].decode(2, as: Int.self) == 32)
        }
    }
}
