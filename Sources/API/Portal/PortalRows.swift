import Mustache

// The rows of the portal's long tables as typed values: a `child(named:)` switch
// instead of a `[String: Any]` per row, and every cell already a `String`, so the
// renderer neither hashes keys nor describes numbers through reflection.

struct RatingRow: MustacheParent {
    var institution, level, stars, validUntil: String

    func child(named name: String) -> Any? {
        switch name {
        case "institution": self.institution
        case "level": self.level
        case "stars": self.stars
        case "validUntil": self.validUntil
        default: nil
        }
    }
}

struct ListingRow: MustacheParent {
    var institution, representative, reason, listedAt, listedUntil: String

    func child(named name: String) -> Any? {
        switch name {
        case "institution": self.institution
        case "representative": self.representative
        case "reason": self.reason
        case "listedAt": self.listedAt
        case "listedUntil": self.listedUntil
        default: nil
        }
    }
}

struct OutcomeRow: MustacheParent {
    var institution, date, outcome, failedItems: String

    func child(named name: String) -> Any? {
        switch name {
        case "institution": self.institution
        case "date": self.date
        case "outcome": self.outcome
        case "failedItems": self.failedItems
        default: nil
        }
    }
}

/// A roster target (name, weight, id) or inspector (name, id).
struct RosterRow: MustacheParent {
    var id, name, weight: String

    func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "name": self.name
        case "weight": self.weight
        default: nil
        }
    }
}

struct AssignmentRow: MustacheParent {
    var target, inspectors: String

    func child(named name: String) -> Any? {
        switch name {
        case "target": self.target
        case "inspectors": self.inspectors
        default: nil
        }
    }
}
