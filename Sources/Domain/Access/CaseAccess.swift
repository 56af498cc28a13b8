import Foundation

/// Cases and complaints: the tenant's regulators take complaints in (for the hotline and
/// letters) and handle every case; who complained is read by the regulator's person
/// assigned to the case (`handler_account_id`) alone, and before one is assigned by the
/// tenant's regulators (the intake desk, which must reach a complainant to accept); an inspector sees a case
/// only when assigned to an inspection it caused or was attached to, and never the
/// complainant; an institution sees no case at all (it is told the outcome of a
/// substantiated one by event). The public files complaints on the portal and follows
/// them by code, which needs no principal.
public enum CaseAccess {
    /// A case with the inspectors of the inspections linked to it.
    public struct Record: Sendable, Equatable {
        public var record: Case
        public var inspectors: Set<UUID>

        public init(_ record: Case, inspectors: Set<UUID>) {
            self.record = record
            self.inspectors = inspectors
        }
    }

    public enum Action: Sendable, Equatable {
        case intake
        case list
        case read(Record)
        case readComplainants(Record)
        case step(Case.Action, Record)
        case link(Record)
        case readPolicy, setPolicy
        case readCalendar, editCalendar
    }

    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        switch action {
        case .intake, .readPolicy, .setPolicy, .editCalendar: return AccessDecision.only([.regulator], principal)
        case .readCalendar: return AccessDecision.only([.regulator, .inspector, .institution], principal)
        case .list: return AccessDecision.only([.regulator, .inspector], principal)
        case .read(let record): return self.sees(principal, record) ? .allowed : .hidden
        case .readComplainants(let record):
            guard self.sees(principal, record) else { return .hidden }
            guard principal.role == .regulator else { return .forbidden("only the regulator handles a case") }
            if let handler = record.record.handlerAccountID, principal.accountID != handler {
                return .forbidden("only the person handling the case reads who complained")
            }
            return .allowed
        case .step(_, let record), .link(let record):
            guard self.sees(principal, record) else { return .hidden }
            return principal.role == .regulator ? .allowed : .forbidden("only the regulator handles a case")
        }
    }

    /// A regulator's list is the tenant's cases; an inspector's those linked to its inspections.
    public static func listScope(_ principal: Principal) -> ListScope {
        switch principal.role {
        case .regulator: .tenant
        case .inspector: principal.subjectID.map(ListScope.inspector) ?? .nothing
        case .institution, .platformAdmin: .nothing
        }
    }

    /// Whether the caller needs the inspectors of the linked inspections to decide.
    public static func needsInspectors(_ principal: Principal) -> Bool { principal.role == .inspector }

    static func sees(_ principal: Principal, _ record: Record) -> Bool {
        guard principal.tenantID != nil else { return false }
        switch principal.role {
        case .regulator: return true
        case .inspector: return principal.subjectID.map(record.inspectors.contains) ?? false
        case .institution, .platformAdmin: return false
        }
    }
}
