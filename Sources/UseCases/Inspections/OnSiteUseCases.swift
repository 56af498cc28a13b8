import Domain
import Foundation
import Storage

/// The inspector's work on site, as the phone's pages do it: the agenda, one answer at a
/// time (each save idempotent by its key, the photo stored with it in one transaction),
/// the representative's confirmation, submission, and the printable record. The same
/// policies as the API's (`InspectionAccess`): only an assigned inspector records.
public struct OnSiteUseCases: Sendable {
    let inspections: InspectionUseCases
    let evidence: EvidenceUseCases
    let institutions: InstitutionUseCases
    let checklists: ChecklistUseCases
    let store = OnSiteStore()
    let inspectionStore = InspectionStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.inspections = InspectionUseCases(dependencies)
        self.evidence = EvidenceUseCases(dependencies)
        self.institutions = InstitutionUseCases(dependencies)
        self.checklists = ChecklistUseCases(dependencies)
        self.time = dependencies.time
    }

    /// A file the form carried, whole (a phone's photo or a signature drawn on the page).
    public struct Upload: Sendable {
        public var fileName: String
        public var bytes: [UInt8]

        public init(fileName: String, bytes: [UInt8]) {
            self.fileName = fileName
            self.bytes = bytes
        }
    }

    public struct Assignment: Sendable {
        public var inspection: Inspection
        public var institution: Institution?
    }

    /// Today's (and overdue) and upcoming assignments of the calling inspector, with the
    /// institution each is at.
    public func agenda(_ caller: Caller) async throws -> (due: [Assignment], upcoming: [Assignment]) {
        var all: [Inspection] = []
        for state in [InspectionState.planned, .inProgress] {
            var after: UUID?
            repeat {
                let page = try await self.inspections.assigned(caller, state: state, after: after, limit: 200)
                all += page.items
                after = page.nextAfter
            } while after != nil && all.count < 1000
        }
        let (due, upcoming) = OnSiteAgenda.split(all, today: CalendarDate.string(from: self.time.now(), in: nil))
        var institutions: [UUID: Institution] = [:]
        for id in Set(all.map(\.institutionID)) { institutions[id] = try await self.institution(caller, id) }
        return (
            due.map { Assignment(inspection: $0, institution: institutions[$0.institutionID]) },
            upcoming.map { Assignment(inspection: $0, institution: institutions[$0.institutionID]) }
        )
    }

    /// The institution, or nil where the caller may not read its record (the pages then
    /// show the name the inspection carries); a failure of the database is not hidden.
    func institution(_ caller: Caller, _ id: UUID) async throws -> Institution? {
        do {
            return try await self.institutions.read(caller, id: id)
        } catch DomainError.notFound, DomainError.forbidden {
            return nil
        }
    }

    /// Everything the checklist page and the printed record show.
    public struct Sheet: Sendable {
        public var detail: InspectionDetail
        public var checklist: ChecklistVersion
        public var institution: Institution?
        public var confirmation: OnSiteConfirmation?
    }

    public func sheet(_ caller: Caller, id: UUID) async throws -> Sheet {
        let detail = try await self.inspections.read(caller, id: id)
        return Sheet(
            detail: detail,
            checklist: try await self.checklists.version(caller, id: detail.inspection.templateVersionID),
            institution: try await self.institution(caller, detail.inspection.institutionID),
            confirmation: try await self.store.confirmation(caller.transaction, inspectionID: id)
        )
    }

    /// Saves one item's answer. `false` when this save (its key) was applied before:
    /// nothing changes then, so the same save sent twice cannot undo an answer made after
    /// it. An answer that changes after the representative confirmed the record withdraws
    /// the confirmation: they sign again what is submitted.
    public func saveAnswer(
        _ caller: Caller,
        id: UUID,
        key: String,
        itemCode: String,
        fields: [String: String],
        photo: Upload?
    )
        async throws -> Bool
    {
        guard OnSiteAnswer.isKey(key) else {
            throw DomainError.invalid([FieldError("key", "must be 8 to 100 letters, digits, dots, dashes or underscores")])
        }
        let current = try await self.inspections.find(caller, id: id, forUpdate: true) { .recordResults($0) }
        guard current.state.acceptsResults else {
            throw DomainError.conflict("results can be recorded only while the inspection is planned or in progress")
        }
        let claim = try await self.store.claimSave(
            caller.transaction,
            inspectionID: id,
            key: key,
            itemCode: itemCode,
            by: caller.actor.subjectID,
            at: self.time.now()
        )
        switch claim {
        case .applied: return false
        case .otherItem(let code): throw DomainError.conflict("this save's key was used for item \(code)")
        case .new: break
        }
        let existing = try await self.inspectionStore.results(caller.transaction, inspectionID: id).first { $0.itemCode == itemCode }
        let attachment = try await photo.asyncMap { try await self.storeFile(caller, $0, field: "photo") }
        let result = try OnSiteAnswer.result(itemCode: itemCode, fields: fields, existing: existing, photo: attachment)
        _ = try await self.inspections.record(caller, current, [result])
        if result != existing, try await self.store.withdrawConfirmation(caller.transaction, inspectionID: id) {
            try await caller.audit("inspection.confirmation_withdrawn", "inspection", id: id, before: itemCode, after: String?.none)
        }
        return true
    }

    /// The representative's confirmation: their name and the signature they drew, once
    /// every item has its answer and while the record is still being taken (signing
    /// again replaces it).
    public func confirm(_ caller: Caller, id: UUID, representative: String, signature: Upload?) async throws -> OnSiteConfirmation {
        let current = try await self.inspections.find(caller, id: id, forUpdate: true) { .recordResults($0) }
        guard current.state.acceptsResults else { throw DomainError.conflict("the record can be confirmed only before it is submitted") }
        let checklist = try await self.checklists.version(caller, id: current.templateVersionID)
        let results = try await self.inspectionStore.results(caller.transaction, inspectionID: id)
        let missing = ChecklistEvaluation.evaluate(checklist, results: results).missingCodes
        guard missing.isEmpty else {
            throw DomainError.conflict("every item needs its answer before the record is confirmed; missing: \(missing.joined(separator: ", "))")
        }
        var validator = Validator()
        let name = representative.trimmingCharacters(in: .whitespacesAndNewlines)
        OnSiteConfirmation.validate(representative: name, into: &validator)
        validator.check(signature.map { !$0.bytes.isEmpty } ?? false, "signature", "is required")
        try validator.finish()
        guard let signature else { throw DomainError.invalid([FieldError("signature", "is required")]) }
        let confirmation = OnSiteConfirmation(
            representative: name,
            signature: try await self.storeFile(caller, signature, field: "signature"),
            recordedAt: self.time.now()
        )
        let before = try await self.store.confirmation(caller.transaction, inspectionID: id)
        try await self.store.confirm(caller.transaction, inspectionID: id, confirmation, by: caller.actor.subjectID)
        try await caller.audit("inspection.confirmed_on_site", "inspection", id: id, before: before, after: confirmation)
        return confirmation
    }

    /// Submission from the site: the representative has confirmed the record first.
    public func submit(_ caller: Caller, id: UUID) async throws -> Inspection {
        _ = try await self.inspections.find(caller, id: id, forUpdate: true) { .step(.submit, $0) }
        guard try await self.store.confirmation(caller.transaction, inspectionID: id) != nil else {
            throw DomainError.conflict("the institution's representative has not confirmed the record on site")
        }
        return try await self.inspections.step(caller, .submit, id: id, reason: nil)
    }

    /// Stores a file a page's form carried in the evidence store, in the caller's
    /// transaction: a photo only (`photoOnly`), or any type the store takes (a scanned
    /// letter as a PDF, say).
    public func storeFile(_ caller: Caller, _ upload: Upload, field: String, photoOnly: Bool = true) async throws -> Attachment {
        let bytes = upload.bytes
        let stream = AsyncStream<[UInt8]> { continuation in
            continuation.yield(bytes)
            continuation.finish()
        }
        let (file, _) = try await self.evidence.upload(caller, stream)
        guard !photoOnly || file.contentType.hasPrefix("image/") else {
            throw DomainError.invalid([FieldError(field, "must be a photo (JPEG, PNG or HEIC)")])
        }
        let name = upload.fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return Attachment(fileName: name.isEmpty ? "photo" : String(name.prefix(255)), sha256: file.sha256, size: file.size)
    }
}
