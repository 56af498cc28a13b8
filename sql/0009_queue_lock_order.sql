-- finish_jobs and heartbeat_jobs (0007) lock their jobs in id order before updating.
--
-- A worker renews the leases of everything it holds while it writes finished outcomes
-- on another connection; the two statements could touch the same rows in different
-- (hash-join) orders and deadlock (40P01, seen a few times per 100,000 jobs in
-- bench/webhooks/run). Nothing was lost, since the write is retried, but each deadlock
-- stalled writing for deadlock_timeout. Taking the row locks in one global order first
-- removes the cycle. Bodies otherwise as in 0007.

CREATE OR REPLACE FUNCTION heartbeat_jobs(worker text, job_ids uuid[], job_attempts integer[], lease_seconds double precision)
RETURNS TABLE (id uuid, attempt integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET enable_nestloop = off
AS $$
BEGIN
    IF current_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'heartbeat_jobs is for workers, not within a tenant''s transaction' USING ERRCODE = '42501';
    END IF;
    -- Lock the rows in id order first: finish_jobs and heartbeat_jobs of the same
    -- worker may run at once on overlapping jobs, and the hash join's order would
    -- otherwise let them deadlock.
    PERFORM 1 FROM jobs WHERE jobs.id = ANY (job_ids) ORDER BY jobs.id FOR UPDATE;
    RETURN QUERY
    UPDATE jobs j SET locked_until = now() + make_interval(secs => lease_seconds)
    FROM unnest(job_ids, job_attempts) AS h (id, attempt)
    WHERE j.id = h.id AND j.attempts = h.attempt AND j.locked_by = worker AND j.state = 'running'
    RETURNING j.id, j.attempts;
END
$$;

-- Ends attempts. outcomes: 'completed' | 'failed' | 'discarded' | 'cancelled'. A failed
-- attempt becomes 'retryable' at its retry time, or 'discarded' after max_attempts;
-- 'discarded' gives up at once (a permanent error). Every attempt is appended to job_runs,
-- even one whose lease was lost meanwhile. Returns how many jobs the worker still held.
CREATE OR REPLACE FUNCTION finish_jobs(
    worker text, job_ids uuid[], job_attempts integer[], outcomes text[], failures text[], retry_at timestamptz[]
) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET enable_nestloop = off
AS $$
DECLARE
    finished integer;
BEGIN
    IF current_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'finish_jobs is for workers, not within a tenant''s transaction' USING ERRCODE = '42501';
    END IF;
    -- Lock the rows in id order first: finish_jobs and heartbeat_jobs of the same
    -- worker may run at once on overlapping jobs, and the hash join's order would
    -- otherwise let them deadlock.
    PERFORM 1 FROM jobs WHERE jobs.id = ANY (job_ids) ORDER BY jobs.id FOR UPDATE;
    INSERT INTO job_runs (job_id, attempt, worker, outcome, error)
    SELECT u.id, u.attempt, worker, CASE WHEN u.outcome = 'discarded' THEN 'failed' ELSE u.outcome END, u.failure
    FROM unnest(job_ids, job_attempts, outcomes, failures) AS u (id, attempt, outcome, failure)
    ON CONFLICT DO NOTHING;
    UPDATE jobs j SET
        state = CASE
            WHEN i.outcome = 'completed' THEN 'completed'
            WHEN i.outcome = 'cancelled' THEN 'cancelled'
            WHEN i.outcome = 'discarded' OR j.attempts >= j.max_attempts THEN 'discarded'
            ELSE 'retryable' END,
        run_at = CASE WHEN i.outcome = 'failed' AND j.attempts < j.max_attempts THEN i.retry ELSE j.run_at END,
        finished_at = CASE WHEN i.outcome = 'failed' AND j.attempts < j.max_attempts THEN NULL ELSE now() END,
        last_error = coalesce(i.failure, j.last_error),
        errors = CASE WHEN i.failure IS NULL THEN j.errors ELSE j.errors || jsonb_build_array(
            jsonb_build_object('attempt', j.attempts, 'at', now(), 'worker', worker, 'error', i.failure)) END,
        locked_by = NULL, locked_until = NULL
    FROM unnest(job_ids, job_attempts, outcomes, failures, retry_at) AS i (id, attempt, outcome, failure, retry)
    WHERE j.id = i.id AND j.attempts = i.attempt AND j.locked_by = worker AND j.state = 'running';
    GET DIAGNOSTICS finished = ROW_COUNT;
    RETURN finished;
END
$$;
