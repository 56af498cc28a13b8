import Domain
import Foundation
import Postgres

/// The regulator's queues (`WorkQueue`): how many wait in each, and the oldest of one.
public struct WorkbenchStore: Sendable {
    public init() {}

    /// Every queue's count in one statement. Overdue is what the daily `hazards.deadlines`
    /// job flagged (as the API's `?overdue=true` and the dashboard read it).
    public func counts(_ transaction: TenantTransaction) async throws -> [WorkQueue: Int] {
        let tenant = transaction.tenantID
        let rows = try await transaction.query(
            """
            SELECT
              (SELECT count(*) FROM inspections WHERE tenant_id = \(tenant) AND state = 'submitted'),
              (SELECT count(*) FROM hazards WHERE tenant_id = \(tenant) AND state = 'rectified'),
              (SELECT count(*) FROM hazards WHERE tenant_id = \(tenant) AND state NOT IN ('verified', 'closed')
                 AND doc->'extensions' @> '[{"decision": "pending"}]'),
              (SELECT count(*) FROM blacklist_entries WHERE tenant_id = \(tenant) AND state = 'notified'
                 AND coalesce(doc->'objection', 'null'::jsonb) <> 'null'::jsonb),
              (SELECT count(*) FROM hazards WHERE tenant_id = \(tenant) AND state NOT IN ('verified', 'closed')
                 AND (doc->>'overdue')::boolean),
              (SELECT count(*) FROM draws WHERE tenant_id = \(tenant) AND state IN ('planned', 'committed')),
              (SELECT count(*) FROM cases WHERE tenant_id = \(tenant) AND state IN ('received', 'accepted', 'investigating'))
            """
        )
        let queues: [WorkQueue] = [
            .inspectionsToReview, .rectificationsToVerify, .extensionRequests, .objections, .overdueHazards, .drawsWaiting, .openCases,
        ]
        var counts: [WorkQueue: Int] = [:]
        for (index, queue) in queues.enumerated() { counts[queue] = try rows[0].decode(index) }
        return counts
    }

    /// The first `limit` items of a queue, the most pressing first (earliest deadline or
    /// day, then oldest).
    public func items(_ transaction: TenantTransaction, _ queue: WorkQueue, limit: Int) async throws -> [WorkItem] {
        let tenant = transaction.tenantID
        let rows = try await transaction.query(Self.query(queue, tenant: tenant, limit: limit))
        return try rows.map {
            WorkItem(id: try $0.decode(0), title: try $0.decode(1), institutionName: try $0.decode(2), day: try $0.decode(3), state: try $0.decode(4))
        }
    }

    static func query(_ queue: WorkQueue, tenant: UUID, limit: Int) -> SQLQuery {
        switch queue {
        case .inspectionsToReview:
            """
            SELECT x.id, coalesce(x.standard, ''), i.name, x.scheduled_on::text, x.state FROM inspections x
            JOIN institutions i ON i.tenant_id = x.tenant_id AND i.id = x.institution_id
            WHERE x.tenant_id = \(tenant) AND x.state = 'submitted' ORDER BY x.scheduled_on, x.id LIMIT \(limit)
            """
        case .rectificationsToVerify, .extensionRequests, .overdueHazards:
            """
            SELECT h.id, h.doc->>'description', i.name, h.deadline::text, h.state FROM hazards h
            JOIN institutions i ON i.tenant_id = h.tenant_id AND i.id = h.institution_id
            WHERE h.tenant_id = \(tenant)
              AND CASE \(queue.rawValue)
                    WHEN 'rectifications-to-verify' THEN h.state = 'rectified'
                    WHEN 'extension-requests' THEN h.state NOT IN ('verified', 'closed')
                      AND h.doc->'extensions' @> '[{"decision": "pending"}]'
                    ELSE h.state NOT IN ('verified', 'closed') AND (h.doc->>'overdue')::boolean
                  END
            ORDER BY h.deadline, h.id LIMIT \(limit)
            """
        case .objections:
            """
            SELECT b.id, b.reason, i.name, b.objection_deadline::date::text, b.state FROM blacklist_entries b
            JOIN institutions i ON i.tenant_id = b.tenant_id AND i.id = b.institution_id
            WHERE b.tenant_id = \(tenant) AND b.state = 'notified' AND coalesce(b.doc->'objection', 'null'::jsonb) <> 'null'::jsonb
            ORDER BY b.objection_deadline, b.id LIMIT \(limit)
            """
        case .drawsWaiting:
            """
            SELECT d.id, d.name, NULL::text, d.scheduled_on::text, d.state FROM draws d
            WHERE d.tenant_id = \(tenant) AND d.state IN ('planned', 'committed') ORDER BY d.scheduled_on NULLS LAST, d.id LIMIT \(limit)
            """
        case .openCases:
            """
            SELECT c.id, c.number, i.name, c.deadline::text, c.state FROM cases c
            LEFT JOIN institutions i ON i.tenant_id = c.tenant_id AND i.id = c.institution_id
            WHERE c.tenant_id = \(tenant) AND c.state IN ('received', 'accepted', 'investigating')
            ORDER BY c.deadline NULLS LAST, c.id LIMIT \(limit)
            """
        }
    }
}
