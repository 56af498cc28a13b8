-- Bearer tokens, stored only as SHA-256 of the secret.

CREATE TABLE api_tokens (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    role text NOT NULL CHECK (role IN ('regulator', 'inspector', 'institution')),
    subject_id uuid,
    description text NOT NULL DEFAULT '',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    -- inspector and institution tokens are bound to their record; regulator tokens are not
    CHECK ((role = 'regulator') = (subject_id IS NULL))
);

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_tokens
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE (revoked_at) ON api_tokens TO oversight_app;

-- Platform administrators belong to no tenant.
CREATE TABLE platform_tokens (
    id uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz
);
-- The service never reads platform_tokens directly, only through authenticate_token().

-- The one door through which an unauthenticated request finds its token: by hash only,
-- so it reveals nothing to a caller who does not hold the secret. SECURITY DEFINER runs
-- as the owner, which may read across tenants.
CREATE FUNCTION authenticate_token(hash bytea)
RETURNS TABLE (
    token_id uuid, tenant_id uuid, role text, subject_id uuid,
    expires_at timestamptz, revoked_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT p.id, NULL::uuid, 'platform_admin', NULL::uuid, p.expires_at, p.revoked_at
    FROM platform_tokens p WHERE p.token_hash = hash
    UNION ALL
    SELECT t.id, t.tenant_id, t.role, t.subject_id, t.expires_at, t.revoked_at
    FROM api_tokens t WHERE t.token_hash = hash
$$;
REVOKE ALL ON FUNCTION authenticate_token(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_token(bytea) TO oversight_app;

-- Platform tokens are minted by the CLI as the owner, or by a platform admin through this.
CREATE FUNCTION create_platform_token(token_id uuid, hash bytea, note text, expires timestamptz)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    INSERT INTO platform_tokens (id, token_hash, description, expires_at) VALUES (token_id, hash, note, expires)
$$;
REVOKE ALL ON FUNCTION create_platform_token(uuid, bytea, text, timestamptz) FROM PUBLIC;

-- Authenticates a request and scopes its transaction in one statement: returns the
-- token's principal and sets the transaction-local app.tenant_id, or returns no row
-- for an unknown, revoked or expired token. SECURITY INVOKER and without a SET clause,
-- so the setting outlives the call until the transaction ends.
CREATE FUNCTION begin_request(hash bytea)
RETURNS TABLE (token_id uuid, tenant_id uuid, role text, subject_id uuid)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    token_row record;
BEGIN
    SELECT * INTO token_row FROM authenticate_token(hash) AS a
    WHERE a.revoked_at IS NULL AND (a.expires_at IS NULL OR a.expires_at > now())
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('app.tenant_id', coalesce(token_row.tenant_id::text, ''), true);
    token_id := token_row.token_id;
    tenant_id := token_row.tenant_id;
    role := token_row.role;
    subject_id := token_row.subject_id;
    RETURN NEXT;
END
$$;
GRANT EXECUTE ON FUNCTION begin_request(bytea) TO oversight_app;
