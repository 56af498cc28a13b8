import Crypto
import Domain
import Foundation
import Storage

/// The evidence store: files uploaded as they stream in (never held whole), named by
/// the SHA-256 the server computes, recognised by content, stored once per tenant; read
/// back by whoever may read a record that names them (`EvidenceAccess`).
public struct EvidenceUseCases: Sendable {
    let store = EvidenceStore()
    let policies = PolicyStore()
    let database: Database
    let time: TimeSource
    let hazards: HazardUseCases
    let blacklist: BlacklistUseCases
    let inspections: InspectionUseCases
    let selfAssessments: SelfAssessmentUseCases

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.time = dependencies.time
        self.hazards = HazardUseCases(dependencies)
        self.blacklist = BlacklistUseCases(dependencies)
        self.inspections = InspectionUseCases(dependencies)
        self.selfAssessments = SelfAssessmentUseCases(dependencies)
    }

    /// Stores the bytes `body` yields, in chunks as they come. Returns the file and
    /// whether it is new (an upload of bytes the tenant has is the stored file).
    public func upload<Body: AsyncSequence>(_ caller: Caller, _ body: Body) async throws -> (file: EvidenceFile, created: Bool)
    where Body.Element == [UInt8] {
        try caller.decide { EvidenceAccess.decide($0, .upload) }.require("resource")
        let uploadID = UUIDv7.make()
        var hasher = SHA256()
        var pending: [UInt8] = []
        var head: [UInt8] = []
        var type: EvidenceFileType?
        var size = 0
        var chunks = 0
        func flush(all: Bool) async throws {
            while pending.count >= EvidenceFile.chunkSize || (all && !pending.isEmpty) {
                let count = min(pending.count, EvidenceFile.chunkSize)
                try await self.store.appendChunk(caller.transaction, uploadID: uploadID, seq: chunks, Array(pending[0..<count]))
                pending.removeFirst(count)
                chunks += 1
            }
        }
        for try await bytes in body {
            size += bytes.count
            guard size <= EvidenceFile.maxSize else {
                throw DomainError.tooLarge("the file exceeds the size limit of \(EvidenceFile.maxSize / 1024 / 1024) MB")
            }
            hasher.update(data: bytes)
            if head.count < ExifReader.headLength { head += bytes.prefix(ExifReader.headLength - head.count) }
            if type == nil, head.count >= EvidenceFileType.prefixLength {
                type = try Self.recognise(head)
            }
            pending += bytes
            try await flush(all: false)
        }
        guard size > 0 else { throw DomainError.invalid([FieldError("body", "is empty: send the file's bytes")]) }
        let recognised = try type ?? Self.recognise(head)
        try await flush(all: true)
        let sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        if let existing = try await self.store.find(caller.transaction, sha256: sha256) {
            try await self.store.discardChunks(caller.transaction, uploadID: uploadID)
            return (existing.file, false)
        }
        let facts = recognised == .jpeg ? ExifReader.read(jpeg: head) : ExifFacts()
        let zone = try await self.policies.timeZone(caller.transaction) ?? CalendarDate.china
        var location: EvidenceFile.Location?
        if let latitude = facts.latitude, let longitude = facts.longitude, abs(latitude) <= 90, abs(longitude) <= 180 {
            location = EvidenceFile.Location(latitude: latitude, longitude: longitude)
        }
        let file = EvidenceFile(
            sha256: sha256,
            size: size,
            contentType: recognised.rawValue,
            capturedAt: facts.capturedDate(in: zone),
            location: location,
            hasThumbnail: facts.thumbnail != nil,
            createdAt: self.time.now()
        )
        let stored = EvidenceStore.Stored(
            id: uploadID,
            file: file,
            chunks: chunks,
            uploadedByRole: caller.actor.role,
            uploadedBySubject: caller.actor.subjectID
        )
        try await self.store.insert(caller.transaction, stored, thumbnail: facts.thumbnail, by: caller.actor)
        try await caller.auditCreated("evidence.uploaded", "evidence_file", id: uploadID, file)
        return (file, true)
    }

    static func recognise(_ head: [UInt8]) throws -> EvidenceFileType {
        guard let type = EvidenceFileType.sniff(head) else {
            throw DomainError.unsupportedType(
                "only JPEG, PNG and HEIC photos and PDF files are taken, recognised by their content"
            )
        }
        return type
    }

    /// A file the caller may read, with a way to read its bytes chunk by chunk, each in
    /// a short transaction of its own (the response streams after the request's
    /// transaction ended; chunks never change).
    public struct Download: Sendable {
        public var file: EvidenceFile
        public var chunks: Int
        let fileID: UUID
        let tenantID: UUID
        let database: Database

        public func chunk(_ seq: Int) async throws -> [UInt8] {
            try await self.database.withTenant(self.tenantID) { transaction in
                guard let bytes = try await EvidenceStore().chunk(transaction, fileID: self.fileID, seq: seq) else {
                    throw DomainError.notFound("file chunk")
                }
                return bytes
            }
        }
    }

    public func read(_ caller: Caller, sha256: String) async throws -> Download {
        let stored = try await self.readable(caller, sha256: sha256)
        return Download(file: stored.file, chunks: stored.chunks, fileID: stored.id, tenantID: caller.tenantID, database: self.database)
    }

    /// The photo's embedded thumbnail (EXIF), if it has one.
    public func thumbnail(_ caller: Caller, sha256: String) async throws -> [UInt8] {
        let stored = try await self.readable(caller, sha256: sha256)
        guard stored.file.hasThumbnail, let bytes = try await self.store.thumbnail(caller.transaction, fileID: stored.id) else {
            throw DomainError.notFound("thumbnail")
        }
        return bytes
    }

    /// The stored file if the caller may read it: a regulator, its uploader, or whoever
    /// may read a record that names it. Hidden files are 404, as missing ones.
    func readable(_ caller: Caller, sha256: String) async throws -> EvidenceStore.Stored {
        guard sha256.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil,
            let stored = try await self.store.find(caller.transaction, sha256: sha256)
        else { throw DomainError.notFound("file") }
        let uploader = Role(rawValue: stored.uploadedByRole)
        let decision = caller.decide { EvidenceAccess.decide($0, .read(uploadedBy: uploader, subject: stored.uploadedBySubject)) }
        if decision.isAllowed { return stored }
        guard let principal = caller.principal, EvidenceAccess.mayReadThroughRecords(principal),
            try await self.readsARecordNaming(caller, sha256)
        else { throw DomainError.notFound("file") }
        return stored
    }

    /// Whether a record naming the file is one the caller may read, by that record's policy.
    func readsARecordNaming(_ caller: Caller, _ sha256: String) async throws -> Bool {
        let named = try await self.store.namingRecords(caller.transaction, sha256: sha256)
        for id in named.hazards where try await self.sees({ _ = try await self.hazards.find(caller, id: id) { .read($0) } }) { return true }
        for id in named.blacklistEntries where try await self.sees({ _ = try await self.blacklist.find(caller, id: id) { .read($0) } }) {
            return true
        }
        for id in named.inspections where try await self.sees({ _ = try await self.inspections.find(caller, id: id) { .read($0) } }) {
            return true
        }
        for id in named.selfAssessments where try await self.sees({ _ = try await self.selfAssessments.find(caller, id: id) { .read($0) } }) {
            return true
        }
        return false
    }

    func sees(_ read: () async throws -> Void) async throws -> Bool {
        do {
            try await read()
            return true
        } catch DomainError.notFound, DomainError.forbidden {
            return false
        }
    }
}

extension EvidenceUseCases {
    /// The results' attachments must name uploaded files (`results[2].attachments[0]`).
    static func requireStored(_ caller: Caller, _ results: [ItemResult]) async throws {
        let named = results.enumerated().flatMap { index, result in
            result.attachments.enumerated().map { ("results[\(index)].attachments[\($0.offset)]", $0.element) }
        }
        try await self.requireStored(caller, named)
    }

    /// Attachments must name files uploaded to the tenant, with their stored size.
    static func requireStored(_ caller: Caller, _ attachments: [Attachment], field: String) async throws {
        try await self.requireStored(caller, attachments.enumerated().map { ("\(field)[\($0.offset)]", $0.element) })
    }

    static func requireStored(_ caller: Caller, _ attachments: [(field: String, attachment: Attachment)]) async throws {
        guard !attachments.isEmpty else { return }
        let sizes = try await EvidenceStore().sizes(caller.transaction, attachments.map(\.attachment.sha256))
        var errors: [FieldError] = []
        for (field, attachment) in attachments {
            switch sizes[attachment.sha256] {
            case nil: errors.append(FieldError("\(field).sha256", "names no uploaded file: upload it to /v1/files first"))
            case let size? where size != attachment.size:
                errors.append(FieldError("\(field).size", "is \(attachment.size), the uploaded file has \(size) bytes"))
            default: break
            }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
    }
}
