-- Inspections against checklist versions, their results and findings, and institutions'
-- self-assessments. Template versions may be national (no tenant) or the tenant's own,
-- so `template_version_id` is checked by the service rather than by a foreign key.

CREATE TABLE inspections (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    template_id uuid NOT NULL,
    template_version_id uuid NOT NULL,
    -- the standard of the template at creation, e.g. 'GB 38600-2019'
    standard text,
    draw_id uuid,
    scheduled_on date NOT NULL,
    state text NOT NULL CHECK (state IN ('planned', 'in_progress', 'submitted', 'reviewed', 'published')),
    -- written on submission, from the results
    evaluation jsonb,
    compliant boolean,
    return_reason text,
    reviewed_at timestamptz,
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);
CREATE INDEX inspections_institution ON inspections (tenant_id, institution_id, reviewed_at DESC);
CREATE INDEX inspections_state ON inspections (tenant_id, state, id);
CREATE INDEX inspections_draw ON inspections (tenant_id, draw_id) WHERE draw_id IS NOT NULL;

CREATE TABLE inspection_inspectors (
    tenant_id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    inspector_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, inspection_id, inspector_id),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id),
    FOREIGN KEY (tenant_id, inspector_id) REFERENCES inspectors (tenant_id, id)
);
CREATE INDEX inspection_inspectors_inspector ON inspection_inspectors (tenant_id, inspector_id, inspection_id);

CREATE TABLE inspection_results (
    tenant_id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    item_code text NOT NULL,
    result text NOT NULL CHECK (result IN ('pass', 'fail', 'not_applicable')),
    note text NOT NULL DEFAULT '',
    attachments jsonb NOT NULL DEFAULT '[]',
    finding jsonb,
    recorded_by uuid,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, inspection_id, item_code),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id)
);

-- Who took each step, and when (the audit log holds the full before/after).
CREATE TABLE inspection_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    reason text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id)
);
CREATE INDEX inspection_steps_inspection ON inspection_steps (tenant_id, inspection_id, id);

-- Findings of a reviewed inspection. `hazard_id` is the hook for the campaign work: a
-- fire-related finding with no hazard yet is one to turn into a hazard.
CREATE TABLE inspection_findings (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    institution_id uuid NOT NULL,
    item_code text NOT NULL,
    description text NOT NULL,
    major boolean NOT NULL,
    fire_related boolean NOT NULL,
    hazard_category text,
    hazard_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT inspection_findings_unique UNIQUE (tenant_id, inspection_id, item_code),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id)
);
CREATE INDEX inspection_findings_open ON inspection_findings (tenant_id, id) WHERE hazard_id IS NULL;

CREATE TABLE self_assessments (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    template_id uuid NOT NULL,
    template_version_id uuid NOT NULL,
    results jsonb NOT NULL,
    evaluation jsonb NOT NULL,
    submitted_by uuid,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);
CREATE INDEX self_assessments_institution ON self_assessments (tenant_id, institution_id, id);

ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspections
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON inspections TO oversight_app;

ALTER TABLE inspection_inspectors ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_inspectors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_inspectors
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON inspection_inspectors TO oversight_app;

ALTER TABLE inspection_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_results FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_results
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON inspection_results TO oversight_app;

ALTER TABLE inspection_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_steps
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON inspection_steps TO oversight_app;

ALTER TABLE inspection_findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_findings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_findings
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE (hazard_id) ON inspection_findings TO oversight_app;

ALTER TABLE self_assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE self_assessments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON self_assessments
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON self_assessments TO oversight_app;
