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
    public func caseID(_ transaction: TenantTransaction, trackingDigest: String) async throws -> UUID? {
        try await transaction.query(
            "SELECT case_id FROM complaints WHERE tenant_id = \(transaction.tenantID) AND tracking_digest = \(trackingDigest)"
        ).first?.decode(0, as: UUID.self)
    }
}
