-- Penalty decisions (行政处罚决定书): prior notice (告知) with the windows to state a case
-- (陈述申辩) and ask for a hearing (听证), then the decision, numbered from the tenant's
-- counter like notices and fixed once decided; its publication (双公示) and credit repair
-- (信用修复) move forward only and never change what it says.

ALTER TABLE document_counters DROP CONSTRAINT document_counters_kind_check;
ALTER TABLE document_counters ADD CONSTRAINT document_counters_kind_check
    CHECK (kind IN ('rectification_notice', 'penalty_decision'));

CREATE TABLE penalty_decisions (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    institution_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'notified', 'decided')),
    number text,
    canonical text,
    content_sha256 text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    decided_on date,
    violation_kind text NOT NULL,
    case_id uuid,
    -- Publication: the day it went public and the last day it is shown; repaired_on ends it early.
    published_on date,
    publication_end date,
    repaired_on date,
    -- Corrected by a later decision: off the public list from this day, kept in the register.
    superseded_on date,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    CHECK ((state = 'decided') = (number IS NOT NULL)),
    CHECK (state <> 'decided' OR (canonical IS NOT NULL AND decided_on IS NOT NULL
        AND content_sha256 = encode(sha256(convert_to(canonical, 'UTF8')), 'hex'))),
    CHECK (published_on IS NULL OR (state = 'decided' AND publication_end > published_on)),
    CHECK (repaired_on IS NULL OR published_on IS NOT NULL),
    CHECK (superseded_on IS NULL OR state = 'decided')
);
CREATE INDEX penalty_decisions_institution ON penalty_decisions (tenant_id, institution_id, id);
CREATE INDEX penalty_decisions_public ON penalty_decisions (tenant_id, publication_end) WHERE published_on IS NOT NULL;
CREATE INDEX penalty_decisions_unpublished ON penalty_decisions (tenant_id, decided_on) WHERE state = 'decided' AND published_on IS NULL;

-- Which notices a decision follows.
CREATE TABLE penalty_notices (
    tenant_id uuid NOT NULL,
    penalty_id uuid NOT NULL,
    notice_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, penalty_id, notice_id),
    FOREIGN KEY (tenant_id, penalty_id) REFERENCES penalty_decisions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, notice_id) REFERENCES rectification_notices (tenant_id, id)
);

CREATE FUNCTION refuse_decided_penalty_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'draft' THEN
            RAISE EXCEPTION 'penalty decision % is past its draft and stays in the register', coalesce(OLD.number, OLD.id::text)
                USING ERRCODE = '55000';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state = 'decided' AND (NEW.state <> 'decided' OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.canonical IS DISTINCT FROM OLD.canonical OR NEW.content_sha256 IS DISTINCT FROM OLD.content_sha256
        OR NEW.decided_on IS DISTINCT FROM OLD.decided_on OR NEW.institution_id IS DISTINCT FROM OLD.institution_id
        OR NEW.violation_kind IS DISTINCT FROM OLD.violation_kind OR NEW.doc->'content' IS DISTINCT FROM OLD.doc->'content'
        OR NEW.doc->'penalties' IS DISTINCT FROM OLD.doc->'penalties' OR NEW.doc->'facts' IS DISTINCT FROM OLD.doc->'facts') THEN
        RAISE EXCEPTION 'penalty decision % is decided: what it says cannot change', OLD.number USING ERRCODE = '55000';
    END IF;
    IF OLD.state = 'notified' AND NEW.state = 'draft' THEN
        RAISE EXCEPTION 'penalty decision %: the party has been notified', OLD.id USING ERRCODE = '55000';
    END IF;
    IF OLD.published_on IS NOT NULL AND (NEW.published_on IS DISTINCT FROM OLD.published_on
        OR NEW.publication_end IS DISTINCT FROM OLD.publication_end) THEN
        RAISE EXCEPTION 'penalty decision %: its publication is recorded', OLD.number USING ERRCODE = '55000';
    END IF;
    IF OLD.superseded_on IS NOT NULL AND NEW.superseded_on IS DISTINCT FROM OLD.superseded_on THEN
        RAISE EXCEPTION 'penalty decision %: its correction is recorded', OLD.number USING ERRCODE = '55000';
    END IF;
    IF OLD.repaired_on IS NOT NULL AND NEW.repaired_on IS DISTINCT FROM OLD.repaired_on THEN
        RAISE EXCEPTION 'penalty decision %: its credit repair is recorded', OLD.number USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER penalty_decisions_decided BEFORE UPDATE OR DELETE ON penalty_decisions
    FOR EACH ROW EXECUTE FUNCTION refuse_decided_penalty_change();

CREATE TABLE penalty_steps (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    penalty_id uuid NOT NULL,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    text text,
    actor_role text NOT NULL,
    actor_token_id uuid,
    actor_subject_id uuid,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, penalty_id) REFERENCES penalty_decisions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX penalty_steps_penalty ON penalty_steps (tenant_id, penalty_id, id);

SELECT enable_tenant_isolation('penalty_decisions', '{SELECT,INSERT,UPDATE,DELETE}');
SELECT enable_tenant_isolation('penalty_notices', '{SELECT,INSERT}');
SELECT enable_tenant_isolation('penalty_steps', '{SELECT,INSERT}');

ALTER TABLE tenant_policies ADD COLUMN penalty_policy jsonb;
