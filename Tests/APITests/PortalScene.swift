import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// A tenant's public records for the portal's directory and institution pages, written
/// straight into the tables as the owner (each state the portal must show or hide), and
/// another tenant with an institution of its own.
struct PortalScene {
    var tenant: Tenant
    var other: Tenant
    /// 松鹤养老院: rated 4 stars, a published and an unpublished inspection, open major
    /// hazards, a proposed (unpublished) blacklist entry.
    var songhe: UUID
    /// 夕阳红敬老院: only a draft rating (so unrated).
    var xiyang: UUID
    /// 康乐护理院 (suspended): listed on the blacklist.
    var kangle: UUID
    /// 已注销养老院 (closed): not in the directory.
    var closed: UUID
    /// The other tenant's institution, rated 5 stars.
    var foreign: UUID
    var publishedInspection: UUID
    var unpublishedInspection: UUID

    static let tenantName = "沈阳市民政局"
    static let legalBasis = "《养老服务市场失信联合惩戒对象名单管理办法（试行）》第六条第（二）项"
    static let proposedBasis = "拟列入：尚未公布的依据"

    static func make(_ db: TestDatabase) async throws -> PortalScene {
        let (tenant, _) = try await db.makeTenant()
        let (other, _) = try await db.makeTenant()
        let scene = PortalScene(
            tenant: tenant,
            other: other,
            songhe: UUID(),
            xiyang: UUID(),
            kangle: UUID(),
            closed: UUID(),
            foreign: UUID(),
            publishedInspection: UUID(),
            unpublishedInspection: UUID()
        )
        try await scene.write(db)
        return scene
    }

    func institution(
        _ id: UUID,
        tenant: UUID,
        name: String,
        district: String,
        address: String,
        status: String,
        beds: Int,
        phone: String
    ) -> SQLQuery {
        """
        INSERT INTO institutions (tenant_id, id, name, credit_code, operator_type, district, address, status, beds,
            nursing_beds, residents, staff, legal_representative, contact_phone)
        VALUES (\(tenant), \(id), \(name), \(Fixtures.creditCode()), 'private',
            \(district), \(address), \(status), \(beds), \(beds / 2), 10, 5, '张院长', \(phone))
        """
    }

    func write(_ db: TestDatabase) async throws {
        let t = self.tenant.id
        let national = ChecklistTemplate.nationalGB38600ID
        let statements: [SQLQuery] = [
            "UPDATE tenants SET name = \(Self.tenantName) WHERE id = \(t)",
            self.institution(
                self.songhe,
                tenant: t,
                name: "松鹤养老院",
                district: "和平区",
                address: "沈阳市和平区南京南街 100 号",
                status: "operating",
                beds: 120,
                phone: "024-2345-6789"
            ),
            self.institution(
                self.xiyang,
                tenant: t,
                name: "夕阳红敬老院",
                district: "沈河区",
                address: "沈阳市沈河区青年大街 8 号",
                status: "operating",
                beds: 80,
                phone: "024-8888-0000"
            ),
            self.institution(
                self.kangle,
                tenant: t,
                name: "康乐护理院",
                district: "和平区",
                address: "沈阳市和平区三好街 21 号院内东侧三号楼（原幸福里社区卫生服务中心旧址）",
                status: "suspended",
                beds: 60,
                phone: "024-1111-2222"
            ),
            self.institution(
                self.closed,
                tenant: t,
                name: "已注销养老院",
                district: "和平区",
                address: "沈阳市和平区",
                status: "closed",
                beds: 10,
                phone: "024-0000-0000"
            ),
            self.institution(
                self.foreign,
                tenant: self.other.id,
                name: "他乡养老院",
                district: "甘井子区",
                address: "大连市",
                status: "operating",
                beds: 50,
                phone: "0411-000"
            ),
            // Ratings: a published one, a draft (never shown), the other tenant's.
            """
            INSERT INTO ratings (tenant_id, id, institution_id, state, level, published_at, valid_until, doc) VALUES
                (\(t), gen_random_uuid(), \(self.songhe), 'published', 4, '2026-01-10T02:00:00Z', '2029-01-10T02:00:00Z', '{}'),
                (\(t), gen_random_uuid(), \(self.xiyang), 'draft', 5, NULL, NULL, '{}'),
                (\(self.other.id), gen_random_uuid(), \(self.foreign), 'published', 5, now(), now() + interval '3 years', '{}')
            """,
            // Blacklist: 康乐 listed; 松鹤 only proposed, and a withdrawn one (neither shown).
            """
            INSERT INTO blacklist_entries (tenant_id, id, institution_id, state, reason, listed_until, doc) VALUES
                (\(t), gen_random_uuid(), \(self.kangle), 'listed', '2', '2029-02-01T00:00:00Z',
                    jsonb_build_object('legal_basis', \(Self.legalBasis)::text, 'listed_at', '2026-02-01T00:00:00Z')),
                (\(t), gen_random_uuid(), \(self.songhe), 'proposed', '4', NULL,
                    jsonb_build_object('legal_basis', \(Self.proposedBasis)::text)),
                (\(t), gen_random_uuid(), \(self.songhe), 'withdrawn', '7', NULL,
                    jsonb_build_object('legal_basis', \(Self.proposedBasis)::text))
            """,
            // Inspections of 松鹤: published (3 failed items), and reviewed but unpublished (7).
            """
            INSERT INTO inspections (tenant_id, id, institution_id, template_id, template_version_id, standard, scheduled_on,
                state, evaluation, compliant, reviewed_at) VALUES
                (\(t), \(self.publishedInspection), \(self.songhe), \(national), gen_random_uuid(), 'GB 38600-2019', '2026-02-20',
                    'published', '{"failed_codes": ["A1", "A2", "B3"]}', false, '2026-03-08T02:00:00Z'),
                (\(t), \(self.unpublishedInspection), \(self.songhe), \(national), gen_random_uuid(), 'GB 38600-2019', '2026-04-01',
                    'reviewed', '{"failed_codes": ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]}', false, '2026-04-09T02:00:00Z')
            """,
            // Submitted, returned, submitted again: the last submission (2026-03-05 in
            // Shanghai, 2026-03-04 in UTC) is the day it was done.
            """
            INSERT INTO inspection_steps (tenant_id, id, inspection_id, action, from_state, to_state, actor_role, at) VALUES
                (\(t), gen_random_uuid(), \(self.publishedInspection), 'start', 'planned', 'in_progress', 'inspector', '2026-02-27T01:00:00Z'),
                (\(t), gen_random_uuid(), \(self.publishedInspection), 'submit', 'in_progress', 'submitted', 'inspector', '2026-03-01T02:00:00Z'),
                (\(t), gen_random_uuid(), \(self.publishedInspection), 'return', 'submitted', 'in_progress', 'regulator', '2026-03-02T02:00:00Z'),
                (\(t), gen_random_uuid(), \(self.publishedInspection), 'submit', 'in_progress', 'submitted', 'inspector', '2026-03-04T18:30:00Z'),
                (\(t), gen_random_uuid(), \(self.unpublishedInspection), 'submit', 'in_progress', 'submitted', 'inspector', '2026-04-03T02:00:00Z')
            """,
            // Hazards of 松鹤: two open major ones, a verified major one, an open general one.
            """
            INSERT INTO hazards (tenant_id, id, institution_id, state, deadline, major, doc) VALUES
                (\(t), gen_random_uuid(), \(self.songhe), 'open', '2026-05-01', true, '{}'),
                (\(t), gen_random_uuid(), \(self.songhe), 'rectifying', '2026-05-01', true, '{}'),
                (\(t), gen_random_uuid(), \(self.songhe), 'verified', '2026-05-01', true, '{}'),
                (\(t), gen_random_uuid(), \(self.songhe), 'open', '2026-05-01', false, '{}')
            """,
        ]
        for statement in statements { try await db.owner.query(statement) }
    }
}
