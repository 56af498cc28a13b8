import Foundation

/// A "double random" draw (双随机): planned → committed (roster frozen, seed committed) →
/// drawn (seed revealed, inspections created). A failed execution leaves it committed
/// with the reason in `failure`.
public struct Draw: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case planned, committed, drawn
    }

    /// Which institutions are eligible targets. `include_ids` are added whatever the
    /// filters say; `exclude_ids` are removed last.
    public struct TargetScope: Sendable, Equatable, Codable {
        public var districts: [String]?
        public var operatorTypes: [Institution.OperatorType]?
        /// Default: operating institutions only.
        public var statuses: [Institution.Status]?
        public var includeIDs: [UUID]?
        public var excludeIDs: [UUID]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case districts, statuses
            case operatorTypes = "operator_types"
            case includeIDs = "include_ids"
            case excludeIDs = "exclude_ids"
        }

        public init(
            districts: [String]? = nil,
            operatorTypes: [Institution.OperatorType]? = nil,
            statuses: [Institution.Status]? = nil,
            includeIDs: [UUID]? = nil,
            excludeIDs: [UUID]? = nil
        ) {
            self.districts = districts
            self.operatorTypes = operatorTypes
            self.statuses = statuses
            self.includeIDs = includeIDs
            self.excludeIDs = excludeIDs
        }

        public var effectiveStatuses: [Institution.Status] { self.statuses ?? [.operating] }
    }

    /// Which inspectors may be drawn: active ones, serving one of the districts (an
    /// inspector with no districts serves everywhere).
    public struct InspectorScope: Sendable, Equatable, Codable {
        public var districts: [String]?

        public init(districts: [String]? = nil) { self.districts = districts }
    }

    public var id: UUID
    public var name: String
    public var purpose: String
    public var checklistTemplateVersionID: UUID
    public var targetScope: TargetScope
    public var inspectorScope: InspectorScope
    public var sample: Int?
    public var ratio: Double?
    public var inspectorsPerTarget: Int
    public var riskWeighted: Bool
    /// The inspections' scheduled date; the execution day when absent.
    public var scheduledOn: String?
    public var state: State
    /// The sample size fixed at commit.
    public var n: Int?
    public var rosterSHA256: String?
    public var seedCommitment: String?
    public var publicEntropy: String?
    /// Revealed (hex) once drawn, never before.
    public var serverSeed: String?
    public var failure: String?
    public var committedAt: Date?
    public var executionRequestedAt: Date?
    public var drawnAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, purpose, sample, ratio, state, n, failure, version
        case checklistTemplateVersionID = "checklist_template_version_id"
        case targetScope = "target_scope"
        case inspectorScope = "inspector_scope"
        case inspectorsPerTarget = "inspectors_per_target"
        case riskWeighted = "risk_weighted"
        case scheduledOn = "scheduled_on"
        case rosterSHA256 = "roster_sha256"
        case seedCommitment = "seed_commitment"
        case publicEntropy = "public_entropy"
        case serverSeed = "server_seed"
        case committedAt = "committed_at"
        case executionRequestedAt = "execution_requested_at"
        case drawnAt = "drawn_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: UUID,
        name: String,
        purpose: String,
        checklistTemplateVersionID: UUID,
        targetScope: TargetScope,
        inspectorScope: InspectorScope,
        sample: Int?,
        ratio: Double?,
        inspectorsPerTarget: Int,
        riskWeighted: Bool,
        scheduledOn: String?,
        state: State = .planned,
        version: Int = 1,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.purpose = purpose
        self.checklistTemplateVersionID = checklistTemplateVersionID
        self.targetScope = targetScope
        self.inspectorScope = inspectorScope
        self.sample = sample
        self.ratio = ratio
        self.inspectorsPerTarget = inspectorsPerTarget
        self.riskWeighted = riskWeighted
        self.scheduledOn = scheduledOn
        self.state = state
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func validate(into validator: inout Validator) {
        validator.text(self.name, "name", max: 200)
        validator.text(self.purpose, "purpose", max: 2000, required: false)
        validator.check((self.sample == nil) != (self.ratio == nil), "sample", "give exactly one of sample and ratio")
        if let sample { validator.check((1...100_000).contains(sample), "sample", "must be from 1 to 100000") }
        if let ratio { validator.check(ratio > 0 && ratio <= 1, "ratio", "must be greater than 0 and at most 1") }
        validator.check((1...10).contains(self.inspectorsPerTarget), "inspectors_per_target", "must be from 1 to 10")
        if let scheduledOn { validator.check(CalendarDate.isValid(scheduledOn), "scheduled_on", "must be a date YYYY-MM-DD") }
        for (field, list) in [("target_scope.districts", self.targetScope.districts), ("inspector_scope.districts", self.inspectorScope.districts)] {
            guard let list else { continue }
            validator.check(list.count <= 200, field, "must list at most 200 districts")
            for (index, district) in list.enumerated() { validator.text(district, "\(field)[\(index)]", max: 100) }
        }
        validator.check((self.targetScope.includeIDs ?? []).count <= 10_000, "target_scope.include_ids", "must list at most 10000 ids")
        validator.check((self.targetScope.excludeIDs ?? []).count <= 10_000, "target_scope.exclude_ids", "must list at most 10000 ids")
    }

    /// n for `eligible` targets: the sample, or ceil(ratio × eligible). The tiny epsilon
    /// keeps binary floating point from rounding 0.1 × 30 up to 4.
    public func sampleSize(eligible: Int) -> Int {
        if let sample { return sample }
        return Int((Double(eligible) * (self.ratio ?? 0) - 1e-9).rounded(.up))
    }

    /// What committing would freeze, before anything is frozen: how many institutions and
    /// inspectors the scopes admit today, the sample that gives, and why commit would be
    /// refused (nil when it would not). The workbench shows it between plan and commit.
    public struct RosterPreview: Sendable, Equatable {
        public var eligibleTargets: Int
        public var eligibleInspectors: Int
        public var sample: Int
        public var problem: Message?
    }

    public func preview(eligibleTargets: Int, eligibleInspectors: Int) -> RosterPreview {
        let n = self.sampleSize(eligible: eligibleTargets)
        let problem: Message? =
            if n < 1 {
                Message("no institution is eligible under the target scope")
            } else if n > eligibleTargets {
                Message("the sample of \(n) exceeds the \(eligibleTargets) eligible institutions")
            } else if eligibleInspectors < self.inspectorsPerTarget {
                Message("too few inspectors: \(eligibleInspectors) eligible, \(self.inspectorsPerTarget) needed per target")
            } else {
                nil
            }
        return RosterPreview(eligibleTargets: eligibleTargets, eligibleInspectors: eligibleInspectors, sample: n, problem: problem)
    }
}

/// The risk policy of risk-weighted draws: institutions with worse records are drawn
/// more often. weight = 1 + 2·[listed on the blacklist] + 2·[open major hazard]
/// + 1·[unrated or rated ≤ 2 stars] + 1·[no reviewed inspection in the last 12 months]
/// + f·min(substantiated complaints in the last 12 months, 3), f the tenant's
/// `complaint_risk_factor` (投诉举报多的加大抽查力度) + p·[a penalty decision in
/// publication], p the tenant's penalty `risk_factor`. The weight is in the committed
/// roster, so the draw stays verifiable whatever the inputs were.
public struct DrawRiskFactors: Sendable, Equatable {
    public var blacklisted: Bool
    public var openMajorHazard: Bool
    public var unratedOrLow: Bool
    public var notInspectedLast12Months: Bool
    public var substantiatedComplaints: Int
    public var complaintFactor: Int
    public var penaltyInPublication: Bool
    public var penaltyFactor: Int

    /// At most this many complaints count, so that a flood of them cannot make one
    /// institution crowd out every other.
    public static let complaintsCounted = 3

    public init(
        blacklisted: Bool = false,
        openMajorHazard: Bool = false,
        unratedOrLow: Bool = false,
        notInspectedLast12Months: Bool = false,
        substantiatedComplaints: Int = 0,
        complaintFactor: Int = 0,
        penaltyInPublication: Bool = false,
        penaltyFactor: Int = 0
    ) {
        self.blacklisted = blacklisted
        self.openMajorHazard = openMajorHazard
        self.unratedOrLow = unratedOrLow
        self.notInspectedLast12Months = notInspectedLast12Months
        self.substantiatedComplaints = substantiatedComplaints
        self.complaintFactor = complaintFactor
        self.penaltyInPublication = penaltyInPublication
        self.penaltyFactor = penaltyFactor
    }

    public var weight: Int {
        1 + (self.blacklisted ? 2 : 0) + (self.openMajorHazard ? 2 : 0) + (self.unratedOrLow ? 1 : 0)
            + (self.notInspectedLast12Months ? 1 : 0)
            + max(0, self.complaintFactor) * min(max(0, self.substantiatedComplaints), Self.complaintsCounted)
            + (self.penaltyInPublication ? max(0, self.penaltyFactor) : 0)
    }
}

extension Draw.TargetScope: JSONKeyed {
    public static var jsonKeys: Set<String> { keys(CodingKeys.self) }
}

extension Draw.InspectorScope: JSONKeyed {
    public static var jsonKeys: Set<String> { ["districts"] }
}
