import Domain
import Foundation
import Postgres

/// Checklist templates and versions: the tenant's own, and the national ones every
/// tenant reads. Published versions never change (a trigger guards that too).
public struct ChecklistStore: Sendable {
    public init() {}

    /// Both kinds of version as one relation, for reads by id.
    static func versions(_ tenantID: UUID) -> SQLQuery {
        """
        (SELECT v.id, v.template_id, 'tenant' AS scope, v.version, v.state, v.title, t.standard, v.items,
                v.created_at, v.published_at
         FROM checklist_versions v JOIN checklist_templates t ON t.tenant_id = v.tenant_id AND t.id = v.template_id
         WHERE v.tenant_id = \(tenantID)
         UNION ALL
         SELECT v.id, v.template_id, 'national', v.version, 'published', v.title, t.standard, v.items,
                v.created_at, v.published_at
         FROM national_checklist_versions v JOIN national_checklist_templates t ON t.id = v.template_id) AS versions
        """
    }

    public func findVersion(_ transaction: TenantTransaction, id: UUID) async throws -> ChecklistVersion? {
        let rows = try await transaction.query("SELECT * FROM \(Self.versions(transaction.tenantID)) WHERE id = \(id)")
        return try rows.first.map(Self.decodeVersion)
    }

    /// The newest published version of a template.
    public func latestPublished(_ transaction: TenantTransaction, templateID: UUID) async throws -> ChecklistVersion? {
        let rows = try await transaction.query(
            """
            SELECT * FROM \(Self.versions(transaction.tenantID)) WHERE template_id = \(templateID) AND state = 'published'
            ORDER BY version DESC LIMIT 1
            """
        )
        return try rows.first.map(Self.decodeVersion)
    }

    public func listTemplates(_ transaction: TenantTransaction, after: UUID?, limit: Int) async throws -> Page<ChecklistTemplate> {
        let rows = try await transaction.query(
            """
            SELECT * FROM (
                SELECT id, 'national' AS scope, title, standard, description, NULL::uuid AS copied_from, created_at
                FROM national_checklist_templates
                UNION ALL
                SELECT id, 'tenant', title, standard, description, copied_from_version_id, created_at
                FROM checklist_templates WHERE tenant_id = \(transaction.tenantID)
            ) AS templates
            WHERE \(after)::uuid IS NULL OR id > \(after)
            ORDER BY id LIMIT \(limit + 1)
            """
        )
        var page = Page(overfetched: try rows.map(Self.decodeTemplate), limit: limit, id: \.id)
        let summaries = try await self.summaries(transaction, templateIDs: page.items.map(\.id))
        for index in page.items.indices { page.items[index].versions = summaries[page.items[index].id] ?? [] }
        return page
    }

    public func findTemplate(_ transaction: TenantTransaction, id: UUID) async throws -> ChecklistTemplate? {
        let rows = try await transaction.query(
            """
            SELECT id, 'national', title, standard, description, NULL::uuid, created_at
            FROM national_checklist_templates WHERE id = \(id)
            UNION ALL
            SELECT id, 'tenant', title, standard, description, copied_from_version_id, created_at
            FROM checklist_templates WHERE tenant_id = \(transaction.tenantID) AND id = \(id)
            """
        )
        guard var template = try rows.first.map(Self.decodeTemplate) else { return nil }
        template.versions = try await self.summaries(transaction, templateIDs: [id])[id] ?? []
        return template
    }

    func summaries(_ transaction: TenantTransaction, templateIDs: [UUID]) async throws -> [UUID: [ChecklistVersionSummary]] {
        guard !templateIDs.isEmpty else { return [:] }
        let rows = try await transaction.query(
            """
            SELECT template_id, id, version, state, published_at FROM \(Self.versions(transaction.tenantID))
            WHERE template_id = ANY(\(templateIDs)) ORDER BY template_id, version
            """
        )
        var result: [UUID: [ChecklistVersionSummary]] = [:]
        for row in rows {
            let state = ChecklistVersion.State(rawValue: try row.decode(3, as: String.self)) ?? .draft
            result[try row.decode(0, as: UUID.self), default: []].append(
                ChecklistVersionSummary(
                    id: try row.decode(1, as: UUID.self),
                    version: try row.decode(2, as: Int.self),
                    state: state,
                    publishedAt: try row.decode(4, as: Date?.self)
                )
            )
        }
        return result
    }

    /// A new tenant template with its first draft; `by` is the creating token.
    public func createTemplate(
        _ transaction: TenantTransaction,
        _ template: ChecklistTemplate,
        draft: ChecklistVersion,
        by token: UUID?
    ) async throws {
        try await transaction.query(
            """
            INSERT INTO checklist_templates (tenant_id, id, title, standard, description, copied_from_version_id,
                created_by, created_at)
            VALUES (\(transaction.tenantID), \(template.id), \(template.title), \(template.standard),
                \(template.description), \(template.copiedFromVersionID), \(token), \(template.createdAt))
            """
        )
        try await self.insert(transaction, draft, by: token)
    }

    func insert(_ transaction: TenantTransaction, _ version: ChecklistVersion, by token: UUID?) async throws {
        do {
            try await transaction.query(
                """
                INSERT INTO checklist_versions (tenant_id, id, template_id, version, state, title, items, created_by,
                    created_at)
                VALUES (\(transaction.tenantID), \(version.id), \(version.templateID), \(version.version), 'draft',
                    \(version.title), \(try JSONText(version.items)), \(token), \(version.createdAt))
                """
            )
        } catch let error as LibpqError {
            throw error.domainError(conflict: "the template already has a draft version")
        }
    }

    /// The template's draft, if it has one.
    public func draft(_ transaction: TenantTransaction, templateID: UUID) async throws -> ChecklistVersion? {
        let rows = try await transaction.query(
            "SELECT * FROM \(Self.versions(transaction.tenantID)) WHERE template_id = \(templateID) AND state = 'draft' AND scope = 'tenant'"
        )
        return try rows.first.map(Self.decodeVersion)
    }

    /// Writes the draft: replaces the open draft's title and items, or opens a new draft
    /// version after the newest one. Returns the draft as it was (`nil` when opened) and
    /// as stored.
    public func saveDraft(
        _ transaction: TenantTransaction,
        templateID: UUID,
        title: String,
        items: [ChecklistItem],
        at now: Date,
        by token: UUID?
    ) async throws -> (before: ChecklistVersion?, draft: ChecklistVersion) {
        // Serialises concurrent edits of one template.
        try await transaction.query(
            "SELECT 1 FROM checklist_templates WHERE tenant_id = \(transaction.tenantID) AND id = \(templateID) FOR UPDATE"
        )
        let before = try await self.draft(transaction, templateID: templateID)
        if var draft = before {
            draft.title = title
            draft.items = items
            try await transaction.query(
                """
                UPDATE checklist_versions SET title = \(title), items = \(try JSONText(items))
                WHERE tenant_id = \(transaction.tenantID) AND id = \(draft.id)
                """
            )
            return (before, draft)
        }
        let rows = try await transaction.query(
            """
            SELECT coalesce(max(version), 0) + 1 FROM checklist_versions
            WHERE tenant_id = \(transaction.tenantID) AND template_id = \(templateID)
            """
        )
        let template = try await self.findTemplate(transaction, id: templateID)
        let draft = ChecklistVersion(
            id: UUIDv7.make(),
            templateID: templateID,
            scope: .tenant,
            version: try rows.first?.decode(0, as: Int.self) ?? 1,
            state: .draft,
            title: title,
            standard: template?.standard,
            items: items,
            createdAt: now,
            publishedAt: nil
        )
        try await self.insert(transaction, draft, by: token)
        return (nil, draft)
    }

    /// Freezes the template's draft. Returns the published version, or `nil` with no draft.
    /// `by` is the publishing token.
    public func publish(
        _ transaction: TenantTransaction,
        templateID: UUID,
        by token: UUID?
    ) async throws -> (
        draft: ChecklistVersion, published: ChecklistVersion
    )? {
        guard let draft = try await self.draft(transaction, templateID: templateID) else { return nil }
        let rows = try await transaction.query(
            """
            UPDATE checklist_versions SET state = 'published', published_at = now(), published_by = \(token)
            WHERE tenant_id = \(transaction.tenantID) AND id = \(draft.id) AND state = 'draft'
            RETURNING published_at
            """
        )
        guard let row = rows.first else { return nil }
        var published = draft
        published.state = .published
        published.publishedAt = try row.decode(0, as: Date.self)
        return (draft, published)
    }

    static func decodeTemplate(_ row: SQLRow) throws -> ChecklistTemplate {
        ChecklistTemplate(
            id: try row.decode(0, as: UUID.self),
            scope: ChecklistTemplate.Scope(rawValue: try row.decode(1, as: String.self)) ?? .tenant,
            title: try row.decode(2, as: String.self),
            standard: try row.decode(3, as: String?.self),
            description: try row.decode(4, as: String.self),
            copiedFromVersionID: try row.decode(5, as: UUID?.self),
            createdAt: try row.decode(6, as: Date.self)
        )
    }

    static func decodeVersion(_ row: SQLRow) throws -> ChecklistVersion {
        ChecklistVersion(
            id: try row.decode(0, as: UUID.self),
            templateID: try row.decode(1, as: UUID.self),
            scope: ChecklistTemplate.Scope(rawValue: try row.decode(2, as: String.self)) ?? .tenant,
            version: try row.decode(3, as: Int.self),
            state: ChecklistVersion.State(rawValue: try row.decode(4, as: String.self)) ?? .draft,
            title: try row.decode(5, as: String.self),
            standard: try row.decode(6, as: String?.self),
            items: try row.decode(7, as: JSONB<[ChecklistItem]>.self).value,
            createdAt: try row.decode(8, as: Date.self),
            publishedAt: try row.decode(9, as: Date?.self)
        )
    }
}
