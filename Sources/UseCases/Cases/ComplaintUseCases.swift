import Domain
import Foundation
import Storage

/// Complaints (投诉举报): taken in on the public portal without an account, or by a
/// regulator's integration (the 12345 hotline, letters and visits) with the channel
/// recorded; each opens a case and gives the complainant a tracking code. The
/// complainant's name and contact, when given, are written apart and never leave the
/// regulator's reads.
public struct ComplaintUseCases: Sendable {
    let database: Database
    let store = ComplaintStore()
    let cases = CaseStore()
    let institutions = InstitutionStore()
    let time: TimeSource
    let random: RandomSource

    public init(_ dependencies: UseCaseDependencies) {
        self.database = dependencies.database
        self.time = dependencies.time
        self.random = dependencies.random
    }

    /// What the complainant keeps: the case number and the code to follow it with (shown
    /// once: `nil` in a replay of the same idempotent request).
    public struct Receipt: Sendable, Equatable, Codable {
        public var complaintID: UUID
        public var caseID: UUID
        public var caseNumber: String
        public var trackingCode: String?
        public var state: Case.State
        public var acknowledgeBy: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case state
            case complaintID = "complaint_id"
            case caseID = "case_id"
            case caseNumber = "case_number"
            case trackingCode = "tracking_code"
            case acknowledgeBy = "acknowledge_by"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.complaintID, forKey: .complaintID)
            try container.encode(self.caseID, forKey: .caseID)
            try container.encode(self.caseNumber, forKey: .caseNumber)
            try container.encode(self.trackingCode, forKey: .trackingCode)
            try container.encode(self.state, forKey: .state)
            try container.encode(self.acknowledgeBy, forKey: .acknowledgeBy)
        }
    }

    /// A complaint by API: a regulator's integration records the channel it came by.
    public func intake(_ caller: Caller, _ intake: ComplaintIntake) async throws -> Receipt {
        try caller.decide { CaseAccess.decide($0, .intake) }.require("resource")
        var validator = Validator()
        validator.check(intake.channel != .portal, "channel", "portal is the public form's own channel")
        try validator.finish()
        return try await self.take(caller, intake)
    }

    /// A complaint from the portal's form, in the transaction of the tenant the page is of.
    public func intakeFromPortal(_ tenant: Tenant, _ intake: ComplaintIntake, limit: AddressLimit? = nil) async throws -> Receipt {
        var intake = intake
        intake.channel = .portal
        return try await self.database.withTenant(tenant.id) { transaction in
            if let limit {
                // A form that is refused anyway takes no place in the address's window.
                try intake.validate()
                let digest = SHA256Digest.hash(Data(("complaint-intake:" + limit.addressKey).utf8))
                let wait = try await self.store.takeIntakeMark(
                    transaction,
                    addressDigest: digest,
                    limit: limit.complaints,
                    window: limit.seconds,
                    at: self.time.now()
                )
                if let wait { throw RateLimited(retryAfter: wait) }
            }
            return try await self.take(Caller(public: "portal", transaction), intake)
        }
    }

    /// The public form's limit for one address (its key: the IPv4 address or IPv6 /64),
    /// counted in PostgreSQL so that every API process shares it.
    public struct AddressLimit: Sendable {
        public var addressKey: String
        public var complaints: Int
        public var seconds: Double

        public init(addressKey: String, complaints: Int, seconds: Double = 600) {
            self.addressKey = addressKey
            self.complaints = complaints
            self.seconds = seconds
        }
    }

    /// The address has filed its limit of complaints in the window (429).
    public struct RateLimited: Error {
        public var retryAfter: Double
    }

    /// The state and the reply of the complaint whose code this is, nothing more; 404 for
    /// a code that is malformed or unknown (the two are not told apart).
    public func status(_ tenant: Tenant, code: String) async throws -> ComplaintStatus {
        guard TrackingCode.isWellFormed(code) else { throw DomainError.notFound("complaint") }
        return try await self.database.withTenant(tenant.id) { transaction in
            guard let caseID = try await self.store.caseID(transaction, trackingDigest: TrackingCode.digest(code)),
                let record = try await self.cases.find(transaction, id: caseID)
            else { throw DomainError.notFound("complaint") }
            // A merged case shows the outcome of the case it joined (at most a few hops).
            var target: Case? = nil
            var next = record.mergedInto
            var hops = 0
            while let id = next, hops < 8, let joined = try await self.cases.find(transaction, id: id) {
                target = joined
                next = joined.mergedInto
                hops += 1
            }
            return ComplaintStatus(of: record, resolvedTo: target)
        }
    }

    /// Writes the case (numbered without gaps), the complaint, its digest and its
    /// complainant, the audit rows and `case.received`, in the caller's transaction.
    func take(_ caller: Caller, _ intake: ComplaintIntake) async throws -> Receipt {
        try intake.validate()
        let transaction = caller.transaction
        if let id = intake.institutionID, try await self.institutions.find(transaction, id: id) == nil {
            throw DomainError.invalid([FieldError("institution_id", "names no institution of this tenant")])
        }
        let now = self.time.now()
        let limits = try await CaseLimits.read(transaction, at: now)
        let today = limits.today
        let year = Int(today.prefix(4)) ?? 2026
        let sequence = try await self.cases.nextSequence(transaction, year: year)
        let record = Case(
            id: UUIDv7.make(),
            number: Case.number(year: year, sequence: sequence),
            institutionID: intake.institutionID,
            safety: intake.safety,
            description: intake.content,
            channel: intake.channel,
            receivedOn: today,
            acknowledgeBy: limits.policy.acknowledgeBy(safety: intake.safety, receivedOn: today, calendar: limits.calendar),
            receivedAt: now
        )
        let complaint = Complaint(
            id: UUIDv7.make(),
            caseID: record.id,
            channel: intake.channel,
            institutionID: intake.institutionID,
            institutionText: intake.institutionText,
            content: intake.content,
            safety: intake.safety,
            named: intake.isNamed,
            receivedAt: now
        )
        let code = TrackingCode.make(from: self.random.bytes(15))
        let complainant = intake.name.flatMap { name in
            intake.contact.map { Complainant(complaintID: complaint.id, name: name, contact: $0) }
        }
        try await self.cases.create(transaction, record)
        try await self.cases.addStep(
            transaction,
            caseID: record.id,
            "receive",
            from: .received,
            to: .received,
            text: intake.channel.rawValue,
            by: caller.actor,
            at: now
        )
        try await self.store.create(transaction, complaint, trackingDigest: TrackingCode.digest(code), complainant: complainant)
        // Neither row names the complainant: the complaint says only whether one was named.
        try await caller.auditCreated("case.received", "case", id: record.id, record)
        try await caller.auditCreated("complaint.received", "complaint", id: complaint.id, complaint)
        try await caller.emit("case.received", CaseUseCases.regulatorSubjects(record), record)
        return Receipt(
            complaintID: complaint.id,
            caseID: record.id,
            caseNumber: record.number,
            trackingCode: code,
            state: record.state,
            acknowledgeBy: record.acknowledgeBy
        )
    }
}
