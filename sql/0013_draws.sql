-- Verifiable "double random" draws (spec/draw-v1.md). The roster is stored as the exact
-- canonical JSON that was hashed; the server seed stays unpublished until the draw is
-- drawn (the service never shows it before).

CREATE TABLE draws (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    purpose text NOT NULL DEFAULT '',
    checklist_template_version_id uuid NOT NULL,
    target_scope jsonb NOT NULL DEFAULT '{}',
    inspector_scope jsonb NOT NULL DEFAULT '{}',
    sample integer CHECK (sample >= 1),
    ratio double precision CHECK (ratio > 0 AND ratio <= 1),
    inspectors_per_target integer NOT NULL CHECK (inspectors_per_target BETWEEN 1 AND 10),
    risk_weighted boolean NOT NULL DEFAULT false,
    scheduled_on date,
    state text NOT NULL CHECK (state IN ('planned', 'committed', 'drawn')),
    n integer,
    roster text,
    roster_sha256 text,
    names jsonb,
    server_seed bytea CHECK (length(server_seed) = 32),
    seed_commitment text,
    public_entropy text CHECK (length(public_entropy) <= 1000),
    assignments jsonb,
    failure text,
    failed_at timestamptz,
    committed_at timestamptz,
    execution_requested_at timestamptz,
    drawn_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK ((sample IS NULL) <> (ratio IS NULL)),
    CHECK (state = 'planned' OR (roster IS NOT NULL AND server_seed IS NOT NULL AND seed_commitment IS NOT NULL)),
    CHECK (state <> 'drawn' OR assignments IS NOT NULL)
);
CREATE INDEX draws_state ON draws (tenant_id, state, id);

-- Once committed, the roster and commitment never change.
CREATE FUNCTION refuse_committed_roster_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state <> 'planned' AND (NEW.roster IS DISTINCT FROM OLD.roster
        OR NEW.roster_sha256 IS DISTINCT FROM OLD.roster_sha256 OR NEW.server_seed IS DISTINCT FROM OLD.server_seed
        OR NEW.seed_commitment IS DISTINCT FROM OLD.seed_commitment OR NEW.n IS DISTINCT FROM OLD.n) THEN
        RAISE EXCEPTION 'draw % is committed: its roster and commitment cannot change', OLD.id USING ERRCODE = '55000';
    END IF;
    IF OLD.state = 'drawn' AND NEW.assignments IS DISTINCT FROM OLD.assignments THEN
        RAISE EXCEPTION 'draw % is drawn: its assignments cannot change', OLD.id USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER draws_frozen BEFORE UPDATE ON draws FOR EACH ROW EXECUTE FUNCTION refuse_committed_roster_change();

ALTER TABLE draws ENABLE ROW LEVEL SECURITY;
ALTER TABLE draws FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON draws
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON draws TO oversight_app;

ALTER TABLE inspections ADD CONSTRAINT inspections_draw_fk FOREIGN KEY (tenant_id, draw_id) REFERENCES draws (tenant_id, id);
-- one inspection per target per draw, so a rerun of the draw job cannot create a second
CREATE UNIQUE INDEX inspections_draw_target ON inspections (tenant_id, draw_id, institution_id) WHERE draw_id IS NOT NULL;
