import Domain
import Foundation
import Postgres

/// What the inspector's phone and the institution's pages keep besides the records they
/// share with the API: the keys of answers saved from the phone, the representative's
/// on-site confirmation, and a self-assessment in progress.
public struct OnSiteStore: Sendable {
    public init() {}

    /// What a save's idempotency key says about the save.
    public enum SaveClaim: Sendable, Equatable {
        /// The key is new: apply the save.
        case new
        /// The same save again: applied before, not again.
        case applied
        /// The key was used for another item: a client's mistake.
        case otherItem(String)
    }

    /// Claims a save's idempotency key for the item.
    public func claimSave(
        _ transaction: TenantTransaction,
        inspectionID: UUID,
        key: String,
        itemCode: String,
        by subject: UUID?,
        at now: Date
    ) async throws -> SaveClaim {
        let rows = try await transaction.query(
            """
            INSERT INTO inspection_answer_saves (tenant_id, inspection_id, key, item_code, saved_by, saved_at)
            VALUES (\(transaction.tenantID), \(inspectionID), \(key), \(itemCode), \(subject), \(now))
            ON CONFLICT DO NOTHING RETURNING key
            """
        )
        if !rows.isEmpty { return .new }
        let earlier = try await transaction.query(
            """
            SELECT item_code FROM inspection_answer_saves
            WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID) AND key = \(key)
            """
        )
        let code = try earlier.first?.decode(0, as: String.self) ?? itemCode
        return code == itemCode ? .applied : .otherItem(code)
    }

    /// Removes the confirmation, when an answer changes after it; whether there was one.
    public func withdrawConfirmation(_ transaction: TenantTransaction, inspectionID: UUID) async throws -> Bool {
        let rows = try await transaction.query(
            """
            DELETE FROM inspection_confirmations WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID)
            RETURNING inspection_id
            """
        )
        return !rows.isEmpty
    }

    public func confirmation(_ transaction: TenantTransaction, inspectionID: UUID) async throws -> OnSiteConfirmation? {
        let rows = try await transaction.query(
            """
            SELECT representative, signature, recorded_at FROM inspection_confirmations
            WHERE tenant_id = \(transaction.tenantID) AND inspection_id = \(inspectionID)
            """
        )
        guard let row = rows.first else { return nil }
        return OnSiteConfirmation(
            representative: try row.decode(0),
            signature: try row.decode(1, as: JSONB<Attachment>.self).value,
            recordedAt: try row.decode(2)
        )
    }

    /// Records the confirmation, replacing an earlier one (the representative signs again).
    public func confirm(
        _ transaction: TenantTransaction,
        inspectionID: UUID,
        _ confirmation: OnSiteConfirmation,
        by subject: UUID?
    )
        async throws
    {
        try await transaction.query(
            """
            INSERT INTO inspection_confirmations (tenant_id, inspection_id, representative, signature, recorded_by, recorded_at)
            VALUES (\(transaction.tenantID), \(inspectionID), \(confirmation.representative), \(JSONB(confirmation.signature)),
                \(subject), \(confirmation.recordedAt))
            ON CONFLICT (tenant_id, inspection_id) DO UPDATE SET representative = EXCLUDED.representative,
                signature = EXCLUDED.signature, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
            """
        )
    }

    public struct Draft: Sendable, Equatable {
        public var checklistVersionID: UUID
        public var results: [ItemResult]
        public var savedAt: Date

        public init(checklistVersionID: UUID, results: [ItemResult], savedAt: Date) {
            self.checklistVersionID = checklistVersionID
            self.results = results
            self.savedAt = savedAt
        }
    }

    public func draft(_ transaction: TenantTransaction, institutionID: UUID) async throws -> Draft? {
        let rows = try await transaction.query(
            """
            SELECT checklist_version_id, results, saved_at FROM self_assessment_drafts
            WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)
            """
        )
        guard let row = rows.first else { return nil }
        return Draft(
            checklistVersionID: try row.decode(0),
            results: try row.decode(1, as: JSONB<[ItemResult]>.self).value,
            savedAt: try row.decode(2)
        )
    }

    public func saveDraft(_ transaction: TenantTransaction, institutionID: UUID, _ draft: Draft) async throws {
        try await transaction.query(
            """
            INSERT INTO self_assessment_drafts (tenant_id, institution_id, checklist_version_id, results, saved_at)
            VALUES (\(transaction.tenantID), \(institutionID), \(draft.checklistVersionID), \(JSONB(draft.results)), \(draft.savedAt))
            ON CONFLICT (tenant_id, institution_id) DO UPDATE SET checklist_version_id = EXCLUDED.checklist_version_id,
                results = EXCLUDED.results, saved_at = EXCLUDED.saved_at
            """
        )
    }

    public func deleteDraft(_ transaction: TenantTransaction, institutionID: UUID) async throws {
        try await transaction.query(
            "DELETE FROM self_assessment_drafts WHERE tenant_id = \(transaction.tenantID) AND institution_id = \(institutionID)"
        )
    }
}
