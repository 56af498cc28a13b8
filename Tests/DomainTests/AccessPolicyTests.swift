import Domain
import Foundation
import Testing

/// One table per aggregate: each row an action, each column a role, each cell what the
/// policy must decide when the record is the caller's own and when it is another's.
/// A cell is `allow`, `hide` (404), `forbid` (403) for both, or `own/other` when they
/// differ (`allow/hide`: the caller's own record only). The table must name every action
/// and every role, so a new one without a row fails.
struct PolicyTable<Action> {
    /// Builds the action on a record whose owner (institution or inspector) is `owner`.
    var actions: [String: (_ owner: UUID) -> Action]
    var decide: (Principal, Action) -> AccessDecision
    var table: String

    enum Expect: String { case allow, hide, forbid }

    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = self.table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let roles = lines[0].map { Role(rawValue: $0) }
        #expect(Set(roles.compactMap { $0 }) == Set(Role.allCases), "every role has a column", sourceLocation: sourceLocation)
        let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], Array($0.dropFirst())) })
        #expect(Set(rows.keys) == Set(self.actions.keys), "every action has a row", sourceLocation: sourceLocation)
        let tenant = UUID()
        for (name, cells) in rows {
            guard let makeAction = self.actions[name] else { continue }
            for (column, cell) in cells.enumerated() {
                guard let role = roles[column] else { continue }
                let parts = cell.split(separator: "/").map { Expect(rawValue: String($0)) }
                let (own, other) = (parts[0], parts.count > 1 ? parts[1] : parts[0])
                let owner = UUID()
                for (expected, subject) in [(own, owner), (other, UUID())] {
                    let principal = Principal(
                        tokenID: UUID(),
                        tenantID: role == .platformAdmin ? nil : tenant,
                        role: role,
                        subjectID: role.needsSubject ? subject : nil
                    )
                    let decided = self.decide(principal, makeAction(owner))
                    let got: Expect =
                        switch decided {
                        case .allowed: .allow
                        case .hidden: .hide
                        case .forbidden: .forbid
                        }
                    #expect(
                        got == expected,
                        "\(name) by \(role.rawValue) on \(subject == owner ? "its own" : "another's") record",
                        sourceLocation: sourceLocation
                    )
                }
            }
        }
    }
}

@Suite("Access policies: role × action × ownership")
struct AccessPolicyTests {
    @Test("institutions: the regulator keeps the register; an institution reads itself and reports its figures")
    func institutions() {
        PolicyTable<InstitutionAccess.Action>(
            actions: [
                "create": { _ in .create },
                "list": { _ in .list },
                "read": { .read($0) },
                "read_assigned": { .read($0, inspectorAssigned: true) },
                "report_figures": { .update($0, fields: ["beds", "residents"]) },
                "change_identity": { .update($0, fields: ["beds", "name"]) },
            ],
            decide: InstitutionAccess.decide,
            table: """
                                regulator  inspector  institution   platform_admin
                create          allow      hide       hide          hide
                list            allow      hide       allow         hide
                read            allow      hide       allow/hide    hide
                read_assigned   allow      allow      allow/hide    hide
                report_figures  allow      hide       allow/hide    hide
                change_identity allow      hide       forbid/hide   hide
                """
        ).check()
    }

    @Test("an institution's list is its own record; a regulator's the tenant's")
    func institutionListScope() {
        let own = UUID()
        let institution = Principal(tokenID: UUID(), tenantID: UUID(), role: .institution, subjectID: own)
        #expect(InstitutionAccess.listScope(institution) == .institution(own))
        let regulator = Principal(tokenID: UUID(), tenantID: UUID(), role: .regulator, subjectID: nil)
        #expect(InstitutionAccess.listScope(regulator) == .tenant)
    }

    @Test("a forbidden change names the fields only the regulator may change")
    func forbiddenFields() {
        let own = UUID()
        let institution = Principal(tokenID: UUID(), tenantID: UUID(), role: .institution, subjectID: own)
        guard case .forbidden(_, let errors) = InstitutionAccess.decide(institution, .update(own, fields: ["name", "beds", "address"]))
        else {
            Issue.record("expected forbidden")
            return
        }
        #expect(errors.map(\.field) == ["address", "name"])
    }
}

extension AccessPolicyTests {
    /// An inspection of institution `owner`, assigned to inspector `owner`, in `state`.
    static func inspection(_ owner: UUID, _ state: InspectionState) -> Inspection {
        Inspection(
            id: UUID(),
            institutionID: owner,
            templateID: UUID(),
            templateVersionID: UUID(),
            drawID: nil,
            scheduledOn: "2026-12-01",
            state: state,
            inspectorIDs: [owner, UUID()],
            createdAt: Date(),
            updatedAt: Date()
        )
    }

    @Test("inspections: regulators judge, assigned inspectors work, institutions see their own once published")
    func inspections() {
        PolicyTable<InspectionAccess.Action>(
            actions: [
                "schedule": { _ in .schedule },
                "list": { _ in .list },
                "list_assigned": { _ in .listAssigned },
                "read_in_progress": { .read(Self.inspection($0, .inProgress)) },
                "read_published": { .read(Self.inspection($0, .published)) },
                "record_results": { .recordResults(Self.inspection($0, .inProgress)) },
                "submit": { .step(.submit, Self.inspection($0, .inProgress)) },
                "review": { .step(.review, Self.inspection($0, .submitted)) },
                "publish_published": { .step(.publish, Self.inspection($0, .published)) },
            ],
            decide: InspectionAccess.decide,
            table: """
                                  regulator  inspector    institution   platform_admin
                schedule          allow      hide         hide          hide
                list              allow      hide         allow         hide
                list_assigned     hide       allow        hide          hide
                read_in_progress  allow      allow/hide   hide          hide
                read_published    allow      allow/hide   allow/hide    hide
                record_results    forbid     allow/hide   hide          hide
                submit            forbid     allow/hide   hide          hide
                review            allow      forbid/hide  hide          hide
                publish_published allow      forbid/hide  forbid/hide   hide
                """
        ).check()
    }
}

extension AccessPolicyTests {
    /// A hazard of institution `owner`, found by an inspection of inspector `owner`.
    static func hazard(_ owner: UUID) -> HazardAccess.Record {
        let hazard = Hazard(
            id: UUID(),
            institutionID: owner,
            campaignID: nil,
            source: .inspection,
            category: .general,
            major: false,
            fireRelated: true,
            location: "",
            description: "堵塞的疏散通道",
            deadline: "2026-12-31",
            responsiblePerson: "",
            reportedAt: Date()
        )
        return HazardAccess.Record(hazard, foundBy: [owner])
    }

    @Test("hazards: institutions rectify their own, inspectors judge what they found, regulators everything")
    func hazards() {
        PolicyTable<HazardAccess.Action>(
            actions: [
                "read_policy": { _ in .readPolicy },
                "set_policy": { _ in .setPolicy },
                "read_catalogue": { _ in .readCatalogue },
                "extend_catalogue": { _ in .extendCatalogue },
                "report": { _ in .report },
                "list": { _ in .list },
                "read": { .read(Self.hazard($0)) },
                "plan": { .step(.submitPlan, Self.hazard($0)) },
                "verify": { .step(.verify, Self.hazard($0)) },
                "close": { .step(.closeInstitution, Self.hazard($0)) },
                "request_extension": { .requestExtension(Self.hazard($0)) },
                "decide_extension": { .decideExtension(Self.hazard($0)) },
            ],
            decide: HazardAccess.decide,
            table: """
                                  regulator  inspector    institution   platform_admin
                read_policy       allow      hide         hide          hide
                set_policy        allow      hide         hide          hide
                read_catalogue    allow      allow        allow         hide
                extend_catalogue  allow      hide         hide          hide
                report            allow      hide         allow         hide
                list              allow      allow        allow         hide
                read              allow      allow/hide   allow/hide    hide
                plan              forbid     forbid/hide  allow/hide    hide
                verify            allow      allow/hide   forbid/hide   hide
                close             allow      forbid/hide  forbid/hide   hide
                request_extension forbid     forbid/hide  allow/hide    hide
                decide_extension  allow      forbid/hide  forbid/hide   hide
                """
        ).check()
    }

    @Test("an institution reports about itself only; a regulator about any institution")
    func hazardReports() {
        let own = UUID()
        let institution = Principal(tokenID: UUID(), tenantID: UUID(), role: .institution, subjectID: own)
        #expect(HazardAccess.reportedInstitution(institution, asked: nil) == (own, true))
        #expect(HazardAccess.reportedInstitution(institution, asked: own) == (own, true))
        #expect(HazardAccess.reportedInstitution(institution, asked: UUID()).allowed == false)
        let other = UUID()
        let regulator = Principal(tokenID: UUID(), tenantID: UUID(), role: .regulator, subjectID: nil)
        #expect(HazardAccess.reportedInstitution(regulator, asked: other) == (other, true))
        #expect(!HazardAccess.setsDeadline(institution))
        #expect(HazardAccess.setsDeadline(regulator))
    }
}

extension AccessPolicyTests {
    static func rating(_ owner: UUID, _ state: Rating.State) -> Rating {
        var rating = Rating(
            id: UUID(),
            institutionID: owner,
            scheme: .standard,
            scores: [:],
            evaluatedOn: "2026-12-01",
            operatingSince: nil,
            lastSeriousIncident: nil,
            circumstances: RatingCircumstances(
                blacklisted: false,
                operatingSince: nil,
                lastSeriousIncident: nil,
                previousLevel: nil,
                previousPublishedAt: nil
            ),
            now: Date()
        )
        rating.state = state
        return rating
    }

    static func entry(_ owner: UUID, _ state: BlacklistEntry.State) -> BlacklistEntry {
        var entry = BlacklistEntry(
            id: UUID(),
            institutionID: owner,
            reason: .unrectifiedFireHazard,
            facts: "事实",
            legalBasis: "依据",
            documents: [],
            proposedAt: Date()
        )
        entry.state = state
        return entry
    }

    @Test("ratings: the regulator's to compute and publish; an institution reads its own once published")
    func ratings() {
        PolicyTable<RatingAccess.Action>(
            actions: [
                "read_scheme": { _ in .readScheme },
                "set_scheme": { _ in .setScheme },
                "assess": { _ in .assess },
                "list": { _ in .list },
                "publish": { _ in .publish },
                "discard": { _ in .discard },
                "read_draft": { .read(Self.rating($0, .draft)) },
                "read_published": { .read(Self.rating($0, .published)) },
            ],
            decide: RatingAccess.decide,
            table: """
                               regulator  inspector  institution  platform_admin
                read_scheme    allow      hide       hide         hide
                set_scheme     allow      hide       hide         hide
                assess         allow      hide       hide         hide
                list           allow      hide       allow        hide
                publish        allow      hide       hide         hide
                discard        allow      hide       hide         hide
                read_draft     allow      hide       hide         hide
                read_published allow      hide       allow/hide   hide
                """
        ).check()
    }

    @Test("blacklist: regulators propose and decide; a notified institution objects or waives, never sees a bare proposal")
    func blacklist() {
        PolicyTable<BlacklistAccess.Action>(
            actions: [
                "read_policy": { _ in .readPolicy },
                "set_policy": { _ in .setPolicy },
                "propose": { _ in .propose },
                "list": { _ in .list },
                "read_proposed": { .read(Self.entry($0, .proposed)) },
                "read_notified": { .read(Self.entry($0, .notified)) },
                "notify": { .step(.notify, Self.entry($0, .proposed)) },
                "object": { .step(.object, Self.entry($0, .notified)) },
                "list_entry": { .step(.list, Self.entry($0, .notified)) },
            ],
            decide: BlacklistAccess.decide,
            table: """
                              regulator  inspector  institution   platform_admin
                read_policy   allow      hide       hide          hide
                set_policy    allow      hide       hide          hide
                propose       allow      hide       hide          hide
                list          allow      hide       allow         hide
                read_proposed allow      hide       hide          hide
                read_notified allow      hide       allow/hide    hide
                notify        allow      hide       hide          hide
                object        forbid     hide       allow/hide    hide
                list_entry    allow      hide       forbid/hide   hide
                """
        ).check()
    }

    @Test("draws are the regulator's alone; self-assessments the institution's own and the regulator's")
    func drawsAndSelfAssessments() {
        PolicyTable<DrawAccess.Action>(
            actions: ["plan": { _ in .plan }, "commit": { _ in .commit }, "read": { _ in .read }, "discard": { _ in .discard }],
            decide: DrawAccess.decide,
            table: """
                        regulator  inspector  institution  platform_admin
                plan    allow      hide       hide         hide
                commit  allow      hide       hide         hide
                read    allow      hide       hide         hide
                discard allow      hide       hide         hide
                """
        ).check()
        // Evidence: uploaded by its tenant's people; read by the regulator and the uploader
        // (reading through a record that names a file is that record's policy).
        PolicyTable<EvidenceAccess.Action>(
            actions: [
                "upload": { _ in .upload },
                "read_inspector_upload": { .read(uploadedBy: .inspector, subject: $0) },
                "read_institution_upload": { .read(uploadedBy: .institution, subject: $0) },
                "read_regulator_upload": { _ in .read(uploadedBy: .regulator, subject: nil) },
            ],
            decide: EvidenceAccess.decide,
            table: """
                                        regulator  inspector   institution  platform_admin
                upload                  allow      allow       allow        hide
                read_inspector_upload   allow      allow/hide  hide         hide
                read_institution_upload allow      hide        allow/hide   hide
                read_regulator_upload   allow      hide        hide         hide
                """
        ).check()
        let json = #"{"compliant":true,"score":100,"failed_codes":[],"failed_mandatory_codes":[],"sections":[]}"#
        let evaluation = try! JSONDecoder().decode(Inspection.Evaluation.self, from: Data(json.utf8))
        let assessment = { (owner: UUID) in
            SelfAssessment(
                id: UUID(),
                institutionID: owner,
                templateID: UUID(),
                templateVersionID: UUID(),
                results: [],
                evaluation: evaluation,
                submittedAt: Date()
            )
        }
        PolicyTable<SelfAssessmentAccess.Action>(
            actions: [
                "submit": { _ in .submit },
                "list": { _ in .list },
                "read": { .read(assessment($0)) },
                "compare": { .compare(assessment($0)) },
            ],
            decide: SelfAssessmentAccess.decide,
            table: """
                        regulator  inspector  institution  platform_admin
                submit  hide       hide       allow        hide
                list    allow      hide       allow        hide
                read    allow      hide       allow/hide   hide
                compare allow      hide       hide         hide
                """
        ).check()
    }
}

extension AccessPolicyTests {
    @Test("checklists: everyone in the tenant reads published versions; the regulator writes and reads drafts")
    func checklists() {
        PolicyTable<ChecklistAccess.Action>(
            actions: [
                "list_templates": { _ in .listTemplates },
                "read_template": { _ in .readTemplate },
                "create": { _ in .create },
                "save_draft": { _ in .saveDraft },
                "publish": { _ in .publish },
                "read_published": { _ in .readVersion(.published) },
                "read_draft": { _ in .readVersion(.draft) },
            ],
            decide: ChecklistAccess.decide,
            table: """
                               regulator  inspector  institution  platform_admin
                list_templates allow      allow      allow        hide
                read_template  allow      allow      allow        hide
                create         allow      hide       hide         hide
                save_draft     allow      hide       hide         hide
                publish        allow      hide       hide         hide
                read_published allow      allow      allow        hide
                read_draft     allow      hide       hide         hide
                """
        ).check()
    }

    @Test("inspectors and campaigns: the regulator's; an inspector reads its own record")
    func inspectorsAndCampaigns() {
        PolicyTable<InspectorAccess.Action>(
            actions: [
                "register": { _ in .register },
                "list": { _ in .list },
                "update": { _ in .update },
                "declare_conflict": { _ in .declareConflict },
                "read": { .read($0) },
            ],
            decide: InspectorAccess.decide,
            table: """
                                 regulator  inspector   institution  platform_admin
                register         allow      hide        hide         hide
                list             allow      hide        hide         hide
                update           allow      hide        hide         hide
                declare_conflict allow      hide        hide         hide
                read             allow      allow/hide  hide         hide
                """
        ).check()
        PolicyTable<CampaignAccess.Action>(
            actions: ["launch": { _ in .launch }, "progress": { _ in .progress }, "export": { _ in .exportHazards }],
            decide: CampaignAccess.decide,
            table: """
                         regulator  inspector  institution  platform_admin
                launch   allow      hide       hide         hide
                progress allow      hide       hide         hide
                export   allow      hide       hide         hide
                """
        ).check()
    }

    @Test("webhooks: a regulator manages the tenant's subscriptions; anyone else only its own")
    func webhooks() {
        PolicyTable<WebhookAccess.Action>(
            actions: [
                "subscribe": { _ in .subscribe },
                "list": { _ in .list },
                "manage_inspectors": { .manage(WebhookOwner(role: .inspector, id: $0)) },
                "manage_institutions": { .manage(WebhookOwner(role: .institution, id: $0)) },
                "manage_regulators": { _ in .manage(WebhookOwner(role: .regulator, id: nil)) },
            ],
            decide: WebhookAccess.decide,
            table: """
                                    regulator  inspector   institution  platform_admin
                subscribe           allow      allow       allow        hide
                list                allow      allow       allow        hide
                manage_inspectors   allow      allow/hide  hide         hide
                manage_institutions allow      hide        allow/hide   hide
                manage_regulators   allow      hide        hide         hide
                """
        ).check()
    }

    @Test("the regulator's tools and the platform's: tokens, indicators, the dashboard, tenants and jobs")
    func regulatorAndPlatform() {
        PolicyTable<RegulatorAccess.Action>(
            actions: [
                "indicators": { _ in .readIndicators }, "dashboard": { _ in .openDashboard },
                "issue_token": { _ in .issueToken }, "revoke_token": { _ in .revokeToken },
            ],
            decide: RegulatorAccess.decide,
            table: """
                             regulator  inspector  institution  platform_admin
                indicators   allow      hide       hide         hide
                dashboard    allow      hide       hide         hide
                issue_token  allow      hide       hide         hide
                revoke_token allow      hide       hide         hide
                """
        ).check()
        PolicyTable<PlatformAccess.Action>(
            actions: [
                "create_tenant": { _ in .createTenant }, "list_tenants": { _ in .listTenants },
                "list_jobs": { _ in .listJobs }, "steer_job": { _ in .steerJob },
            ],
            decide: PlatformAccess.decide,
            table: """
                              regulator  inspector  institution  platform_admin
                create_tenant hide       hide       hide         allow
                list_tenants  hide       hide       hide         allow
                list_jobs     allow      hide       hide         allow
                steer_job     allow      hide       hide         allow
                """
        ).check()
    }
}

extension AccessPolicyTests {
    /// A case linked to an inspection of inspector `owner`.
    static func caseRecord(_ owner: UUID) -> CaseAccess.Record {
        let record = Case(
            id: UUID(),
            number: "2026-000001",
            institutionID: owner,
            safety: false,
            description: "投诉",
            channel: .portal,
            receivedOn: "2026-11-02",
            acknowledgeBy: "2026-11-09",
            receivedAt: Date()
        )
        return CaseAccess.Record(record, inspectors: [owner])
    }

    @Test("cases: regulators handle them and alone see complainants; an assigned inspector reads; institutions see none")
    func cases() {
        PolicyTable<CaseAccess.Action>(
            actions: [
                "intake": { _ in .intake },
                "list": { _ in .list },
                "read": { .read(Self.caseRecord($0)) },
                "complainants": { .readComplainants(Self.caseRecord($0)) },
                "accept": { .step(.accept, Self.caseRecord($0)) },
                "conclude": { .step(.conclude, Self.caseRecord($0)) },
                "link": { .link(Self.caseRecord($0)) },
                "read_policy": { _ in .readPolicy },
                "set_policy": { _ in .setPolicy },
                "read_calendar": { _ in .readCalendar },
                "edit_calendar": { _ in .editCalendar },
            ],
            decide: CaseAccess.decide,
            table: """
                               regulator  inspector    institution   platform_admin
                intake         allow      hide         hide          hide
                list           allow      allow        hide          hide
                read           allow      allow/hide   hide          hide
                complainants   allow      forbid/hide  hide          hide
                accept         allow      forbid/hide  hide          hide
                conclude       allow      forbid/hide  hide          hide
                link           allow      forbid/hide  hide          hide
                read_policy    allow      hide         hide          hide
                set_policy     allow      hide         hide          hide
                read_calendar  allow      allow        allow         hide
                edit_calendar  allow      hide         hide          hide
                """
        ).check()
        #expect(CaseAccess.listScope(Principal(tokenID: UUID(), tenantID: UUID(), role: .institution, subjectID: UUID())) == .nothing)
    }

    @Test("a case assigned to a person: that person alone reads who complained; every regulator still handles its steps")
    func caseHandler() {
        let tenant = UUID()
        let handler = UUID()
        var record = Self.caseRecord(UUID())
        record.record.handlerAccountID = handler
        func decide(_ accountID: UUID?, _ action: CaseAccess.Action) -> AccessDecision {
            CaseAccess.decide(Principal(tokenID: UUID(), tenantID: tenant, role: .regulator, subjectID: nil, accountID: accountID), action)
        }
        #expect(decide(handler, .readComplainants(record)) == .allowed)
        #expect(decide(UUID(), .readComplainants(record)) != .allowed)
        #expect(decide(nil, .readComplainants(record)) != .allowed)
        #expect(decide(UUID(), .step(.conclude, record)) == .allowed)
        #expect(decide(nil, .read(record)) == .allowed)
        // Unassigned again (a unit, no person): the tenant's regulators read it again.
        record.record.handlerAccountID = nil
        #expect(decide(nil, .readComplainants(record)) == .allowed)
    }
}
