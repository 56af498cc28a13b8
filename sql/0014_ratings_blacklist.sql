-- Star ratings (GB/T 37276) and the credit blacklist. Each rating and blacklist entry is
-- kept as its domain document (`doc`, written only by the service) beside the columns
-- that queries, constraints and the periodic jobs use.

CREATE TABLE tenant_policies (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
    rating_scheme jsonb,
    blacklist_policy jsonb,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ratings (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'published', 'suspended', 'expired', 'superseded')),
    level integer CHECK (level BETWEEN 1 AND 10),
    published_at timestamptz,
    valid_until timestamptz,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);
-- one current (published or suspended) rating per institution
CREATE UNIQUE INDEX ratings_current ON ratings (tenant_id, institution_id) WHERE state IN ('published', 'suspended');
CREATE INDEX ratings_institution ON ratings (tenant_id, institution_id, id);
CREATE INDEX ratings_expiring ON ratings (tenant_id, valid_until) WHERE state = 'published';

CREATE TABLE blacklist_entries (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('proposed', 'notified', 'listed', 'removed', 'withdrawn')),
    reason text NOT NULL,
    objection_deadline timestamptz,
    listed_until timestamptz,
    -- the record that caused an automatic proposal (a hazard): one proposal per source
    source_id uuid,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);
CREATE UNIQUE INDEX blacklist_source ON blacklist_entries (tenant_id, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX blacklist_state ON blacklist_entries (tenant_id, state, id);
CREATE INDEX blacklist_institution ON blacklist_entries (tenant_id, institution_id, id);

-- Each step of an entry: who, when, why.
CREATE TABLE blacklist_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    text text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES blacklist_entries (tenant_id, id)
);
CREATE INDEX blacklist_steps_entry ON blacklist_steps (tenant_id, entry_id, id);

ALTER TABLE tenant_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_policies
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON tenant_policies TO oversight_app;

ALTER TABLE ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE ratings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ratings
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON ratings TO oversight_app;

ALTER TABLE blacklist_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE blacklist_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blacklist_entries
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON blacklist_entries TO oversight_app;

ALTER TABLE blacklist_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE blacklist_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blacklist_steps
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON blacklist_steps TO oversight_app;
