import Domain
import Foundation
import Postgres
import Storage
import UseCases

/// The demo tenant (`demo`) with a dozen realistic institutions, created once.
enum DemoSeed {
    static let slug = "demo"

    /// Seeds what is missing; returns the institution and the inspector the demo tokens bind to.
    static func seed(_ client: LibpqPool) async throws -> (institution: UUID, inspector: UUID) {
        let database = Database(client: client)
        let tenants = TenantStore(database: database)
        let tenant: Tenant
        if let existing = try await tenants.find(slug: self.slug) {
            tenant = existing
        } else {
            tenant = try await tenants.create(slug: self.slug, name: "示范市民政局 (Demo City Civil Affairs Bureau)")
        }
        let useCases = UseCaseDependencies(database: database)
        let institution = try await database.withTenant(tenant.id) { try await self.seedInstitutions($0, useCases) }
        let inspector = try await database.withTenant(tenant.id) { try await self.seedInspectors($0, useCases) }
        try await database.withTenant(tenant.id) { try await self.seedComplaints($0, useCases, institution: institution) }
        try await database.withTenant(tenant.id) { try await self.seedOnSite($0, useCases, institution: institution, inspector: inspector) }
        return (institution, inspector)
    }

    /// The demo sign-ins of the pages, made once: a regulator (with TOTP), an inspector and
    /// an institution's staff member, all with `password`. Returns the regulator's TOTP
    /// secret in base32 (`nil` when the accounts existed already: dev.env has it).
    static func seedAccounts(
        _ database: Database,
        secrets: WebhookSecrets,
        password: String,
        institution: UUID,
        inspector: UUID
    ) async throws -> String? {
        guard let tenant = try await TenantStore(database: database).find(slug: self.slug) else { return nil }
        let accounts = AccountUseCases(UseCaseDependencies(database: database, webhookSecrets: secrets))
        let people: [NewAccount] = [
            NewAccount(login: "demo.regulator", displayName: "王丽（监管科）", role: .regulator, subjectID: nil),
            NewAccount(login: "demo.inspector", displayName: "李强（检查员）", role: .inspector, subjectID: inspector),
            NewAccount(login: "demo.institution", displayName: "张敏（机构管理员）", role: .institution, subjectID: institution),
        ]
        var totpSecret: String?
        for person in people {
            guard try await database.withoutTenant({ try await AccountStore().findSignIn($0, login: person.login) }) == nil else { continue }
            let invited = try await database.withTenant(tenant.id) { try await accounts.invite(Caller(job: "demo", $0), person) }
            let view = try await accounts.invitation(secret: invited.secret)
            let secret = view?.totpSecret.flatMap(Base32.decode)
            let code = secret.map { TOTP.code(secret: $0, step: TOTP.step(at: Date()) - 1) } ?? ""
            _ = try await accounts.accept(secret: invited.secret, password: password, passwordAgain: password, code: code)
            if let base32 = view?.totpSecret { totpSecret = base32 }
        }
        return totpSecret
    }

    /// Two complaints, created once: a named one from the hotline about a safety matter
    /// (accepted), and an anonymous letter about an institution not matched to the register.
    static func seedComplaints(_ transaction: TenantTransaction, _ useCases: UseCaseDependencies, institution: UUID) async throws {
        guard try await CaseStore().list(transaction, filter: CaseFilter(), after: nil, limit: 1).items.isEmpty else { return }
        let caller = Caller(job: "seed", transaction)
        let complaints = ComplaintUseCases(useCases)
        let hotline = ComplaintIntake(
            channel: .hotline,
            institutionID: institution,
            institutionText: nil,
            content: "家属反映：夜间只有一名护理员值班，老人按呼叫铃长时间无人应答。",
            safety: true,
            name: "张女士（演示）",
            contact: "138-0000-0000"
        )
        let first = try await complaints.intake(caller, hotline)
        _ = try await CaseUseCases(useCases).step(caller, .accept, id: first.caseID, CaseStepInput())
        let letter = ComplaintIntake(
            channel: .lettersVisits,
            institutionID: nil,
            institutionText: "浑南区某养老院",
            content: "来信反映：伙食费上涨未提前公示，也未征求老人和家属意见。",
            safety: false,
            name: nil,
            contact: nil
        )
        _ = try await complaints.intake(caller, letter)
    }

    /// The demo inspector's assignment for the day the demo first runs, and a hazard for
    /// the demo institution to rectify: what the phone's and the institution's pages show.
    static func seedOnSite(_ transaction: TenantTransaction, _ useCases: UseCaseDependencies, institution: UUID, inspector: UUID) async throws {
        guard try await InspectionStore().list(transaction, filter: InspectionFilter(inspectorID: inspector), after: nil, limit: 1).items.isEmpty
        else { return }
        let caller = Caller(job: "seed", transaction)
        let today = CalendarDate.string(from: Date(), in: nil)
        _ = try await InspectionUseCases(useCases).schedule(
            caller,
            NewInspection(institutionID: institution, checklistTemplateVersionID: nil, scheduledOn: today, inspectorIDs: [inspector])
        )
        let report = HazardUseCases.Report(
            institutionID: institution,
            catalogueCode: "M3-01",
            category: nil,
            major: nil,
            fireRelated: nil,
            location: "二楼东侧",
            description: "疏散通道堆放杂物（演示）",
            evidence: nil,
            deadline: CalendarDate.string(from: Date().addingTimeInterval(30 * 86_400), in: nil),
            responsiblePerson: "张敏",
            campaignID: nil
        )
        _ = try await HazardUseCases(useCases).report(caller, report)
    }

    /// Six inspectors of the pool (two per district pair), created once.
    static func seedInspectors(_ transaction: TenantTransaction, _ useCases: UseCaseDependencies) async throws -> UUID {
        let store = InspectorStore()
        if let first = try await store.list(transaction, district: nil, active: nil, after: nil, limit: 1).items.first {
            return first.id
        }
        // No demo inspector shares a name with a demo legal representative: a draw would look
        // like a conflict of interest.
        let names = ["李明", "张华", "何晓东", "高欣", "赵磊", "孙丽"]
        let districts = [["和平区", "沈河区"], ["和平区", "沈河区"], ["皇姑区", "大东区"], ["皇姑区", "大东区"], [], []]
        var ids: [UUID] = []
        for (index, name) in names.enumerated() {
            var fields = InspectorFields()
            fields.name = name
            fields.certificateNumber = String(format: "辽民执字 2026%04d", 101 + index)
            fields.districts = districts[index]
            let inspector = try await InspectorUseCases(useCases).register(Caller(job: "seed", transaction), fields)
            ids.append(inspector.id)
        }
        return ids[0]
    }

    /// Registered as the API registers them (audited, announced).
    static func seedInstitutions(_ transaction: TenantTransaction, _ useCases: UseCaseDependencies) async throws -> UUID {
        let store = InstitutionStore()
        let existing = try await store.list(transaction, filter: InstitutionFilter(), after: nil, limit: 1)
        if let first = existing.items.first { return first.id }
        var firstID: UUID? = nil
        for (index, row) in self.institutions.enumerated() {
            let prefix = "52210102MJ" + String(format: "%07d", 1_000_123 + index * 7919)
            var fields = InstitutionFields()
            fields.name = row.name
            fields.creditCode = CreditCode.complete(String(prefix.prefix(17)))
            fields.operatorType = row.type
            fields.district = row.district
            fields.address = row.address
            fields.status = row.status
            fields.beds = row.beds
            fields.nursingBeds = row.nursing
            fields.residents = row.residents
            fields.staff = row.staff
            fields.legalRepresentative = row.representative
            fields.contactPhone = String(format: "024-8%03d-%04d", 100 + index, 2000 + index * 37)
            let institution = try await InstitutionUseCases(useCases).register(Caller(job: "seed", transaction), fields)
            if firstID == nil { firstID = institution.id }
        }
        return firstID!
    }

    struct Row {
        var name: String
        var type: Institution.OperatorType
        var district: String
        var address: String
        var status: Institution.Status
        var beds: Int
        var nursing: Int
        var residents: Int
        var staff: Int
        var representative: String
    }

    static let institutions: [Row] = [
        Row(
            name: "和平区社会福利院",
            type: .public,
            district: "和平区",
            address: "和平区南京南街 25 号",
            status: .operating,
            beds: 320,
            nursing: 180,
            residents: 276,
            staff: 96,
            representative: "王建国"
        ),
        Row(
            name: "沈河区颐养中心",
            type: .publicBuiltPrivateRun,
            district: "沈河区",
            address: "沈河区青年大街 118 号",
            status: .operating,
            beds: 210,
            nursing: 120,
            residents: 168,
            staff: 58,
            representative: "李秀兰"
        ),
        Row(
            name: "皇姑区康乐老年公寓",
            type: .private,
            district: "皇姑区",
            address: "皇姑区黄河北大街 56 号",
            status: .operating,
            beds: 96,
            nursing: 30,
            residents: 81,
            staff: 22,
            representative: "张伟"
        ),
        Row(
            name: "铁西区夕阳红养老院",
            type: .private,
            district: "铁西区",
            address: "铁西区北二路 77 号",
            status: .operating,
            beds: 150,
            nursing: 60,
            residents: 133,
            staff: 35,
            representative: "刘洋"
        ),
        Row(
            name: "大东区福寿园护理院",
            type: .private,
            district: "大东区",
            address: "大东区东望街 9 号",
            status: .operating,
            beds: 180,
            nursing: 150,
            residents: 160,
            staff: 61,
            representative: "陈静"
        ),
        Row(
            name: "浑南区智慧养老服务中心",
            type: .publicBuiltPrivateRun,
            district: "浑南区",
            address: "浑南区智慧二街 15 号",
            status: .operating,
            beds: 260,
            nursing: 140,
            residents: 190,
            staff: 70,
            representative: "杨帆"
        ),
        Row(
            name: "于洪区敬老院",
            type: .public,
            district: "于洪区",
            address: "于洪区沈新路 201 号",
            status: .operating,
            beds: 120,
            nursing: 48,
            residents: 97,
            staff: 28,
            representative: "赵敏"
        ),
        Row(
            name: "苏家屯区农村特困供养中心",
            type: .public,
            district: "苏家屯区",
            address: "苏家屯区枫杨路 3 号",
            status: .operating,
            beds: 140,
            nursing: 56,
            residents: 88,
            staff: 30,
            representative: "周强"
        ),
        Row(
            name: "沈北新区安康老年之家",
            type: .private,
            district: "沈北新区",
            address: "沈北新区蒲河大道 88 号",
            status: .suspended,
            beds: 60,
            nursing: 12,
            residents: 0,
            staff: 4,
            representative: "吴磊"
        ),
        Row(
            name: "和平区长白医养结合中心",
            type: .private,
            district: "和平区",
            address: "和平区长白西路 31 号",
            status: .operating,
            beds: 200,
            nursing: 170,
            residents: 185,
            staff: 80,
            representative: "郑丽"
        ),
        Row(
            name: "辽中区乡村幸福院",
            type: .public,
            district: "辽中区",
            address: "辽中区茨榆坨镇中心街 6 号",
            status: .operating,
            beds: 45,
            nursing: 10,
            residents: 38,
            staff: 9,
            representative: "孙波"
        ),
        Row(
            name: "新民市金秋托养中心",
            type: .private,
            district: "新民市",
            address: "新民市辽河大街 140 号",
            status: .closed,
            beds: 80,
            nursing: 20,
            residents: 0,
            staff: 0,
            representative: "冯雪"
        ),
    ]
}
