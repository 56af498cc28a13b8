-- Legal acts, first the rectification notice (责令限期整改通知书): numbered documents
-- (文号) without gaps per tenant, kind and year; once issued, what a document says is
-- fixed (a trigger refuses any change to it, and any delete), and the register keeps the
-- exact text whose SHA-256 is printed on it.

ALTER TABLE tenant_policies ADD COLUMN document_policy jsonb;

-- The last sequence given per tenant, kind and year. Issuing takes the next one in its
-- own transaction: concurrent issues queue on the row, a rolled-back one gives it back.
CREATE TABLE document_counters (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    kind text NOT NULL CHECK (kind IN ('rectification_notice')),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last integer NOT NULL CHECK (last > 0),
    PRIMARY KEY (tenant_id, kind, year)
);

CREATE TABLE rectification_notices (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'issued', 'served', 'complied', 'not_complied', 'superseded')),
    number text,
    -- The issued content as hashed (canonical JSON), and its SHA-256.
    canonical text,
    content_sha256 text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    issued_at timestamptz,
    deadline date,
    case_id uuid,
    inspection_id uuid,
    corrects_id uuid,
    revisit_inspection_id uuid,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id),
    FOREIGN KEY (tenant_id, revisit_inspection_id) REFERENCES inspections (tenant_id, id),
    FOREIGN KEY (tenant_id, corrects_id) REFERENCES rectification_notices (tenant_id, id),
    -- Issued means numbered, fixed and hashed; the hash is of the text kept beside it.
    CHECK ((state = 'draft') = (number IS NULL)),
    CHECK (state = 'draft' OR (canonical IS NOT NULL AND issued_at IS NOT NULL
        AND content_sha256 = encode(sha256(convert_to(canonical, 'UTF8')), 'hex'))),
    CHECK (state NOT IN ('served', 'complied', 'not_complied') OR deadline IS NOT NULL)
);
CREATE INDEX rectification_notices_institution ON rectification_notices (tenant_id, institution_id, id);
CREATE INDEX rectification_notices_state ON rectification_notices (tenant_id, state, id);
CREATE INDEX rectification_notices_served_deadline ON rectification_notices (tenant_id, deadline) WHERE state = 'served';

-- What an issued notice says never changes, nor does it leave the register; its
-- lifecycle (service, deadline, revisit, outcome) moves forward only.
CREATE FUNCTION refuse_issued_notice_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'draft' THEN
            RAISE EXCEPTION 'notice % is issued and stays in the register', OLD.number USING ERRCODE = '55000';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state <> 'draft' AND (NEW.number IS DISTINCT FROM OLD.number OR NEW.canonical IS DISTINCT FROM OLD.canonical
        OR NEW.content_sha256 IS DISTINCT FROM OLD.content_sha256 OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
        OR NEW.institution_id IS DISTINCT FROM OLD.institution_id OR NEW.corrects_id IS DISTINCT FROM OLD.corrects_id
        OR NEW.doc->'content' IS DISTINCT FROM OLD.doc->'content' OR NEW.doc->'items' IS DISTINCT FROM OLD.doc->'items'
        OR NEW.doc->'facts' IS DISTINCT FROM OLD.doc->'facts' OR NEW.doc->'legal_basis' IS DISTINCT FROM OLD.doc->'legal_basis'
        OR NEW.doc->'deadline_days' IS DISTINCT FROM OLD.doc->'deadline_days') THEN
        RAISE EXCEPTION 'notice % is issued: what it says cannot change (issue a correction)', OLD.number USING ERRCODE = '55000';
    END IF;
    IF OLD.state IN ('complied', 'not_complied', 'superseded') AND NEW.state IS DISTINCT FROM OLD.state
        OR OLD.state <> 'draft' AND NEW.state = 'draft'
        OR OLD.state = 'served' AND NEW.state = 'issued' THEN
        RAISE EXCEPTION 'notice % is %: it cannot go to %', OLD.number, OLD.state, NEW.state USING ERRCODE = '55000';
    END IF;
    IF jsonb_typeof(OLD.doc->'service') = 'object'
        AND (NEW.doc->'service' IS DISTINCT FROM OLD.doc->'service' OR NEW.deadline IS DISTINCT FROM OLD.deadline) THEN
        RAISE EXCEPTION 'notice %: its service is recorded', OLD.number USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rectification_notices_issued BEFORE UPDATE OR DELETE ON rectification_notices
    FOR EACH ROW EXECUTE FUNCTION refuse_issued_notice_change();

-- Each step of a notice, oldest first (who, when, from and to which state).
CREATE TABLE notice_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    notice_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    text text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    -- A discarded draft takes its steps with it; an issued notice is never deleted.
    FOREIGN KEY (tenant_id, notice_id) REFERENCES rectification_notices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notice_steps_notice ON notice_steps (tenant_id, notice_id, id);

SELECT enable_tenant_isolation('document_counters', '{SELECT,INSERT,UPDATE}');
SELECT enable_tenant_isolation('rectification_notices', '{SELECT,INSERT,UPDATE,DELETE}');
SELECT enable_tenant_isolation('notice_steps', '{SELECT,INSERT}');
