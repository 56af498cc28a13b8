import Foundation

/// What an access policy decides about one caller doing one action to one record.
///
/// Every aggregate has one policy (`InstitutionAccess`, `DrawAccess`, …): a pure function
/// of the principal, the action and the record that the use case applies before it does
/// anything else, so a caller who may not act learns nothing, not even from validation.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    /// The caller may not learn that the record exists: 404, exactly as for a missing one.
    case hidden
    /// The caller sees the record but may not do this to it: 403, saying why.
    case forbidden(Message, errors: [FieldError] = [])

    /// Throws the error this decision stands for; `what` names the record in a 404.
    public func require(_ what: Message) throws {
        switch self {
        case .allowed: return
        case .hidden: throw DomainError.notFound(what)
        case .forbidden(let detail, let errors): throw DomainError.forbidden(detail, errors: errors)
        }
    }

    public var isAllowed: Bool { self == .allowed }

    /// Allowed only for these roles; hidden from everyone else.
    public static func only(_ roles: Set<Role>, _ principal: Principal) -> AccessDecision {
        roles.contains(principal.role) && principal.tenantID != nil ? .allowed : .hidden
    }

    /// A record of one institution: the regulator's to see, and that institution's own.
    public static func ownedBy(_ institutionID: UUID, _ principal: Principal) -> AccessDecision {
        switch principal.role {
        case .regulator: AccessDecision.only([.regulator], principal)
        case .institution: principal.subjectID == institutionID ? .allowed : .hidden
        case .inspector, .platformAdmin: .hidden
        }
    }
}

/// Which records of a list a caller sees.
public enum ListScope: Sendable, Equatable {
    /// Every record of the tenant.
    case tenant
    /// Only the records of this institution (an institution's own).
    case institution(UUID)
    /// Only the records assigned to this inspector.
    case inspector(UUID)
    /// None at all (a token bound to no record).
    case nothing
}

extension ListScope {
    /// The scope of lists of records that belong to one institution each (ratings,
    /// self-assessments, hazards): the regulator's is the tenant, an institution's its
    /// own, anyone else's nothing.
    public static func ofInstitutionRecords(_ principal: Principal) -> ListScope {
        switch principal.role {
        case .regulator: .tenant
        case .institution: principal.subjectID.map(ListScope.institution) ?? .nothing
        case .inspector, .platformAdmin: .nothing
        }
    }

    /// The institution filter a list runs with, given the one asked for: what was asked
    /// on the tenant's list, the caller's own on an institution's; `nil` when there is
    /// nothing to show (another institution's records asked for, or no scope).
    public func institutionFilter(asked: UUID?) -> UUID?? {
        switch self {
        case .tenant: return .some(asked)
        case .institution(let own): return asked == nil || asked == own ? .some(own) : nil
        case .inspector, .nothing: return nil
        }
    }
}
