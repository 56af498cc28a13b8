import Foundation

/// The events a subscription may ask for (`spec/webhooks.md`; the list grows with the
/// features). `*` asks for all of them.
public enum EventType {
    public static let all: Set<String> = [
        "institution.created", "institution.updated", "inspection.assigned", "inspection.submitted",
        "inspection.returned", "inspection.published", "draw.failed",
        "draw.committed", "draw.completed", "rating.published", "rating.expired", "blacklist.proposed",
        "blacklist.listed", "blacklist.removed", "hazard.reported", "hazard.overdue", "hazard.verified", "hazard.reminder",
        "case.received", "case.accepted", "case.deadline_near", "case.overdue", "case.concluded", "webhook.disabled",
        "notice.issued", "notice.served", "notice.deadline_near", "notice.overdue", "notice.concluded",
        "penalty.notified", "penalty.decided", "penalty.published",
    ]
    /// Sent by `POST …/{id}/ping` to that one subscription, whatever its event types.
    public static let ping = "webhook.ping"
    public static let wildcard = "*"
}

/// Whose events a subscription hears: a regulator's hears the whole tenant, an
/// institution's only events about that institution, an inspector's only events about
/// its own assignments.
public struct WebhookOwner: Codable, Sendable, Equatable, Hashable {
    public var role: Role
    /// The institution or inspector; `nil` for a regulator's subscription.
    public var id: UUID?

    public init(role: Role, id: UUID?) {
        self.role = role
        self.id = id
    }

    /// The owner of a subscription a principal creates for itself.
    public init?(principal: Principal) {
        switch principal.role {
        case .regulator: self.init(role: .regulator, id: nil)
        case .inspector, .institution:
            guard let subject = principal.subjectID else { return nil }
            self.init(role: principal.role, id: subject)
        case .platformAdmin: return nil
        }
    }

    /// Whether a principal may see and manage this owner's subscriptions: a regulator
    /// all of its tenant's, anyone else only its own.
    public func isManageable(by principal: Principal) -> Bool {
        switch principal.role {
        case .regulator: true
        case .inspector, .institution: self.role == principal.role && self.id == principal.subjectID
        case .platformAdmin: false
        }
    }

    /// Whether an event about `subjects` is this owner's to hear.
    public func hears(_ subjects: EventSubjects) -> Bool {
        switch self.role {
        case .regulator: true
        case .institution: self.id != nil && subjects.institutionID == self.id
        case .inspector: self.id.map(subjects.inspectorIDs.contains) ?? false
        case .platformAdmin: false
        }
    }
}

/// The records an event concerns; they decide which subscriptions hear it.
public struct EventSubjects: Codable, Sendable, Equatable {
    public var institutionID: UUID?
    /// Inspectors assigned to the inspection or draw the event is about.
    public var inspectorIDs: [UUID]
    /// Other records by kind, e.g. `["inspection_id": …]`, kept for receivers' routing.
    public var others: [String: UUID]

    public init(institutionID: UUID? = nil, inspectorIDs: [UUID] = [], others: [String: UUID] = [:]) {
        self.institutionID = institutionID
        self.inspectorIDs = inspectorIDs
        self.others = others
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let institution = Key(stringValue: "institution_id")
        static let inspectors = Key(stringValue: "inspector_ids")
    }

    /// Flat: `{"institution_id": …, "inspector_ids": […], "inspection_id": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(self.institutionID, forKey: .institution)
        if !self.inspectorIDs.isEmpty { try container.encode(self.inspectorIDs, forKey: .inspectors) }
        for (name, id) in self.others.sorted(by: { $0.key < $1.key }) { try container.encode(id, forKey: Key(stringValue: name)) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.institutionID = try container.decodeIfPresent(UUID.self, forKey: .institution)
        self.inspectorIDs = try container.decodeIfPresent([UUID].self, forKey: .inspectors) ?? []
        self.others = [:]
        for key in container.allKeys
        where key.stringValue != Key.institution.stringValue
            && key.stringValue != Key.inspectors.stringValue
        {
            if let id = try? container.decode(UUID.self, forKey: key) { self.others[key.stringValue] = id }
        }
    }
}

/// A webhook subscription as clients see it. The secret is never part of it: it is
/// shown once, when created or rotated.
public struct WebhookSubscription: Encodable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable { case active, disabled }

    public var id: UUID
    public var owner: WebhookOwner
    public var url: String
    public var eventTypes: [String]
    public var description: String
    public var state: State
    public var disabledReason: String?
    public var disabledAt: Date?
    /// The failure streak: since when every attempt failed, and how many deliveries in a row failed.
    public var failingSince: Date?
    public var failedDeliveriesInARow: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID,
        owner: WebhookOwner,
        url: String,
        eventTypes: [String],
        description: String,
        state: State = .active,
        disabledReason: String? = nil,
        disabledAt: Date? = nil,
        failingSince: Date? = nil,
        failedDeliveriesInARow: Int = 0,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.state = state
        self.disabledReason = disabledReason
        self.disabledAt = disabledAt
        self.failingSince = failingSince
        self.failedDeliveriesInARow = failedDeliveriesInARow
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, url, description, state
        case eventTypes = "event_types"
        case disabledReason = "disabled_reason"
        case disabledAt = "disabled_at"
        case failingSince = "failing_since"
        case failedDeliveriesInARow = "failed_deliveries_in_a_row"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Whether this subscription asks for events of `type`.
    public func wants(_ type: String) -> Bool {
        self.eventTypes.contains(EventType.wildcard) || self.eventTypes.contains(type)
    }

    /// Checks a URL: absolute `http` or `https` with a host, no credentials, no fragment,
    /// at most 2,000 characters. Whether its address is public is checked at connect time.
    public static func validate(url: String, into validator: inout Validator) {
        guard url.count <= 2000, let components = URLComponents(string: url), let scheme = components.scheme
        else {
            validator.check(false, "url", "must be an absolute http or https URL of at most 2000 characters")
            return
        }
        validator.check(
            url.unicodeScalars.allSatisfy { $0.value > 0x20 && !TextRules.isForbidden($0) },
            "url",
            "must not contain spaces or control characters"
        )
        validator.check(scheme == "http" || scheme == "https", "url", "must use http or https (lowercase)")
        validator.check(!(components.host ?? "").isEmpty, "url", "must name a host")
        validator.check(components.user == nil && components.password == nil, "url", "must not contain credentials")
        validator.check(components.fragment == nil, "url", "must not contain a fragment")
    }

    /// Checks event types: a non-empty list of known types without repeats, or `["*"]`.
    public static func validate(eventTypes: [String], into validator: inout Validator) {
        validator.check(!eventTypes.isEmpty, "event_types", "must list at least one event type, or \"*\"")
        validator.check(Set(eventTypes).count == eventTypes.count, "event_types", "must not repeat a type")
        if eventTypes.contains(EventType.wildcard) {
            validator.check(eventTypes.count == 1, "event_types", "\"*\" must be alone")
        }
        let unknown = eventTypes.filter { $0 != EventType.wildcard && !EventType.all.contains($0) }
        validator.check(
            unknown.isEmpty,
            "event_types",
            "has unknown types: \(unknown.joined(separator: ", ")); known are \(EventType.all.sorted().joined(separator: ", "))"
        )
    }
}
