import Foundation

/// The dashboard's four indicators, each a share from 0 to 1. 整改率 is `nil` while no
/// hazard has been found: nothing to rate is not 100 %.
public struct DashboardIndicators: Sendable, Equatable {
    public var starRatedShare: Double
    public var compliance: Double
    public var nursingBedShare: Double
    public var rectificationRate: Double?

    public init(starRatedShare: Double, compliance: Double, nursingBedShare: Double, rectificationRate: Double?) {
        self.starRatedShare = starRatedShare
        self.compliance = compliance
        self.nursingBedShare = nursingBedShare
        self.rectificationRate = rectificationRate
    }

    /// Verified ÷ found; `nil` when nothing was found.
    public static func rectificationRate(verified: Int, found: Int) -> Double? {
        found == 0 ? nil : Double(verified) / Double(found)
    }

}

public struct IndicatorSnapshot: Sendable, Equatable {
    /// `YYYY-MM-DD` in the tenant's zone.
    public var day: String
    public var indicators: DashboardIndicators

    public init(day: String, indicators: DashboardIndicators) {
        self.day = day
        self.indicators = indicators
    }

}
