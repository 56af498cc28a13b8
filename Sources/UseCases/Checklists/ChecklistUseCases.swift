import Domain
import Foundation
import Storage

/// Checklists (`ChecklistAccess`): the national GB 38600 template every tenant reads,
/// and the tenant's own templates, written as drafts and frozen by publishing.
public struct ChecklistUseCases: Sendable {
    let store = ChecklistStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// A new template, written out or copied from a published version.
    public struct NewTemplate: Sendable {
        public var title: String?
        public var description: String?
        public var standard: String?
        public var items: [ChecklistItem]?
        public var copyFromVersionID: UUID?

        public init(title: String?, description: String?, standard: String?, items: [ChecklistItem]?, copyFromVersionID: UUID?) {
            self.title = title
            self.description = description
            self.standard = standard
            self.items = items
            self.copyFromVersionID = copyFromVersionID
        }
    }

    public func listTemplates(_ caller: Caller, after: UUID?, limit: Int) async throws -> Page<ChecklistTemplate> {
        try caller.decide { ChecklistAccess.decide($0, .listTemplates) }.require("resource")
        return try await self.store.listTemplates(caller.transaction, after: after, limit: limit)
    }

    public func template(_ caller: Caller, id: UUID) async throws -> ChecklistTemplate {
        try caller.decide { ChecklistAccess.decide($0, .readTemplate) }.require("resource")
        guard let template = try await self.store.findTemplate(caller.transaction, id: id) else {
            throw DomainError.notFound("checklist template")
        }
        return template
    }

    public func version(_ caller: Caller, id: UUID) async throws -> ChecklistVersion {
        try caller.decide { ChecklistAccess.decide($0, .readVersion(.published)) }.require("resource")
        guard let version = try await self.store.findVersion(caller.finishing(), id: id) else {
            throw DomainError.notFound("checklist version")
        }
        try caller.decide { ChecklistAccess.decide($0, .readVersion(version.state)) }.require("checklist version")
        return version
    }

    /// A tenant template with its first draft.
    public func create(_ caller: Caller, _ input: NewTemplate) async throws -> ChecklistTemplate {
        try caller.decide { ChecklistAccess.decide($0, .create) }.require("resource")
        var validator = Validator()
        var title = input.title
        var standard = input.standard
        var items = input.items ?? []
        if let source = input.copyFromVersionID {
            validator.check(input.items == nil, "items", "must be absent when copying; edit the draft afterwards")
            guard let version = try await self.store.findVersion(caller.transaction, id: source), version.state == .published else {
                throw DomainError.invalid([FieldError("copy_from_version_id", "names no published checklist version")])
            }
            title = title ?? version.title
            standard = standard ?? version.standard
            items = version.items
        } else {
            validator.check(input.items != nil, "items", "is required unless copy_from_version_id is given")
        }
        validator.text(title, "title", max: 200)
        validator.text(input.description, "description", max: 2000, required: false)
        validator.text(standard, "standard", max: 100, required: false)
        ChecklistItem.validate(items, into: &validator)
        try validator.finish()
        let now = self.time.now()
        let template = ChecklistTemplate(
            id: UUIDv7.make(),
            scope: .tenant,
            title: title ?? "",
            standard: standard,
            description: input.description ?? "",
            copiedFromVersionID: input.copyFromVersionID,
            createdAt: now
        )
        let draft = ChecklistVersion(
            id: UUIDv7.make(),
            templateID: template.id,
            scope: .tenant,
            version: 1,
            state: .draft,
            title: template.title,
            standard: standard,
            items: items,
            createdAt: now,
            publishedAt: nil
        )
        try await self.store.createTemplate(caller.transaction, template, draft: draft, by: caller.actor.tokenID)
        try await caller.auditCreated("checklist_template.created", "checklist_template", id: template.id, template)
        var created = template
        created.versions = [ChecklistVersionSummary(id: draft.id, version: 1, state: .draft, publishedAt: nil)]
        return created
    }

    /// Writes the template's draft (opening one after a publication).
    public func saveDraft(_ caller: Caller, templateID: UUID, title: String?, items: [ChecklistItem]) async throws -> ChecklistVersion {
        try caller.decide { ChecklistAccess.decide($0, .saveDraft) }.require("resource")
        let template = try await self.ownTemplate(caller, id: templateID)
        return try await self.write(caller, templateID: template.id, title: title, items: items, defaultTitle: template.title)
    }

    /// Edits one version directly: a draft changes in place; a published (or national)
    /// version never changes (409); edit the template's draft instead.
    public func editVersion(_ caller: Caller, id: UUID, title: String?, items: [ChecklistItem]) async throws -> ChecklistVersion {
        try caller.decide { ChecklistAccess.decide($0, .saveDraft) }.require("resource")
        guard let version = try await self.store.findVersion(caller.transaction, id: id) else {
            throw DomainError.notFound("checklist version")
        }
        guard version.scope == .tenant, version.state == .draft else {
            throw DomainError.conflict(
                "version \(version.version) is published and never changes; PUT /v1/checklist-templates/{id}/draft opens the next one"
            )
        }
        return try await self.write(caller, templateID: version.templateID, title: title, items: items, defaultTitle: version.title)
    }

    public func publish(_ caller: Caller, templateID: UUID) async throws -> ChecklistVersion {
        try caller.decide { ChecklistAccess.decide($0, .publish) }.require("resource")
        let template = try await self.ownTemplate(caller, id: templateID)
        guard let (draft, published) = try await self.store.publish(caller.transaction, templateID: template.id, by: caller.actor.tokenID)
        else {
            throw DomainError.conflict("the template has no draft to publish")
        }
        try await caller.audit("checklist_version.published", "checklist_version", id: published.id, before: draft, after: published)
        return published
    }

    /// The tenant's own template, or 404; a national one is a 409 (copy it instead).
    func ownTemplate(_ caller: Caller, id: UUID) async throws -> ChecklistTemplate {
        guard let template = try await self.store.findTemplate(caller.transaction, id: id) else {
            throw DomainError.notFound("checklist template")
        }
        guard template.scope == .tenant else {
            throw DomainError.conflict("national templates cannot be changed; copy one with copy_from_version_id")
        }
        return template
    }

    func write(_ caller: Caller, templateID: UUID, title: String?, items: [ChecklistItem], defaultTitle: String) async throws -> ChecklistVersion {
        var validator = Validator()
        validator.text(title, "title", max: 200, required: false)
        ChecklistItem.validate(items, into: &validator)
        try validator.finish()
        let (before, draft) = try await self.store.saveDraft(
            caller.transaction,
            templateID: templateID,
            title: title ?? defaultTitle,
            items: items,
            at: self.time.now(),
            by: caller.actor.tokenID
        )
        let action = before == nil ? "checklist_version.created" : "checklist_version.updated"
        try await caller.audit(action, "checklist_version", id: draft.id, before: before, after: draft)
        return draft
    }
}
