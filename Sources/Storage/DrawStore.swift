import Domain
import Foundation
import Postgres

/// What a draw's roster is built from at commit: the eligible targets with their risk
/// weights, the eligible inspectors, every conflict pair among them, and names for people.
public struct DrawCandidates: Sendable {
    public var targets: [DrawV1.Target]
    public var inspectors: [String]
    public var conflicts: [(inspector: String, target: String)]
    public var names: [String: String]
}

/// Draws: creation, the frozen roster and commitment, execution requests, failures,
/// and the published record.
public struct DrawStore: Sendable {
    /// Where drawn records are kept once read; none: every read queries.
    let records: DrawRecordCache?

    public init(records: DrawRecordCache? = nil) {
        self.records = records
    }

    public static let executeKind = "draw.execute"

    public struct ExecutePayload: Codable, Sendable {
        public var drawID: UUID
        enum CodingKeys: String, CodingKey { case drawID = "draw_id" }
        public init(drawID: UUID) { self.drawID = drawID }
    }

    static let columns = ColumnList(
        "id",
        "name",
        "purpose",
        "checklist_template_version_id",
        "target_scope",
        "inspector_scope",
        "sample",
        "ratio",
        "inspectors_per_target",
        "risk_weighted",
        "scheduled_on::text AS scheduled_on",
        "state",
        "n",
        "roster_sha256",
        "seed_commitment",
        "public_entropy",
        // The seed is readable once drawn.
        "CASE WHEN state = 'drawn' THEN encode(server_seed, 'hex') END AS server_seed",
        "failure",
        "committed_at",
        "execution_requested_at",
        "drawn_at",
        "version",
        "created_at",
        "updated_at"
    )

    /// `by` is the planning token.
    public func create(_ transaction: TenantTransaction, _ draw: Draw, by token: UUID?) async throws {
        try await transaction.query(
            """
            INSERT INTO draws (tenant_id, id, name, purpose, checklist_template_version_id, target_scope, inspector_scope,
                sample, ratio, inspectors_per_target, risk_weighted, scheduled_on, state, version, created_by, created_at,
                updated_at)
            VALUES (\(transaction.tenantID), \(draw.id), \(draw.name), \(draw.purpose), \(draw.checklistTemplateVersionID),
                \(try JSONText(draw.targetScope)), \(try JSONText(draw.inspectorScope)), \(draw.sample), \(draw.ratio),
                \(draw.inspectorsPerTarget), \(draw.riskWeighted), \(draw.scheduledOn)::date, 'planned', 1, \(token),
                \(draw.createdAt), \(draw.updatedAt))
            """
        )
    }

    public func find(_ transaction: TenantTransaction, id: UUID, forUpdate: Bool = false) async throws -> Draw? {
        let lock: SQLQuery = forUpdate ? " FOR UPDATE" : ""
        let rows = try await transaction.query(
            "SELECT \(Self.columns.sql) FROM draws WHERE tenant_id = \(transaction.tenantID) AND id = \(id)\(lock)"
        )
        return try rows.first.map(Self.decode)
    }

    public func list(_ transaction: TenantTransaction, publishedOnly: Bool, after: UUID?, limit: Int) async throws -> Page<Draw> {
        var query: SQLQuery = "SELECT \(Self.columns.sql) FROM draws WHERE tenant_id = \(transaction.tenantID)"
        if publishedOnly { query.append(" AND state <> 'planned'") }
        if let after { query.append(" AND id > \(after)") }
        query.append(" ORDER BY id LIMIT \(limit + 1)")
        return Page(overfetched: try await transaction.query(query).map(Self.decode), limit: limit, id: \.id)
    }

    /// The eligible targets and inspectors of a draw's scopes, now.
    /// `complaintFactor` weighs substantiated complaints of the last 12 months (the tenant's case policy).
    /// `today` is the tenant's, for the penalties in publication.
    public func candidates(
        _ transaction: TenantTransaction,
        _ draw: Draw,
        complaintFactor: Int,
        penaltyFactor: Int,
        today: String
    ) async throws -> DrawCandidates {
        let scope = draw.targetScope
        let targetRows = try await transaction.query(
            """
            SELECT i.id::text, i.name, NOT EXISTS (
                    SELECT 1 FROM inspections x
                    WHERE x.tenant_id = \(transaction.tenantID) AND x.institution_id = i.id
                      AND x.state IN ('reviewed', 'published') AND x.reviewed_at > now() - interval '12 months'),
                EXISTS (SELECT 1 FROM blacklist_entries b WHERE b.tenant_id = \(transaction.tenantID)
                        AND b.institution_id = i.id AND b.state = 'listed'),
                NOT EXISTS (SELECT 1 FROM ratings r WHERE r.tenant_id = \(transaction.tenantID)
                            AND r.institution_id = i.id AND r.state = 'published' AND r.level > 2),
                EXISTS (SELECT 1 FROM hazards h WHERE h.tenant_id = \(transaction.tenantID) AND h.institution_id = i.id
                        AND h.major AND h.state NOT IN ('verified', 'closed')),
                (SELECT count(*)::int FROM cases c WHERE c.tenant_id = \(transaction.tenantID) AND c.institution_id = i.id
                        AND c.result IN ('substantiated', 'partly_substantiated') AND c.concluded_at > now() - interval '12 months'),
                EXISTS (SELECT 1 FROM penalty_decisions p WHERE p.tenant_id = \(transaction.tenantID) AND p.institution_id = i.id
                        AND p.published_on <= \(today)::date AND p.publication_end > \(today)::date AND p.repaired_on IS NULL
                        AND p.superseded_on IS NULL)
            FROM institutions i
            WHERE i.tenant_id = \(transaction.tenantID)
              AND ((\(scope.districts)::text[] IS NULL OR i.district = ANY(\(scope.districts)::text[]))
                    AND (\(scope.operatorTypes?.map(\.rawValue))::text[] IS NULL
                         OR i.operator_type = ANY(\(scope.operatorTypes?.map(\.rawValue))::text[]))
                    AND i.status = ANY(\(scope.effectiveStatuses.map(\.rawValue))::text[])
                   OR i.id = ANY(\(scope.includeIDs ?? [])::uuid[]))
              AND NOT i.id = ANY(\(scope.excludeIDs ?? [])::uuid[])
            """
        )
        var names: [String: String] = [:]
        var targets: [DrawV1.Target] = []
        for row in targetRows {
            let id = try row.decode(0, as: String.self)
            names[id] = try row.decode(1, as: String.self)
            let factors = DrawRiskFactors(
                blacklisted: try row.decode(3, as: Bool.self),
                openMajorHazard: try row.decode(5, as: Bool.self),
                unratedOrLow: try row.decode(4, as: Bool.self),
                notInspectedLast12Months: try row.decode(2, as: Bool.self),
                substantiatedComplaints: try row.decode(6, as: Int.self),
                complaintFactor: complaintFactor,
                penaltyInPublication: try row.decode(7, as: Bool.self),
                penaltyFactor: penaltyFactor
            )
            targets.append(DrawV1.Target(id: id, weight: draw.riskWeighted ? factors.weight : 1))
        }
        let districts = draw.inspectorScope.districts
        let inspectorRows = try await transaction.query(
            """
            SELECT id::text, name FROM inspectors
            WHERE tenant_id = \(transaction.tenantID) AND active
              AND (\(districts)::text[] IS NULL OR districts = '{}' OR districts && \(districts)::text[])
            """
        )
        var inspectors: [String] = []
        for row in inspectorRows {
            let id = try row.decode(0, as: String.self)
            names[id] = try row.decode(1, as: String.self)
            inspectors.append(id)
        }
        // Declared conflicts, affiliations, and the inspectors of each target's previous inspection.
        let conflictRows = try await transaction.query(
            """
            SELECT inspector_id::text, institution_id::text FROM inspector_conflicts WHERE tenant_id = \(transaction.tenantID)
            UNION
            SELECT id::text, unnest(affiliations)::text FROM inspectors WHERE tenant_id = \(transaction.tenantID)
            UNION
            SELECT x.inspector_id::text, previous.institution_id::text
            FROM (SELECT DISTINCT ON (institution_id) institution_id, id FROM inspections
                  WHERE tenant_id = \(transaction.tenantID) ORDER BY institution_id, created_at DESC, id DESC) AS previous
            JOIN inspection_inspectors x ON x.tenant_id = \(transaction.tenantID) AND x.inspection_id = previous.id
            """
        )
        let targetIDs = Set(targets.map(\.id))
        let inspectorIDs = Set(inspectors)
        let conflicts = try conflictRows.compactMap { row -> (inspector: String, target: String)? in
            let pair = (inspector: try row.decode(0, as: String.self), target: try row.decode(1, as: String.self))
            return inspectorIDs.contains(pair.inspector) && targetIDs.contains(pair.target) ? pair : nil
        }
        return DrawCandidates(targets: targets, inspectors: inspectors, conflicts: conflicts, names: names)
    }

    /// Removes a planned draw; `false` when it is not planned (a trigger keeps any other).
    public func discardPlanned(_ transaction: TenantTransaction, id: UUID) async throws -> Bool {
        !(try await transaction.query(
            "DELETE FROM draws WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state = 'planned' RETURNING id"
        )).isEmpty
    }

    /// Freezes the roster and publishes the commitment.
    public func commit(
        _ transaction: TenantTransaction,
        _ draw: Draw,
        roster: DrawV1.Roster,
        names: [String: String],
        serverSeed: [UInt8]
    ) async throws -> Draw {
        let commitment = DrawV1.commitment(serverSeed: serverSeed)
        let rows = try await transaction.query(
            """
            UPDATE draws SET state = 'committed', n = \(roster.n), roster = \(String(decoding: roster.canonicalJSON.bytes, as: UTF8.self)),
                roster_sha256 = \(roster.sha256), names = \(try JSONText(names)), server_seed = \(Data(serverSeed)),
                seed_commitment = \(commitment), committed_at = now(), version = version + 1, updated_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(draw.id) AND state = 'planned'
            RETURNING \(Self.columns.sql)
            """
        )
        guard let committed = try rows.first.map(Self.decode) else { throw DomainError.conflict("the draw is already committed") }
        return committed
    }

    /// Records the execution request (fixing the public entropy).
    public func requestExecution(_ transaction: TenantTransaction, _ draw: Draw, publicEntropy: String?) async throws -> Draw {
        let rows = try await transaction.query(
            """
            UPDATE draws SET public_entropy = \(publicEntropy), execution_requested_at = coalesce(execution_requested_at, now()),
                failure = NULL, failed_at = NULL, version = version + 1, updated_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(draw.id) AND state = 'committed'
            RETURNING \(Self.columns.sql)
            """
        )
        guard let requested = try rows.first.map(Self.decode) else { throw DomainError.conflict("the draw is not committed") }
        return requested
    }

    /// The frozen roster, seed and names of a committed draw, for the draw job.
    public func frozen(
        _ transaction: TenantTransaction,
        id: UUID
    ) async throws -> (
        roster: DrawRecord.RosterJSON, serverSeed: [UInt8], names: [String: String]
    )? {
        let rows = try await transaction.query(
            "SELECT roster, server_seed, names FROM draws WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND roster IS NOT NULL"
        )
        guard let row = rows.first else { return nil }
        let roster = try JSONDecoder().decode(DrawRecord.RosterJSON.self, from: Data(try row.decode(0, as: String.self).utf8))
        return (roster, [UInt8](try row.decode(1, as: Data.self)), try row.decode(2, as: JSONB<[String: String]>.self).value)
    }

    public func recordFailure(_ transaction: TenantTransaction, id: UUID, reason: String) async throws {
        try await transaction.query(
            """
            UPDATE draws SET failure = \(reason), failed_at = now(), updated_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state = 'committed'
            """
        )
    }

    /// Marks the draw drawn with its assignments (the seed becomes readable).
    public func markDrawn(_ transaction: TenantTransaction, _ draw: Draw, assignments: [DrawV1.Assignment]) async throws -> Draw {
        let published = assignments.map { DrawRecord.Assignment(target: $0.target, inspectors: $0.inspectors) }
        let rows = try await transaction.query(
            """
            UPDATE draws SET state = 'drawn', assignments = \(try JSONText(published)), drawn_at = now(), failure = NULL,
                failed_at = NULL, version = version + 1, updated_at = now()
            WHERE tenant_id = \(transaction.tenantID) AND id = \(draw.id) AND state = 'committed'
            RETURNING \(Self.columns.sql)
            """
        )
        guard let drawn = try rows.first.map(Self.decode) else { throw DomainError.conflict("the draw is not committed") }
        return drawn
    }

    /// The published record: roster and commitment once committed; seed and assignments once drawn.
    /// A drawn record never changes (roster, names and seed are frozen by triggers,
    /// assignments are set once), so it is served from the `DrawRecordCache` given at start after the first read.
    public func record(_ transaction: TenantTransaction, id: UUID) async throws -> PublishedDrawRecord? {
        if let cached = self.records?.published(tenant: transaction.tenantID, draw: id) { return cached }
        let rows = try await transaction.query(
            """
            SELECT roster, roster_sha256, seed_commitment, public_entropy,
                CASE WHEN state = 'drawn' THEN encode(server_seed, 'hex') END, assignments, names
            FROM draws WHERE tenant_id = \(transaction.tenantID) AND id = \(id) AND state <> 'planned'
            """
        )
        guard let row = rows.first else { return nil }
        let record = DrawRecord(
            // The roster exactly as hashed at commit.
            storedRoster: try JSONDecoder().decode(DrawRecord.RosterJSON.self, from: Data(try row.decode(0, as: String.self).utf8)),
            rosterSHA256: try row.decode(1, as: String.self),
            seedCommitment: try row.decode(2, as: String.self),
            publicEntropy: try row.decode(3, as: String?.self),
            serverSeed: try row.decode(4, as: String?.self),
            assignments: try row.decode(5, as: JSONB<[DrawRecord.Assignment]>?.self)?.value,
            names: try row.decode(6, as: JSONB<[String: String]>?.self)?.value
        )
        let published = try PublishedDrawRecord(record)
        if record.serverSeed != nil { self.records?.keep(published, tenant: transaction.tenantID, draw: id) }
        return published
    }

    static func decode(_ row: SQLRow) throws -> Draw {
        var draw = Draw(
            id: try row.decode("id"),
            name: try row.decode("name"),
            purpose: try row.decode("purpose"),
            checklistTemplateVersionID: try row.decode("checklist_template_version_id"),
            targetScope: try row.decode("target_scope", as: JSONB<Draw.TargetScope>.self).value,
            inspectorScope: try row.decode("inspector_scope", as: JSONB<Draw.InspectorScope>.self).value,
            sample: try row.decode("sample"),
            ratio: try row.decode("ratio"),
            inspectorsPerTarget: try row.decode("inspectors_per_target"),
            riskWeighted: try row.decode("risk_weighted"),
            scheduledOn: try row.decode("scheduled_on"),
            state: Draw.State(rawValue: try row.decode("state")) ?? .planned,
            version: try row.decode("version"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
        draw.n = try row.decode("n")
        draw.rosterSHA256 = try row.decode("roster_sha256")
        draw.seedCommitment = try row.decode("seed_commitment")
        draw.publicEntropy = try row.decode("public_entropy")
        draw.serverSeed = try row.decode("server_seed")
        draw.failure = try row.decode("failure")
        draw.committedAt = try row.decode("committed_at")
        draw.executionRequestedAt = try row.decode("execution_requested_at")
        draw.drawnAt = try row.decode("drawn_at")
        return draw
    }
}
