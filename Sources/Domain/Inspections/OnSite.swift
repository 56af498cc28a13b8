import Foundation

/// The institution representative's on-site confirmation of an inspection record (现场确认):
/// who confirmed, their drawn signature (an image in the evidence store), and when.
public struct OnSiteConfirmation: Sendable, Equatable, Codable {
    public var representative: String
    public var signature: Attachment
    public var recordedAt: Date

    public init(representative: String, signature: Attachment, recordedAt: Date) {
        self.representative = representative
        self.signature = signature
        self.recordedAt = recordedAt
    }

    public static func validate(representative: String, into validator: inout Validator) {
        validator.text(representative, "representative", max: 50)
    }
}

/// One answer as the inspector's phone sends it, one checklist item per form: pure rules
/// that turn the form's fields into the item's result.
public enum OnSiteAnswer {
    /// The item's result from the form's fields: `result` (pass, fail, not_applicable),
    /// `note`, and on a failed item the finding (`finding`, its description, and `major`).
    /// Photos already on the item stay; `photo` joins them (once: a photo sent again is
    /// the same file).
    public static func result(itemCode: String, fields: [String: String], existing: ItemResult?, photo: Attachment?) throws -> ItemResult {
        var validator = Validator()
        let result = fields["result"].flatMap(ChecklistEvaluation.Result.init(rawValue:))
        validator.check(result != nil, "result", "must be one of \(ChecklistEvaluation.Result.allCases.map(\.rawValue).joined(separator: ", "))")
        let note = Self.trimmed(fields["note"])
        let findingText = Self.trimmed(fields["finding"])
        validator.text(note, "note", max: 4000, required: false)
        validator.text(findingText, "finding", max: 4000, required: false)
        validator.check(findingText.isEmpty || result == .fail, "finding", "may be raised only on a failed item")
        var attachments = existing?.attachments ?? []
        if let photo, !attachments.contains(where: { $0.sha256 == photo.sha256 }) { attachments.append(photo) }
        validator.check(attachments.count <= 20, "photo", "must list at most 20 attachments")
        try validator.finish()
        return ItemResult(
            itemCode: itemCode,
            result: result ?? .pass,
            note: note,
            attachments: attachments,
            finding: findingText.isEmpty ? nil : Finding(description: findingText, major: fields["major"] == "on" || fields["major"] == "true")
        )
    }

    /// A save's idempotency key: 8 to 100 letters, digits, `.`, `_` or `-` (the page
    /// makes one per form; its script adds a count per save).
    public static func isKey(_ key: String) -> Bool {
        (8...100).contains(key.utf8.count)
            && key.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E || byte == 0x5F
                    || byte == 0x2D
            }
    }

    static func trimmed(_ text: String?) -> String { text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
}

/// The inspector's assignments as the phone lists them: what is due today or earlier and
/// not yet submitted first (earliest first), then what is upcoming; submitted and later
/// ones are not the inspector's work any more.
public enum OnSiteAgenda {
    public static func split(_ inspections: [Inspection], today: String) -> (due: [Inspection], upcoming: [Inspection]) {
        let open = inspections.filter { $0.state.acceptsResults }.sorted { ($0.scheduledOn, $0.id.uuidString) < ($1.scheduledOn, $1.id.uuidString) }
        return (open.filter { $0.scheduledOn <= today }, open.filter { $0.scheduledOn > today })
    }
}
