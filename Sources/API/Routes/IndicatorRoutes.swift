import Domain
import Foundation
import Hummingbird
import Storage

/// `/v1/indicators/…`: the figures a regulator watches against the plans' targets.
struct IndicatorRoutes {
    let store = IndicatorStore()

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("indicators/compliance", use: self.compliance)
    }

    /// The GB 38600 compliance rate, with the non-compliant institutions and their failed items.
    @Sendable func compliance(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, transaction) = try context.requireTenant([.regulator])
        let indicator = try await self.store.compliance(transaction, standard: ChecklistTemplate.gb38600)
        return try JSONResponse.make(indicator)
    }
}
