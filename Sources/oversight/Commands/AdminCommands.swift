import ArgumentParser
import Domain
import Foundation
import Postgres
import Storage
import UseCases

/// Runs `body` with a client for the owner role, shutting it down afterwards.
///
/// With no DATABASE_* in the environment, the default is the embedded cluster of
/// `oversight dev` under `.data/`; it is started for the command if it is not running.
func withOwnerClient<T>(_ body: (LibpqPool) async throws -> T) async throws -> T {
    var embedded: EmbeddedPostgres? = nil
    let environment = ProcessInfo.processInfo.environment
    if environment["DATABASE_OWNER_URL"] == nil && environment["DATABASE_URL"] == nil {
        var cluster = EmbeddedPostgres(dataDirectory: ".data")
        if cluster.isInitialized && !cluster.isRunning() {
            try cluster.start()
            embedded = cluster
        }
    }
    defer { embedded?.stop() }
    let client = LibpqPool(connectionString: try Configuration().ownerURL(), maxConnections: 2)
    do {
        let value = try await body(client)
        try await client.shutdown()
        return value
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// `oversight tenant create --slug S --name N`: prints the tenant as JSON.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage tenants.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print it as JSON.")
        @Option var slug: String
        @Option var name: String
        @Option(help: "Slug of the parent tenant (a province over its cities).") var parent: String?

        func run() async throws {
            let tenant = try await withOwnerClient { client in
                let store = TenantStore(database: Database(client: client))
                var parentID: UUID? = nil
                if let parent = self.parent {
                    guard let found = try await store.find(slug: parent) else { throw ValidationError("no tenant \(parent)") }
                    parentID = found.id
                }
                return try await store.create(slug: self.slug, name: self.name, parentID: parentID)
            }
            print(String(decoding: try JSONCoding.encoder.encode(tenant), as: UTF8.self))
        }
    }
}

/// `oversight token create --tenant S --role R [--subject UUID] [--expires-in DAYS]`: prints only the token.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue tokens.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token and print it (shown once).",
            discussion: """
                regulator, inspector and institution tokens belong to one tenant (--tenant).
                A platform_admin token belongs to no tenant: it lists and creates every
                tenant and can retry or cancel any tenant's jobs, so it is issued only with
                --platform and never with --tenant.
                """
        )
        @Option(help: "Tenant slug (regulator, inspector and institution tokens).") var tenant: String?
        @Option(help: "regulator, inspector, institution, or platform_admin (with --platform).") var role: String
        @Flag(help: "Issue a platform_admin token, which serves every tenant.") var platform = false
        @Option(help: "The inspector or institution id the token is bound to.") var subject: String?
        @Option(name: .customLong("expires-in"), help: "Days until the token expires.") var expiresIn: Int?

        func run() async throws {
            guard let role = Role(rawValue: self.role) else { throw ValidationError("unknown role \(self.role)") }
            if let problem = Self.scopeProblem(role: role, tenant: self.tenant, platform: self.platform) {
                throw ValidationError(problem)
            }
            let subject = try self.subject.map { text -> UUID in
                guard let id = UUID(uuidString: text) else { throw ValidationError("--subject must be a UUID") }
                return id
            }
            if let days = self.expiresIn, days < 1 { throw ValidationError("--expires-in must be at least 1") }
            let expiresAt = self.expiresIn.map { Date().addingTimeInterval(Double($0) * 86_400) }
            let token = try await withOwnerClient { client in
                try await issueToken(
                    client: client,
                    tenantSlug: self.tenant,
                    role: role,
                    subject: subject,
                    expiresAt: expiresAt,
                    description: "issued by the CLI"
                )
            }
            print(token)
        }

        /// Why this role, tenant and flag do not go together: a platform token is never
        /// scoped by --tenant (it would silently serve every tenant), and is asked for
        /// explicitly.
        static func scopeProblem(role: Role, tenant: String?, platform: Bool) -> String? {
            if role == .platformAdmin {
                if tenant != nil {
                    return "a platform_admin token serves every tenant and cannot be limited by --tenant; "
                        + "give --tenant with regulator, inspector or institution, or --platform alone for platform_admin"
                }
                if !platform { return "a platform_admin token serves every tenant: add --platform to issue one" }
                return nil
            }
            if platform { return "--platform is only for --role platform_admin" }
            if tenant == nil { return "--tenant is required for \(role.rawValue) tokens" }
            return nil
        }
    }
}

/// Issues a token as the owner role (CLI and dev seeding).
func issueToken(
    client: LibpqPool,
    tenantSlug: String?,
    role: Role,
    subject: UUID?,
    expiresAt: Date?,
    description: String
) async throws -> String {
    let database = Database(client: client)
    if role == .platformAdmin {
        return try await database.withoutTenant { connection in
            try await TokenStore.createPlatformToken(connection, description: description, expiresAt: expiresAt)
        }
    }
    guard let tenantSlug else { throw ValidationError("--tenant is required for \(role.rawValue) tokens") }
    guard let tenant = try await TenantStore(database: database).find(slug: tenantSlug) else {
        throw ValidationError("no tenant \(tenantSlug)")
    }
    return try await database.withTenant(tenant.id) { transaction in
        try await TokenUseCases(UseCaseDependencies(database: database)).mint(
            Caller(job: "cli", transaction),
            role: role,
            subjectID: subject,
            description: description,
            expiresAt: expiresAt
        ).token
    }
}
