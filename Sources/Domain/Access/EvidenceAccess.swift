import Foundation

/// The evidence store: regulators, inspectors and institutions upload files; a file is
/// read by its tenant's regulators, by whoever uploaded it, and by whoever may read a
/// record that names it (the use case finds those records and asks their policies).
public enum EvidenceAccess {
    public enum Action: Sendable, Equatable {
        case upload
        /// Reading a file; `uploadedBy` is the uploader's role and subject.
        case read(uploadedBy: Role?, subject: UUID?)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .upload:
            return AccessDecision.only([.regulator, .inspector, .institution], principal)
        case .read(let role, let subject):
            if principal.role == .regulator { return .allowed }
            if principal.role != .platformAdmin, role == principal.role, subject != nil, subject == principal.subjectID { return .allowed }
            return .hidden
        }
    }

    /// Whether `decide(.read)` may still allow once the records naming the file are
    /// known (it hid the file from its uploader's view alone).
    public static func mayReadThroughRecords(_ principal: Principal) -> Bool {
        principal.role == .inspector || principal.role == .institution
    }
}
