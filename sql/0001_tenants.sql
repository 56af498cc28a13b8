-- Tenants (a regulator's jurisdiction) and the row-level-security helper every tenant table uses.
-- Roles: migrations run as the owner; the service connects as a member of oversight_app,
-- which owns nothing and has no BYPASSRLS (created by `oversight db init`).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The tenant of the current transaction, or NULL when none is set. NULLIF turns the empty
-- string a pooled session keeps after a transaction-local set_config into NULL, so a
-- forgotten tenant yields zero rows rather than a cast error.
CREATE FUNCTION current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    parent_id uuid REFERENCES tenants (id),
    settings jsonb NOT NULL DEFAULT '{"time_zone": "Asia/Shanghai"}',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The register of jurisdictions is not tenant-owned data: names and slugs are public.
GRANT SELECT, INSERT ON tenants TO oversight_app;
GRANT EXECUTE ON FUNCTION current_tenant_id() TO oversight_app;

-- /ready compares the applied migrations with the shipped ones.
GRANT SELECT ON schema_migrations TO oversight_app;
