-- The published draw record is served from a cache once drawn (DrawRecordCache), and a
-- record that may end up in court must not change after the fact: the names published
-- beside the roster are frozen with it at commit, the public entropy (even none) by the
-- first execution request, and a draw never goes back to an earlier state.
CREATE OR REPLACE FUNCTION refuse_committed_roster_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state <> 'planned' AND (NEW.roster IS DISTINCT FROM OLD.roster
        OR NEW.roster_sha256 IS DISTINCT FROM OLD.roster_sha256 OR NEW.server_seed IS DISTINCT FROM OLD.server_seed
        OR NEW.seed_commitment IS DISTINCT FROM OLD.seed_commitment OR NEW.n IS DISTINCT FROM OLD.n
        OR NEW.names IS DISTINCT FROM OLD.names) THEN
        RAISE EXCEPTION 'draw % is committed: its roster and commitment cannot change', OLD.id USING ERRCODE = '55000';
    END IF;
    IF OLD.execution_requested_at IS NOT NULL AND NEW.public_entropy IS DISTINCT FROM OLD.public_entropy THEN
        RAISE EXCEPTION 'draw %: its public entropy is fixed', OLD.id USING ERRCODE = '55000';
    END IF;
    -- planned → committed → drawn, never back.
    IF (OLD.state = 'drawn' AND NEW.state <> 'drawn') OR (OLD.state = 'committed' AND NEW.state = 'planned') THEN
        RAISE EXCEPTION 'draw % is %: it cannot go back to %', OLD.id, OLD.state, NEW.state USING ERRCODE = '55000';
    END IF;
    IF OLD.state = 'drawn' AND NEW.assignments IS DISTINCT FROM OLD.assignments THEN
        RAISE EXCEPTION 'draw % is drawn: its assignments cannot change', OLD.id USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
