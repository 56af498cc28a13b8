-- The institution register (养老机构名录).

CREATE TABLE institutions (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    credit_code text NOT NULL CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    operator_type text NOT NULL CHECK (operator_type IN ('public', 'public_built_private_run', 'private')),
    district text NOT NULL CHECK (length(btrim(district)) BETWEEN 1 AND 100),
    address text NOT NULL CHECK (length(address) <= 300),
    status text NOT NULL CHECK (status IN ('operating', 'suspended', 'closed')),
    beds integer NOT NULL CHECK (beds >= 0),
    nursing_beds integer NOT NULL CHECK (nursing_beds >= 0 AND nursing_beds <= beds),
    residents integer NOT NULL CHECK (residents >= 0),
    staff integer NOT NULL CHECK (staff >= 0),
    legal_representative text NOT NULL CHECK (length(legal_representative) <= 100),
    contact_phone text NOT NULL CHECK (length(contact_phone) <= 40),
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT institutions_credit_code_unique UNIQUE (tenant_id, credit_code)
);
CREATE INDEX institutions_district ON institutions (tenant_id, district, id);
CREATE INDEX institutions_status ON institutions (tenant_id, status, id);
CREATE INDEX institutions_name_trgm ON institutions USING gin (name gin_trgm_ops);

ALTER TABLE institutions ENABLE ROW LEVEL SECURITY;
ALTER TABLE institutions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON institutions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON institutions TO oversight_app;

-- Tokens bound to an institution must name one of the tenant's institutions.
-- (Inspector tokens get the same check when the inspector pool exists.)
