import Foundation

/// The hazard register: regulators report hazards, judge rectification and keep the
/// deadline policy and the catalogue; institutions self-report, see only their own,
/// submit plans and evidence and ask for more time; inspectors see and judge the
/// hazards their inspections found.
public enum HazardAccess {
    /// A hazard with the inspectors of the inspection that found it (none for a report).
    public struct Record: Sendable, Equatable {
        public var hazard: Hazard
        public var foundBy: [UUID]

        public init(_ hazard: Hazard, foundBy: [UUID]) {
            self.hazard = hazard
            self.foundBy = foundBy
        }
    }

    public enum Action: Sendable, Equatable {
        case readPolicy, setPolicy, readCatalogue, extendCatalogue
        case report
        case list
        case read(Record)
        case step(Hazard.Action, Record)
        case requestExtension(Record)
        case decideExtension(Record)
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .readPolicy, .setPolicy, .extendCatalogue: return AccessDecision.only([.regulator], principal)
        case .readCatalogue: return AccessDecision.only([.regulator, .inspector, .institution], principal)
        case .report: return AccessDecision.only([.regulator, .institution], principal)
        case .list: return AccessDecision.only([.regulator, .institution, .inspector], principal)
        case .read(let record): return self.sees(principal, record) ? .allowed : .hidden
        case .step(let step, let record):
            guard self.sees(principal, record) else { return .hidden }
            let mayTake = (principal.role == .institution) == step.byInstitution && (step != .closeInstitution || principal.role == .regulator)
            return mayTake ? .allowed : .forbidden("the role \(principal.role.label) may not \(step.label) a hazard")
        case .requestExtension(let record):
            guard self.sees(principal, record) else { return .hidden }
            return principal.role == .institution ? .allowed : .forbidden("the institution asks for more time")
        case .decideExtension(let record):
            guard self.sees(principal, record) else { return .hidden }
            return principal.role == .regulator ? .allowed : .forbidden("the regulator decides on extensions")
        }
    }

    /// Whether the caller's decision needs the inspectors of the finding inspection.
    public static func needsFinders(_ principal: Principal) -> Bool { principal.role == .inspector }

    /// An institution's list is its own hazards; an inspector's those its inspections
    /// found (to re-check); a regulator's the tenant's.
    public static func listScope(_ principal: Principal) -> ListScope {
        switch principal.role {
        case .institution: principal.subjectID.map(ListScope.institution) ?? .nothing
        case .inspector: principal.subjectID.map(ListScope.inspector) ?? .nothing
        case .regulator: .tenant
        case .platformAdmin: .nothing
        }
    }

    /// The institution a report is about: an institution reports about itself only (the
    /// `institution_id` it sends must be its own, or absent).
    public static func reportedInstitution(_ principal: Principal?, asked: UUID?) -> (id: UUID?, allowed: Bool) {
        guard let principal, principal.role == .institution else { return (asked, true) }
        return (principal.subjectID, asked == nil || asked == principal.subjectID)
    }

    /// Only a regulator sets a deadline; anyone else gets the tenant's default by severity.
    public static func setsDeadline(_ principal: Principal?) -> Bool { principal?.role != .institution }

    /// Who the register says reported it.
    public static func source(_ principal: Principal?) -> Hazard.Source {
        principal?.role == .institution ? .selfReport : .regulator
    }

    static func sees(_ principal: Principal, _ record: Record) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .institution: return principal.subjectID == record.hazard.institutionID
        case .inspector: return principal.subjectID.map(record.foundBy.contains) ?? false
        case .platformAdmin: return false
        }
    }
}
