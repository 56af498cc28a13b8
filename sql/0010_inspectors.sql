-- The inspector pool (执法检查人员名录库) and declared conflicts of interest (回避).

CREATE TABLE inspectors (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    certificate_number text NOT NULL CHECK (length(btrim(certificate_number)) BETWEEN 1 AND 50),
    districts text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    -- institutions the inspector works for or is related to (an automatic conflict)
    affiliations uuid[] NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT inspectors_certificate_unique UNIQUE (tenant_id, certificate_number)
);

CREATE TABLE inspector_conflicts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    inspector_id uuid NOT NULL,
    institution_id uuid NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT inspector_conflicts_unique UNIQUE (tenant_id, inspector_id, institution_id),
    FOREIGN KEY (tenant_id, inspector_id) REFERENCES inspectors (tenant_id, id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);

ALTER TABLE inspectors ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspectors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspectors
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON inspectors TO oversight_app;

ALTER TABLE inspector_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspector_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspector_conflicts
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, DELETE ON inspector_conflicts TO oversight_app;
