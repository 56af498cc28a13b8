-- The dashboard's four indicators as they stood each day, one row per tenant and day,
-- written by the daily `indicators.snapshot` job after the other daily jobs have run.
-- The dashboard draws each indicator's sparkline from these rows: the register keeps
-- only current state, so history that is not recorded here cannot be recomputed.
CREATE TABLE indicator_snapshots (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    day date NOT NULL,
    star_rated_share double precision NOT NULL CHECK (star_rated_share BETWEEN 0 AND 1),
    gb38600_compliance double precision NOT NULL CHECK (gb38600_compliance BETWEEN 0 AND 1),
    nursing_bed_share double precision NOT NULL CHECK (nursing_bed_share BETWEEN 0 AND 1),
    rectification_rate double precision NOT NULL CHECK (rectification_rate BETWEEN 0 AND 1),
    taken_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, day)
);

ALTER TABLE indicator_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE indicator_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON indicator_snapshots
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON indicator_snapshots TO oversight_app;
