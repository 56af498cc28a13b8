import Foundation

/// The versions of a record a client says it last read; an update goes ahead only when
/// the stored version is one of them (412 otherwise), so no update silently overwrites
/// another.
public enum ExpectedVersion: Sendable, Equatable {
    /// `If-Match: *`: whatever is stored.
    case any
    case oneOf(Set<Int>)

    public func matches(_ version: Int) -> Bool {
        switch self {
        case .any: true
        case .oneOf(let versions): versions.contains(version)
        }
    }
}
