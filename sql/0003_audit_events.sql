-- The audit trail (append-only for the service) and the transactional event outbox.

CREATE TABLE audit_log (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    before jsonb,
    after jsonb,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id, id);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- No UPDATE or DELETE: the trail may end up as evidence.
GRANT SELECT, INSERT ON audit_log TO oversight_app;

CREATE TABLE events (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    type text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_.]+$'),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    subjects jsonb NOT NULL DEFAULT '{}',
    data jsonb NOT NULL DEFAULT '{}',
    published_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX events_unpublished ON events (tenant_id, id) WHERE published_at IS NULL;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE (published_at) ON events TO oversight_app;
