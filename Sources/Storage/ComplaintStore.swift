import Domain
import Foundation
import Postgres

/// Complaints, the complainants kept apart from them, and the tracking codes' digests.
public struct ComplaintStore: Sendable {
    public init() {}

    /// Writes a complaint, its tracking digest and, when named, its complainant.
    public func create(_ transaction: TenantTransaction, _ complaint: Complaint, trackingDigest: String, complainant: Complainant?) async throws {
        try await transaction.query(
            """
            INSERT INTO complaints (tenant_id, id, case_id, channel, tracking_digest, doc, created_at)
            VALUES (\(transaction.tenantID), \(complaint.id), \(complaint.caseID), \(complaint.channel.rawValue), \(trackingDigest),
                \(try JSONText(complaint)), \(complaint.receivedAt))
            """
        )
        if let complainant {
            try await transaction.query(
                """
                INSERT INTO complainants (tenant_id, complaint_id, name, contact)
                VALUES (\(transaction.tenantID), \(complainant.complaintID), \(complainant.name), \(complainant.contact))
                """
            )
        }
    }

    /// The complaints of a case and of the cases merged into it.
    public func complaints(_ transaction: TenantTransaction, caseID: UUID) async throws -> [Complaint] {
        try await transaction.query(
            """
            SELECT doc::text FROM complaints
            WHERE tenant_id = \(transaction.tenantID) AND (case_id = \(caseID) OR case_id IN (
                SELECT id FROM cases WHERE tenant_id = \(transaction.tenantID) AND merged_into = \(caseID)))
            ORDER BY id
            """
        ).map { try $0.document(Complaint.self, 0) }
    }

    /// The named complainants of a case's complaints, merged cases' included.
    public func complainants(_ transaction: TenantTransaction, caseID: UUID) async throws -> [Complainant] {
        try await transaction.query(
            """
            SELECT p.complaint_id, p.name, p.contact FROM complainants p
            JOIN complaints c ON c.tenant_id = p.tenant_id AND c.id = p.complaint_id
            WHERE p.tenant_id = \(transaction.tenantID) AND (c.case_id = \(caseID) OR c.case_id IN (
                SELECT id FROM cases WHERE tenant_id = \(transaction.tenantID) AND merged_into = \(caseID)))
            ORDER BY p.complaint_id
            """
        ).map { row in
            Complainant(complaintID: try row.decode("complaint_id"), name: try row.decode("name"), contact: try row.decode("contact"))
        }
    }

    /// The case of the complaint whose tracking code has this digest.
    /// Counts a complaint from an address against its limit, in the intake's own
    /// transaction (so a refused intake leaves no mark): nil when fewer than `limit` were
    /// taken from `addressDigest` in the last `window` seconds, and the mark is written;
    /// else the seconds until the window's oldest mark ends. Intakes from one address wait
    /// for each other (an advisory lock), so two at once cannot both take the last place.
    public func takeIntakeMark(
        _ transaction: TenantTransaction,
        addressDigest: Data,
        limit: Int,
        window: Double,
        at now: Date
    ) async throws -> Double? {
        let tenant = transaction.tenantID
        let since = now.addingTimeInterval(-window)
        try await transaction.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.lowercasedString) || encode(\(addressDigest), 'hex'), 0))"
        )
        try await transaction.query("DELETE FROM complaint_intake_marks WHERE tenant_id = \(tenant) AND at <= \(since)")
        // At most `limit` marks are read: the count only needs to reach it.
        let rows = try await transaction.query(
            """
            SELECT count(*)::int AS taken, min(at) AS oldest FROM (
                SELECT at FROM complaint_intake_marks
                WHERE tenant_id = \(tenant) AND address_digest = \(addressDigest) AND at > \(since)
                ORDER BY at LIMIT \(limit)
            ) AS recent
            """
        )
        if try rows[0].decode("taken", as: Int.self) >= limit {
            let oldest = try rows[0].decode("oldest", as: Date.self)
            return max(1, window - now.timeIntervalSince(oldest))
        }
        try await transaction.query(
            "INSERT INTO complaint_intake_marks (tenant_id, address_digest, at) VALUES (\(tenant), \(addressDigest), \(now))"
        )
        return nil
    }

    public func caseID(_ transaction: TenantTransaction, trackingDigest: String) async throws -> UUID? {
        try await transaction.query(
            "SELECT case_id FROM complaints WHERE tenant_id = \(transaction.tenantID) AND tracking_digest = \(trackingDigest)"
        ).first?.decode(0, as: UUID.self)
    }
}
