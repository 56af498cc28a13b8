import Domain
import Foundation
import Storage

/// Fire-safety campaigns (`CampaignAccess`): launched over a scope of institutions,
/// followed by district and week, their hazards exported.
public struct CampaignUseCases: Sendable {
    let store = CampaignStore()
    let policies = PolicyStore()
    let time: TimeSource

    public init(_ dependencies: UseCaseDependencies) {
        self.time = dependencies.time
    }

    /// A campaign as launched.
    public struct Launch: Sendable {
        public var name: String
        public var legalBasis: String
        public var startsOn: String
        public var endsOn: String
        public var scope: Campaign.Scope?
        public var target: String
        public var targetDate: String
        public var stages: [Campaign.Stage]?

        public init(
            name: String,
            legalBasis: String,
            startsOn: String,
            endsOn: String,
            scope: Campaign.Scope?,
            target: String,
            targetDate: String,
            stages: [Campaign.Stage]?
        ) {
            self.name = name
            self.legalBasis = legalBasis
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.scope = scope
            self.target = target
            self.targetDate = targetDate
            self.stages = stages
        }
    }

    /// A hazard of the campaign with where it is.
    public typealias HazardRow = (district: String, institution: String, hazard: Hazard)

    /// Launches the campaign and enrols the institutions in its scope; returns how many.
    public func launch(_ caller: Caller, _ launch: Launch) async throws -> (campaign: Campaign, enrolled: Int) {
        try caller.decide { CampaignAccess.decide($0, .launch) }.require("resource")
        let campaign = Campaign(
            id: UUIDv7.make(),
            name: launch.name,
            legalBasis: launch.legalBasis,
            startsOn: launch.startsOn,
            endsOn: launch.endsOn,
            scope: launch.scope ?? Campaign.Scope(),
            target: launch.target,
            targetDate: launch.targetDate,
            stages: launch.stages ?? [],
            createdAt: self.time.now()
        )
        var validator = Validator()
        campaign.validate(into: &validator)
        try validator.finish()
        let enrolled = try await self.store.create(caller.transaction, campaign)
        try await caller.auditCreated("campaign.created", "campaign", id: campaign.id, campaign)
        return (campaign, enrolled)
    }

    public func list(_ caller: Caller, after: UUID?, limit: Int) async throws -> Page<Campaign> {
        try caller.decide { CampaignAccess.decide($0, .list) }.require("resource")
        return try await self.store.list(caller.finishing(), after: after, limit: limit)
    }

    public func read(_ caller: Caller, id: UUID) async throws -> Campaign {
        try await self.find(caller, .read, id: id)
    }

    /// Progress by district and week, up to today or the campaign's end.
    public func progress(_ caller: Caller, id: UUID) async throws -> CampaignProgress {
        let campaign = try await self.find(caller, .progress, id: id)
        let enrolled = try await self.store.enrolled(caller.transaction, campaign)
        let hazards = try await self.store.hazards(caller.transaction, campaign).map { (district: $0.district, hazard: $0.hazard) }
        let today = try await self.policies.today(caller.transaction, at: self.time.now())
        return CampaignProgress.compute(enrolled: enrolled, hazards: hazards, weeksFrom: campaign.startsOn, to: min(today, campaign.endsOn))
    }

    public func hazards(_ caller: Caller, id: UUID) async throws -> (campaign: Campaign, rows: [HazardRow]) {
        let campaign = try await self.find(caller, .exportHazards, id: id)
        return (campaign, try await self.store.hazards(caller.transaction, campaign))
    }

    func find(_ caller: Caller, _ action: CampaignAccess.Action, id: UUID) async throws -> Campaign {
        try caller.decide { CampaignAccess.decide($0, action) }.require("resource")
        guard let campaign = try await self.store.find(caller.transaction, id: id) else { throw DomainError.notFound("campaign") }
        return campaign
    }
}
