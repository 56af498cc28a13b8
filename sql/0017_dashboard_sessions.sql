-- Dashboard sessions: signing in to /dashboard with a regulator token opens a session of
-- its own, so the cookie never holds the API token, and signing out ends the session on
-- the server (the API token stays valid for its other uses). Only the SHA-256 of the
-- cookie's secret is stored. Revoking or expiring the token ends its sessions as well.
CREATE TABLE dashboard_sessions (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    session_hash bytea NOT NULL UNIQUE CHECK (length(session_hash) = 32),
    token_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, token_id) REFERENCES api_tokens (tenant_id, id)
);

ALTER TABLE dashboard_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE dashboard_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON dashboard_sessions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- DELETE: signing in clears the token's ended and expired sessions (the audit log keeps
-- who signed in and out).
GRANT SELECT, INSERT, UPDATE (ended_at), DELETE ON dashboard_sessions TO oversight_app;

-- The session's principal by the hash of its secret, across tenants (SECURITY DEFINER,
-- like authenticate_token): only a live session of a live token.
CREATE FUNCTION authenticate_session(hash bytea)
RETURNS TABLE (session_id uuid, token_id uuid, tenant_id uuid, role text, subject_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT s.id, t.id, t.tenant_id, t.role, t.subject_id
    FROM dashboard_sessions s JOIN api_tokens t ON t.tenant_id = s.tenant_id AND t.id = s.token_id
    WHERE s.session_hash = hash AND s.ended_at IS NULL AND s.expires_at > now()
      AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
$$;
REVOKE ALL ON FUNCTION authenticate_session(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_session(bytea) TO oversight_app;

-- As begin_request, for a session: returns its principal and scopes the transaction to
-- its tenant, or returns no row.
CREATE FUNCTION begin_session(hash bytea)
RETURNS TABLE (session_id uuid, token_id uuid, tenant_id uuid, role text, subject_id uuid)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    found_row record;
BEGIN
    SELECT * INTO found_row FROM authenticate_session(hash) LIMIT 1;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('app.tenant_id', found_row.tenant_id::text, true);
    session_id := found_row.session_id;
    token_id := found_row.token_id;
    tenant_id := found_row.tenant_id;
    role := found_row.role;
    subject_id := found_row.subject_id;
    RETURN NEXT;
END
$$;
GRANT EXECUTE ON FUNCTION begin_session(bytea) TO oversight_app;
