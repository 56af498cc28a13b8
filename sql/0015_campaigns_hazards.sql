-- Fire-safety campaigns and hazard rectification. Hazards and campaigns are kept as
-- their domain documents beside the columns that queries and the daily job use.

ALTER TABLE tenant_policies ADD COLUMN hazard_policy jsonb;

CREATE TABLE hazard_catalogue (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);

CREATE TABLE campaigns (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE campaign_institutions (
    tenant_id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    institution_id uuid NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, campaign_id, institution_id),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);
CREATE INDEX campaign_institutions_institution ON campaign_institutions (tenant_id, institution_id);

CREATE TABLE hazards (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    campaign_id uuid,
    finding_id uuid,
    state text NOT NULL CHECK (state IN ('open', 'rectifying', 'rectified', 'verified', 'closed')),
    deadline date NOT NULL,
    major boolean NOT NULL,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);
-- one hazard per inspection finding
CREATE UNIQUE INDEX hazards_finding ON hazards (tenant_id, finding_id) WHERE finding_id IS NOT NULL;
CREATE INDEX hazards_institution ON hazards (tenant_id, institution_id, id);
CREATE INDEX hazards_campaign ON hazards (tenant_id, campaign_id, id);
CREATE INDEX hazards_unsettled ON hazards (tenant_id, deadline) WHERE state NOT IN ('verified', 'closed');

CREATE TABLE hazard_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    hazard_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    text text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, hazard_id) REFERENCES hazards (tenant_id, id)
);
CREATE INDEX hazard_steps_hazard ON hazard_steps (tenant_id, hazard_id, id);

ALTER TABLE hazard_catalogue ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_catalogue FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazard_catalogue
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON hazard_catalogue TO oversight_app;

ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON campaigns
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON campaigns TO oversight_app;

ALTER TABLE campaign_institutions ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_institutions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON campaign_institutions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON campaign_institutions TO oversight_app;

ALTER TABLE hazards ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazards FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazards
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON hazards TO oversight_app;

ALTER TABLE hazard_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazard_steps
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON hazard_steps TO oversight_app;
