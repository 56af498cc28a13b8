-- Cases (one record per matter) and the complaints that open them, the tenant's
-- working-day calendar, and the links from a case to the inspections and hazards it
-- caused or gathered. A named complainant is kept in a table of its own.

ALTER TABLE tenant_policies ADD COLUMN case_policy jsonb;

-- The tenant's own days over the national ones (which the code carries): a holiday, or
-- a make-up working day (调休).
CREATE TABLE calendar_days (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    day date NOT NULL,
    kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, day)
);

-- The last number given per tenant and year. Taking one updates this row in the
-- intake's transaction: concurrent intakes queue on the row, and a rolled-back intake
-- gives its number back, so numbers have no gaps.
CREATE TABLE case_counters (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last integer NOT NULL CHECK (last > 0),
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE cases (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    number text NOT NULL CHECK (number ~ '^[0-9]{4}-[0-9]{6,}$'),
    institution_id uuid,
    state text NOT NULL CHECK (state IN ('received', 'accepted', 'investigating', 'concluded', 'rejected', 'merged')),
    result text CHECK (result IN ('substantiated', 'partly_substantiated', 'unsubstantiated', 'outside_remit_referred')),
    deadline date,
    merged_into uuid,
    concluded_at timestamptz,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id),
    FOREIGN KEY (tenant_id, merged_into) REFERENCES cases (tenant_id, id),
    -- Nothing is closed without its conclusion.
    CHECK (state <> 'concluded' OR (result IS NOT NULL AND concluded_at IS NOT NULL AND length(doc->>'conclusion') > 0)),
    CHECK (state <> 'merged' OR merged_into IS NOT NULL)
);
CREATE INDEX cases_institution ON cases (tenant_id, institution_id, id);
CREATE INDEX cases_state ON cases (tenant_id, state, id);
CREATE INDEX cases_open_deadline ON cases (tenant_id, deadline) WHERE state IN ('received', 'accepted', 'investigating');
CREATE INDEX cases_substantiated ON cases (tenant_id, institution_id, concluded_at)
    WHERE result IN ('substantiated', 'partly_substantiated');

CREATE TABLE case_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    text text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_steps_case ON case_steps (tenant_id, case_id, id);

CREATE TABLE complaints (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    case_id uuid NOT NULL,
    channel text NOT NULL CHECK (channel IN ('portal', 'hotline_12345', 'letters_visits', 'referral', 'other')),
    -- SHA-256 of the tracking code; the code itself is only ever shown to the complainant.
    tracking_digest text NOT NULL CHECK (tracking_digest ~ '^[0-9a-f]{64}$'),
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, tracking_digest),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX complaints_case ON complaints (tenant_id, case_id, id);

-- Who complained, apart from what: only the regulator's use cases read it, no event
-- or audit row carries it.
CREATE TABLE complainants (
    tenant_id uuid NOT NULL,
    complaint_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 100),
    PRIMARY KEY (tenant_id, complaint_id),
    FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
);

CREATE TABLE case_links (
    tenant_id uuid NOT NULL,
    case_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('inspection', 'hazard')),
    target_id uuid NOT NULL,
    -- 'caused': opened from the case (a targeted inspection); 'attached': linked afterwards.
    relation text NOT NULL CHECK (relation IN ('caused', 'attached')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, case_id, kind, target_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_links_target ON case_links (tenant_id, kind, target_id);

-- A targeted inspection names the case it was opened for (never a draw).
ALTER TABLE inspections ADD COLUMN case_id uuid;
ALTER TABLE inspections ADD FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id);
ALTER TABLE inspections ADD CHECK (case_id IS NULL OR draw_id IS NULL);

SELECT enable_tenant_isolation('calendar_days', '{SELECT,INSERT,UPDATE,DELETE}');
SELECT enable_tenant_isolation('case_counters', '{SELECT,INSERT,UPDATE}');
SELECT enable_tenant_isolation('cases', '{SELECT,INSERT,UPDATE}');
SELECT enable_tenant_isolation('case_steps', '{SELECT,INSERT}');
SELECT enable_tenant_isolation('complaints', '{SELECT,INSERT}');
SELECT enable_tenant_isolation('complainants', '{SELECT,INSERT}');
SELECT enable_tenant_isolation('case_links', '{SELECT,INSERT}');
