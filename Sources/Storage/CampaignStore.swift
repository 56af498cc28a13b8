import Domain
import Foundation
import Postgres

/// Campaigns, their enrolment, and the facts their progress is computed from.
public struct CampaignStore: Sendable {
    public init() {}

    /// Creates the campaign and enrols the institutions in its scope.
    public func create(_ transaction: TenantTransaction, _ campaign: Campaign) async throws -> Int {
        try await transaction.query(
            """
            INSERT INTO campaigns (tenant_id, id, starts_on, ends_on, doc, created_at)
            VALUES (\(transaction.tenantID), \(campaign.id), \(campaign.startsOn)::date, \(campaign.endsOn)::date,
                \(try JSONText(campaign)), \(campaign.createdAt))
            """
        )
        return try await self.enroll(transaction, campaign)
    }

    /// Enrols operating institutions in scope that are not enrolled yet; returns how many.
    @discardableResult
    public func enroll(_ transaction: TenantTransaction, _ campaign: Campaign) async throws -> Int {
        let scope = campaign.scope
        let rows = try await transaction.query(
            """
            INSERT INTO campaign_institutions (tenant_id, campaign_id, institution_id)
            SELECT \(transaction.tenantID), \(campaign.id), i.id FROM institutions i
            WHERE i.tenant_id = \(transaction.tenantID) AND i.status = 'operating'
              AND (\(scope.districts)::text[] IS NULL OR i.district = ANY(\(scope.districts)::text[]))
              AND (\(scope.operatorTypes?.map(\.rawValue))::text[] IS NULL
                   OR i.operator_type = ANY(\(scope.operatorTypes?.map(\.rawValue))::text[]))
            ON CONFLICT DO NOTHING
            RETURNING institution_id
            """
        )
        return rows.count
    }

    public func find(_ transaction: TenantTransaction, id: UUID) async throws -> Campaign? {
        try await transaction.query("SELECT doc::text FROM campaigns WHERE tenant_id = \(transaction.tenantID) AND id = \(id)")
            .first?.document(Campaign.self, 0)
    }

    public func list(_ transaction: TenantTransaction, after: UUID?, limit: Int) async throws -> Page<Campaign> {
        let rows = try await transaction.query(
            """
            SELECT doc::text FROM campaigns WHERE tenant_id = \(transaction.tenantID) AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit + 1)
            """
        )
        return Page(overfetched: try rows.map { try $0.document(Campaign.self, 0) }, limit: limit, id: \.id)
    }

    /// Campaigns running on `today`, for the daily enrolment refresh.
    public func running(_ transaction: TenantTransaction, today: String) async throws -> [Campaign] {
        try await transaction.query(
            """
            SELECT doc::text FROM campaigns WHERE tenant_id = \(transaction.tenantID)
              AND starts_on <= \(today)::date AND ends_on >= \(today)::date ORDER BY id
            """
        ).map { try $0.document(Campaign.self, 0) }
    }

    /// The enrolled institutions with their district and whether a reviewed inspection
    /// of them falls within the campaign's period.
    public func enrolled(_ transaction: TenantTransaction, _ campaign: Campaign) async throws -> [CampaignProgress.Enrolled] {
        try await transaction.query(
            """
            SELECT i.district, EXISTS (
                SELECT 1 FROM inspections x WHERE x.tenant_id = i.tenant_id AND x.institution_id = i.id
                  AND x.state IN ('reviewed', 'published') AND x.reviewed_at >= \(campaign.startsOn)::date)
            FROM campaign_institutions e JOIN institutions i ON i.tenant_id = e.tenant_id AND i.id = e.institution_id
            WHERE e.tenant_id = \(transaction.tenantID) AND e.campaign_id = \(campaign.id)
            """
        ).map { CampaignProgress.Enrolled(district: try $0.decode(0, as: String.self), inspected: try $0.decode(1, as: Bool.self)) }
    }

    /// The campaign's hazards, by definition: those of its enrolled institutions found
    /// within its period (in the tenant's calendar), whatever reported them: a
    /// regulator, the institution, or an inspection's finding. With their institution's
    /// district and name.
    public func hazards(
        _ transaction: TenantTransaction,
        _ campaign: Campaign
    ) async throws -> [(
        district: String, institution: String, hazard: Hazard
    )] {
        try await transaction.query(
            """
            SELECT i.district, i.name, h.doc::text
            FROM hazards h
            JOIN campaign_institutions e ON e.tenant_id = h.tenant_id AND e.institution_id = h.institution_id
                AND e.campaign_id = \(campaign.id)
            JOIN institutions i ON i.tenant_id = h.tenant_id AND i.id = h.institution_id
            JOIN tenants t ON t.id = h.tenant_id
            WHERE h.tenant_id = \(transaction.tenantID)
              AND ((h.doc->>'reported_at')::timestamptz AT TIME ZONE coalesce(t.settings->>'time_zone', 'Asia/Shanghai'))::date
                  BETWEEN \(campaign.startsOn)::date AND \(campaign.endsOn)::date
            ORDER BY h.id
            """
        ).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: String.self), try $0.document(Hazard.self, 2)) }
    }
}
