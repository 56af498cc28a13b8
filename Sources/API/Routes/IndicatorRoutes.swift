import Domain
import Foundation
import Hummingbird
import UseCases

/// `/v1/indicators/…`: the figures a regulator watches against the plans' targets.
struct IndicatorRoutes {
    let indicators: IndicatorUseCases

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("indicators/compliance", use: self.compliance)
        group.get("indicators/cases-on-time", use: self.casesOnTime)
    }

    /// The GB 38600 compliance rate, with the non-compliant institutions and their failed items.
    @Sendable func compliance(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try JSONResponse.make(try await self.indicators.compliance(context.caller))
    }

    /// The share of cases concluded on time, by month and district.
    @Sendable func casesOnTime(_ request: Request, context: TenantRequestContext) async throws -> Response {
        try QueryFilters(request).check()
        return try JSONResponse.make(try await self.indicators.casesOnTime(context.caller))
    }
}
