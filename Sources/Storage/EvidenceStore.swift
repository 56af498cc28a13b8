import Domain
import Foundation
import Postgres

/// The evidence store's rows: a file's chunks, written as the upload streams in, and the
/// file row once the whole was hashed. Rows are never changed (triggers refuse it).
public struct EvidenceStore: Sendable {
    public init() {}

    /// A stored file with what the store keeps about its upload.
    public struct Stored: Sendable {
        public var id: UUID
        public var file: EvidenceFile
        public var chunks: Int
        public var uploadedByRole: String
        public var uploadedBySubject: UUID?

        public init(id: UUID, file: EvidenceFile, chunks: Int, uploadedByRole: String, uploadedBySubject: UUID?) {
            self.id = id
            self.file = file
            self.chunks = chunks
            self.uploadedByRole = uploadedByRole
            self.uploadedBySubject = uploadedBySubject
        }
    }

    static let columns = ColumnList(
        "id",
        "sha256",
        "size",
        "content_type",
        "chunks",
        "captured_at",
        "latitude",
        "longitude",
        "thumbnail IS NOT NULL AS has_thumbnail",
        "uploaded_by_role",
        "uploaded_by_subject",
        "created_at"
    )

    public func appendChunk(_ transaction: TenantTransaction, uploadID: UUID, seq: Int, _ bytes: [UInt8]) async throws {
        try await transaction.query(
            """
            INSERT INTO evidence_chunks (tenant_id, file_id, seq, data)
            VALUES (\(transaction.tenantID), \(uploadID), \(seq), \(Data(bytes)))
            """
        )
    }

    /// Removes the chunks of an upload that will have no file row (a duplicate).
    public func discardChunks(_ transaction: TenantTransaction, uploadID: UUID) async throws {
        try await transaction.query("DELETE FROM evidence_chunks WHERE tenant_id = \(transaction.tenantID) AND file_id = \(uploadID)")
    }

    /// Writes the file row of a finished upload; `by` is the uploader.
    public func insert(_ transaction: TenantTransaction, _ stored: Stored, thumbnail: [UInt8]?, by actor: AuditActor) async throws {
        let file = stored.file
        try await transaction.query(
            """
            INSERT INTO evidence_files (tenant_id, id, sha256, size, content_type, chunks, captured_at, latitude, longitude,
                thumbnail, uploaded_by_role, uploaded_by_token, uploaded_by_subject, created_at)
            VALUES (\(transaction.tenantID), \(stored.id), \(file.sha256), \(file.size), \(file.contentType), \(stored.chunks),
                \(file.capturedAt), \(file.location?.latitude), \(file.location?.longitude), \(thumbnail.map { Data($0) }),
                \(actor.role), \(actor.tokenID), \(actor.subjectID), \(file.createdAt))
            """
        )
    }

    public func find(_ transaction: TenantTransaction, sha256: String) async throws -> Stored? {
        try await transaction.query(
            "SELECT \(Self.columns.sql) FROM evidence_files WHERE tenant_id = \(transaction.tenantID) AND sha256 = \(sha256)"
        ).first.map(Self.decode)
    }

    /// The stored sizes of those of `hashes` the tenant has.
    public func sizes(_ transaction: TenantTransaction, _ hashes: [String]) async throws -> [String: Int] {
        guard !hashes.isEmpty else { return [:] }
        let rows = try await transaction.query(
            "SELECT sha256, size FROM evidence_files WHERE tenant_id = \(transaction.tenantID) AND sha256 = ANY(\(Array(Set(hashes))))"
        )
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Int.self)) })
    }

    public func chunk(_ transaction: TenantTransaction, fileID: UUID, seq: Int) async throws -> [UInt8]? {
        try await transaction.query(
            "SELECT data FROM evidence_chunks WHERE tenant_id = \(transaction.tenantID) AND file_id = \(fileID) AND seq = \(seq)"
        ).first.map { [UInt8](try $0.decode(0, as: Data.self)) }
    }

    public func thumbnail(_ transaction: TenantTransaction, fileID: UUID) async throws -> [UInt8]? {
        try await transaction.query(
            "SELECT thumbnail FROM evidence_files WHERE tenant_id = \(transaction.tenantID) AND id = \(fileID)"
        ).first.flatMap { try $0.decode(0, as: Data?.self) }.map { [UInt8]($0) }
    }

    /// The records that name the file: hazards (evidence), blacklist entries (documents
    /// and the objection's evidence), inspections (results' attachments and the on-site
    /// confirmation's signature) and self-assessments (results' attachments).
    public func namingRecords(
        _ transaction: TenantTransaction,
        sha256: String
    ) async throws -> (
        hazards: [UUID], blacklistEntries: [UUID], inspections: [UUID], selfAssessments: [UUID]
    ) {
        let named = try JSONText([["sha256": sha256]])
        let rows = try await transaction.query(
            """
            SELECT 'hazard', id FROM hazards WHERE tenant_id = \(transaction.tenantID) AND doc->'evidence' @> \(named)
            UNION ALL
            SELECT 'blacklist', id FROM blacklist_entries WHERE tenant_id = \(transaction.tenantID)
              AND (doc->'documents' @> \(named) OR coalesce(doc->'objection_evidence', '[]') @> \(named))
            UNION ALL
            SELECT DISTINCT 'inspection', inspection_id FROM inspection_results
            WHERE tenant_id = \(transaction.tenantID) AND attachments @> \(named)
            UNION ALL
            SELECT 'inspection', inspection_id FROM inspection_confirmations
            WHERE tenant_id = \(transaction.tenantID) AND signature->>'sha256' = \(sha256)
            UNION ALL
            SELECT 'self_assessment', id FROM self_assessments WHERE tenant_id = \(transaction.tenantID)
              AND jsonb_path_exists(results, '$[*].attachments[*] ? (@.sha256 == $sha)', jsonb_build_object('sha', \(sha256)::text))
            LIMIT 200
            """
        )
        var found: [String: [UUID]] = [:]
        for row in rows { found[try row.decode(0, as: String.self), default: []].append(try row.decode(1, as: UUID.self)) }
        return (found["hazard"] ?? [], found["blacklist"] ?? [], found["inspection"] ?? [], found["self_assessment"] ?? [])
    }

    static func decode(_ row: SQLRow) throws -> Stored {
        let latitude: Double? = try row.decode("latitude")
        let longitude: Double? = try row.decode("longitude")
        return Stored(
            id: try row.decode("id"),
            file: EvidenceFile(
                sha256: try row.decode("sha256"),
                size: try row.decode("size"),
                contentType: try row.decode("content_type"),
                capturedAt: try row.decode("captured_at"),
                location: latitude.flatMap { lat in longitude.map { EvidenceFile.Location(latitude: lat, longitude: $0) } },
                hasThumbnail: try row.decode("has_thumbnail"),
                createdAt: try row.decode("created_at")
            ),
            chunks: try row.decode("chunks"),
            uploadedByRole: try row.decode("uploaded_by_role"),
            uploadedBySubject: try row.decode("uploaded_by_subject")
        )
    }
}
