import Domain
import Foundation
import Hummingbird
import Mustache
import UseCases

/// `/w`: the regulator's to-do list, a count per queue (`WorkQueue`) linking to the
/// queue's page (`/w/queue/{queue}`), where its items are listed with the institution's
/// name, the day that matters and the state. The same policy as the dashboard's: a
/// regulator's; anyone else gets 404.
struct WorkbenchRoutes {
    let accounts: AccountUseCases
    let workbench: WorkbenchUseCases
    let library: MustacheLibrary

    func add(to router: Router<AppRequestContext>) {
        router.get("w", use: self.todo)
        router.get("w/queue/:queue", use: self.queue)
    }

    @Sendable func todo(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await WorkbenchPage.signedIn(request, self.accounts) { caller, person, secret in
            // Inspectors and institutions start on their own pages.
            switch person.principal.role {
            case .regulator: break
            case .inspector: return PageForms.redirect("/m" + (request.uri.query.map { "?" + $0 } ?? ""))
            case .institution: return PageForms.redirect("/i" + (request.uri.query.map { "?" + $0 } ?? ""))
            default: return PageForms.redirect("/w/account")
            }
            var page = WorkbenchPage(request, heading: "todo")
            page.signedIn(person, secret: secret)
            page.values["navTodo"] = true
            let counts = try await self.workbench.counts(caller)
            let words = page.words
            let query = page.values["query"] as? String ?? ""
            page.values["queues"] = WorkQueue.allCases.map { queue -> [String: Any] in
                let count = counts[queue] ?? 0
                return [
                    "key": queue.rawValue, "label": words["queue." + queue.rawValue] ?? queue.rawValue, "count": count, "waiting": count > 0,
                    "href": "/w/queue/\(queue.rawValue)\(query)",
                ]
            }
            page.values["allClear"] = counts.values.allSatisfy { $0 == 0 }
            return PageForms.html(self.library, "w-home", page.values)
        }
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let queue = context.parameters.get("queue").flatMap(WorkQueue.init(rawValue:)) else { throw Problem.notFound("page") }
        return try await WorkbenchPage.signedIn(request, self.accounts) { caller, person, secret in
            var page = WorkbenchPage(request, heading: "queue." + queue.rawValue)
            let words = page.words
            page.signedIn(person, secret: secret)
            page.values["navTodo"] = true
            let items = try await self.workbench.items(caller, queue)
            let language = page.language
            page.values["items"] = items.map { item -> [String: Any] in
                [
                    "id": item.id.lowercasedString, "title": item.title, "institution": item.institutionName ?? "", "day": item.day ?? "—",
                    "state": Self.stateLabel(queue, item.state, language),
                    "href": Self.itemPath(queue, item.id).map { page.link($0) } ?? false,
                ]
            }
            page.values["empty"] = items.isEmpty
            page.values["dayHeading"] = words["day." + queue.rawValue] ?? words["day"] ?? ""
            page.values["more"] = items.count == WorkbenchUseCases.queueLimit
            return PageForms.html(self.library, "w-queue", page.values)
        }
    }

    /// The page where a queue's item is handled.
    static func itemPath(_ queue: WorkQueue, _ id: UUID) -> String? {
        let id = id.lowercasedString
        return switch queue {
        case .inspectionsToReview: "/w/inspections/\(id)"
        case .rectificationsToVerify, .extensionRequests, .overdueHazards: "/w/hazards/\(id)"
        case .objections: "/w/blacklist/\(id)"
        case .drawsWaiting: "/w/draws/\(id)"
        case .openCases: "/w/cases/\(id)"
        }
    }

    /// The state in the reader's language, by the record the queue lists.
    static func stateLabel(_ queue: WorkQueue, _ raw: String, _ language: Language) -> String {
        let label: Message? =
            switch queue {
            case .inspectionsToReview: InspectionState(rawValue: raw)?.label
            case .rectificationsToVerify, .extensionRequests, .overdueHazards: Hazard.State(rawValue: raw)?.label
            case .objections: BlacklistEntry.State(rawValue: raw)?.label
            case .drawsWaiting: Draw.State(rawValue: raw)?.label
            case .openCases: Case.State(rawValue: raw)?.label
            }
        return label?.text(in: language) ?? raw
    }
}
