-- One line per new tenant table: `SELECT enable_tenant_isolation('things');` enables and
-- forces row-level security with the `tenant_isolation` policy every tenant table has
-- (rows of the current tenant only, for reading and for writing), and grants the app
-- role the privileges it needs (SELECT, INSERT and UPDATE unless told otherwise).
-- Migrations before this one wrote the same four statements by hand and stay as landed.
CREATE FUNCTION enable_tenant_isolation(target regclass, privileges text[] DEFAULT '{SELECT,INSERT,UPDATE}')
RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    privilege text;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped
    ) THEN
        RAISE EXCEPTION '% has no tenant_id column', target USING ERRCODE = '42703';
    END IF;
    IF cardinality(privileges) = 0 THEN
        RAISE EXCEPTION 'name at least one privilege for the app role' USING ERRCODE = '22023';
    END IF;
    FOREACH privilege IN ARRAY privileges LOOP
        IF privilege NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE') THEN
            RAISE EXCEPTION 'not a table privilege for the app role: %', privilege USING ERRCODE = '22023';
        END IF;
    END LOOP;
    -- regclass prints as a quoted, schema-qualified-when-needed name: safe in format('%s').
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())',
        target
    );
    EXECUTE format('GRANT %s ON %s TO oversight_app', array_to_string(privileges, ', '), target);
END
$$;

REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass, text[]) FROM PUBLIC;
