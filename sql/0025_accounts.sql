-- Accounts for people (regulators' staff, inspectors, institutions' staff), apart from
-- API tokens for systems. A regulator invites a person by a one-time link (only the
-- SHA-256 of its secret is kept); the person sets a password (scrypt, see
-- Domain/Accounts/PasswordHash.swift) and, for a regulator, enrols a second factor
-- (TOTP, its secret sealed under OVERSIGHT_SECRET_KEY). Sign-ins, failures, lockouts and
-- sign-outs go to the audit log; a person's sign-in history is read from there.
CREATE TABLE accounts (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    -- One sign-in form for every tenant: a login is unique across tenants.
    login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role text NOT NULL CHECK (role IN ('regulator', 'inspector', 'institution')),
    -- The inspector or institution record the account acts for (checked by the service).
    subject_id uuid,
    password_hash text,
    totp_secret text,
    totp_last_step bigint,
    failed_count int NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until timestamptz,
    invite_hash bytea UNIQUE CHECK (length(invite_hash) = 32),
    invite_expires_at timestamptz,
    invited_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    disabled_at timestamptz,
    version int NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    CHECK ((role = 'regulator') = (subject_id IS NULL)),
    -- Active accounts have a password; a regulator's also has its second factor.
    CHECK (activated_at IS NULL OR (password_hash IS NOT NULL AND (role <> 'regulator' OR totp_secret IS NOT NULL)))
);

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT,
    UPDATE (password_hash, totp_secret, totp_last_step, failed_count, locked_until, invite_hash, invite_expires_at,
            activated_at, disabled_at, version)
    ON accounts TO oversight_app;

-- Recovery codes for a lost second factor: SHA-256 only, each used once.
CREATE TABLE account_recovery_codes (
    tenant_id uuid NOT NULL,
    account_id uuid NOT NULL,
    code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at timestamptz,
    PRIMARY KEY (tenant_id, account_id, code_hash),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
ALTER TABLE account_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_recovery_codes
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE (used_at), DELETE ON account_recovery_codes TO oversight_app;

-- Server-side sessions of people: the cookie holds a secret whose SHA-256 is kept here.
-- A session ends when signed out, after SignInRules.idleTimeout unused, at expires_at
-- (its absolute lifetime), or when its account is disabled.
CREATE TABLE account_sessions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    session_hash bytea NOT NULL UNIQUE CHECK (length(session_hash) = 32),
    account_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX account_sessions_account ON account_sessions (tenant_id, account_id);
ALTER TABLE account_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_sessions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- DELETE: signing in clears the account's ended and expired sessions (the audit log keeps
-- who signed in and out).
GRANT SELECT, INSERT, UPDATE (last_seen_at, ended_at), DELETE ON account_sessions TO oversight_app;

-- The audit trail names the person as well as the session (actor_token_id).
ALTER TABLE audit_log ADD COLUMN actor_account_id uuid;

-- The sign-in form knows only a login: its account's tenant and password hash, across
-- tenants (SECURITY DEFINER, like authenticate_token). Nothing else is read before the
-- password is checked.
CREATE FUNCTION find_sign_in(wanted text)
RETURNS TABLE (tenant_id uuid, account_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT a.tenant_id, a.id, a.password_hash FROM accounts a
    WHERE a.login = lower(wanted) AND a.activated_at IS NOT NULL AND a.disabled_at IS NULL
$$;
REVOKE ALL ON FUNCTION find_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_sign_in(text) TO oversight_app;

-- An invitation by the hash of its link's secret: the account's tenant, if still open.
CREATE FUNCTION find_invitation(hash bytea)
RETURNS TABLE (tenant_id uuid, account_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT a.tenant_id, a.id FROM accounts a
    WHERE a.invite_hash = hash AND a.invite_expires_at > now() AND a.activated_at IS NULL AND a.disabled_at IS NULL
$$;
REVOKE ALL ON FUNCTION find_invitation(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_invitation(bytea) TO oversight_app;

-- A live session by the hash of its cookie's secret, across tenants.
CREATE FUNCTION authenticate_account_session(hash bytea, idle_seconds double precision)
RETURNS TABLE (
    session_id uuid, account_id uuid, tenant_id uuid, role text, subject_id uuid, display_name text, last_seen_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT s.id, a.id, a.tenant_id, a.role, a.subject_id, a.display_name, s.last_seen_at
    FROM account_sessions s JOIN accounts a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
    WHERE s.session_hash = hash AND s.ended_at IS NULL AND s.expires_at > now()
      AND s.last_seen_at > now() - make_interval(secs => idle_seconds) AND a.disabled_at IS NULL
$$;
REVOKE ALL ON FUNCTION authenticate_account_session(bytea, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_account_session(bytea, double precision) TO oversight_app;

-- As begin_request, for a person's session: returns its principal, scopes the transaction
-- to its tenant and marks the session used (at most once a minute, to spare writes).
CREATE FUNCTION begin_account_session(hash bytea, idle_seconds double precision)
RETURNS TABLE (session_id uuid, account_id uuid, tenant_id uuid, role text, subject_id uuid, display_name text)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    found_row record;
BEGIN
    SELECT * INTO found_row FROM authenticate_account_session(hash, idle_seconds) LIMIT 1;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('app.tenant_id', found_row.tenant_id::text, true);
    IF found_row.last_seen_at < now() - interval '1 minute' THEN
        UPDATE account_sessions SET last_seen_at = now()
        WHERE account_sessions.tenant_id = found_row.tenant_id AND account_sessions.id = found_row.session_id;
    END IF;
    session_id := found_row.session_id;
    account_id := found_row.account_id;
    tenant_id := found_row.tenant_id;
    role := found_row.role;
    subject_id := found_row.subject_id;
    display_name := found_row.display_name;
    RETURN NEXT;
END
$$;
GRANT EXECUTE ON FUNCTION begin_account_session(bytea, double precision) TO oversight_app;

-- The dashboard signs in with an account now; its token sessions go.
DROP FUNCTION begin_session(bytea);
DROP FUNCTION authenticate_session(bytea);
DROP TABLE dashboard_sessions;
