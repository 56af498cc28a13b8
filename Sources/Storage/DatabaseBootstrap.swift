import Postgres

/// Roles and database creation. Role and database names are fixed by the migrations
/// (`oversight_owner`, `oversight_app`); passwords are quoted by the server's `format`.
public enum DatabaseBootstrap {
    public static func initialize(
        _ client: LibpqPool,
        database: String,
        ownerPassword: String,
        appPassword: String
    )
        async throws
    {
        try await client.withConnection { connection in
            // The owner runs migrations and owns every object; BYPASSRLS lets its SECURITY
            // DEFINER functions (token lookup) see across tenants. The app role owns nothing.
            let roles: [(String, String, String)] = [
                ("oversight_owner", ownerPassword, "LOGIN NOSUPERUSER BYPASSRLS"),
                ("oversight_app", appPassword, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
            ]
            for (role, password, attributes) in roles {
                let exists = try await connection.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)")
                let verb = exists.isEmpty ? "CREATE" : "ALTER"
                let statement = try await connection.query(
                    "SELECT format('%s ROLE %I WITH %s PASSWORD %L', \(verb)::text, \(role)::text, \(attributes)::text, \(password)::text)"
                )
                try await connection.execute(unsafeSQL: try statement[0].decode(0, as: String.self))
            }
            let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(database)")
            if exists.isEmpty {
                let statement = try await connection.query(
                    "SELECT format('CREATE DATABASE %I OWNER oversight_owner ENCODING ''UTF8'' TEMPLATE template0', \(database)::text)"
                )
                try await connection.execute(unsafeSQL: try statement[0].decode(0, as: String.self))
            }
        }
    }
}
