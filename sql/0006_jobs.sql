-- The job queue (DESIGN.md "Jobs and events").
-- The worker-side functions (claim, heartbeat, finish, release, rescue, prune, periodic,
-- counts, listing all) refuse to work inside a tenant-scoped transaction, so an API
-- request of a tenant cannot reach other tenants' jobs through them. One table for every queue; workers claim
-- with FOR UPDATE SKIP LOCKED on an index that matches the claim order.
--
-- Jobs of a tenant carry its tenant_id and are visible to that tenant (a regulator lists
-- them); system jobs (periodic ticks, benchmarks) have none. Workers work across
-- tenants, so they claim, heartbeat and finish only through the SECURITY DEFINER
-- functions below, which run as the owner; the app role itself sees its tenant's rows.

CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    tenant_id uuid REFERENCES tenants (id),
    queue text NOT NULL DEFAULT 'default' CHECK (queue ~ '^[a-z0-9_-]{1,40}$'),
    kind text NOT NULL CHECK (kind ~ '^[a-z0-9_.-]{1,80}$'),
    payload jsonb NOT NULL DEFAULT '{}',
    priority smallint NOT NULL DEFAULT 0,
    run_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 20 CHECK (max_attempts >= 1),
    state text NOT NULL DEFAULT 'available'
        CHECK (state IN ('available', 'running', 'completed', 'retryable', 'discarded', 'cancelled')),
    locked_by text,
    locked_until timestamptz,
    unique_key text,
    last_error text,
    errors jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);

-- Claim order: priority, then due time, then age.
CREATE INDEX jobs_claim ON jobs (queue, priority, run_at, id) WHERE state IN ('available', 'retryable');
-- Expired leases of dead workers.
CREATE INDEX jobs_lease ON jobs (locked_until) WHERE state = 'running';
-- Pruning and listing.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('completed', 'discarded', 'cancelled');
CREATE INDEX jobs_tenant ON jobs (tenant_id, id);
-- A unique_key is unique among a tenant's live jobs (system jobs form one more tenant).
CREATE UNIQUE INDEX jobs_unique_live ON jobs (tenant_id, unique_key) NULLS NOT DISTINCT
    WHERE unique_key IS NOT NULL AND state IN ('available', 'running', 'retryable');

-- The queue table churns: vacuum it early and often so dead tuples do not pile up.
ALTER TABLE jobs SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0,
    fillfactor = 80
);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
-- The app role reads its tenant's jobs; every write goes through the functions below.
GRANT SELECT ON jobs TO oversight_app;

-- Every execution of a job, appended when the attempt ends (append-only history; the
-- count of runs per job is how tests check exactly-once execution).
CREATE TABLE job_runs (
    job_id uuid NOT NULL,
    attempt integer NOT NULL,
    worker text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('completed', 'failed', 'cancelled')),
    error text,
    finished_at timestamptz NOT NULL DEFAULT now()
);
-- One row per attempt: a batch written twice (a retry after a lost reply) adds nothing.
CREATE UNIQUE INDEX job_runs_attempt ON job_runs (job_id, attempt, worker);
ALTER TABLE job_runs SET (autovacuum_vacuum_insert_scale_factor = 0.05);

-- Periodic ticks already enqueued: one row per schedule and tick, whatever the number of workers.
CREATE TABLE periodic_ticks (
    name text NOT NULL,
    tick text NOT NULL,
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, tick)
);

-- Wake idle workers; they then claim by query (the payload is only the queue name).
CREATE FUNCTION jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('oversight_jobs', q.queue) FROM (SELECT DISTINCT queue FROM inserted) AS q;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT ON jobs REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify();

-- Enqueues system jobs (no tenant) and jobs for any tenant, for workers and schedulers.
-- Returns the id of the new job, or of the live job that already has the unique_key.
CREATE FUNCTION enqueue_job(
    job_id uuid, job_tenant uuid, job_queue text, job_kind text, job_payload jsonb, job_priority smallint,
    job_run_at timestamptz, job_max_attempts integer, job_unique_key text
) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    existing uuid;
BEGIN
    -- A transaction scoped to a tenant enqueues only for that tenant.
    IF current_tenant_id() IS NOT NULL AND job_tenant IS DISTINCT FROM current_tenant_id() THEN
        RAISE EXCEPTION 'enqueue for another tenant' USING ERRCODE = '42501';
    END IF;
    INSERT INTO jobs (id, tenant_id, queue, kind, payload, priority, run_at, max_attempts, unique_key)
    VALUES (job_id, job_tenant, job_queue, job_kind, job_payload, job_priority, coalesce(job_run_at, now()),
            job_max_attempts, job_unique_key)
    ON CONFLICT (tenant_id, unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running', 'retryable')
    DO NOTHING;
    IF FOUND THEN
        RETURN job_id;
    END IF;
    SELECT id INTO existing FROM jobs
    WHERE unique_key = job_unique_key AND tenant_id IS NOT DISTINCT FROM job_tenant
      AND state IN ('available', 'running', 'retryable');
    -- The live job may have finished in between: then this one is new after all.
    IF existing IS NULL THEN
        INSERT INTO jobs (id, tenant_id, queue, kind, payload, priority, run_at, max_attempts, unique_key)
        VALUES (job_id, job_tenant, job_queue, job_kind, job_payload, job_priority, coalesce(job_run_at, now()),
                job_max_attempts, job_unique_key);
        RETURN job_id;
    END IF;
    RETURN existing;
END
$$;

-- Many jobs in one statement (batch enqueue); jobs whose unique_key is live are skipped.
-- Returns how many were inserted.
CREATE FUNCTION enqueue_jobs(
    job_ids uuid[], job_tenant uuid, job_queues text[], job_kinds text[], job_payloads jsonb[],
    job_priorities integer[], job_run_ats timestamptz[], job_max_attempts integer[], job_unique_keys text[]
) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    inserted integer;
BEGIN
    IF current_tenant_id() IS NOT NULL AND job_tenant IS DISTINCT FROM current_tenant_id() THEN
        RAISE EXCEPTION 'enqueue for another tenant' USING ERRCODE = '42501';
    END IF;
    INSERT INTO jobs (id, tenant_id, queue, kind, payload, priority, run_at, max_attempts, unique_key)
    SELECT i, job_tenant, q, k, p, pr, coalesce(r, now()), m, u
    FROM unnest(job_ids, job_queues, job_kinds, job_payloads, job_priorities, job_run_ats, job_max_attempts, job_unique_keys)
        AS x (i, q, k, p, pr, r, m, u)
    ON CONFLICT (tenant_id, unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running', 'retryable')
    DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN inserted;
END
$$;

-- Claims up to n due jobs of the queues for a worker, leasing them for lease_seconds.
-- The candidates are locked in a sub-select and updated by primary key ("id = ANY"):
-- with a join instead, the generic plan of a function body hashes the whole table.
CREATE FUNCTION claim_jobs(worker text, queues text[], n integer, lease_seconds double precision)
RETURNS TABLE (
    id uuid, tenant_id uuid, queue text, kind text, payload jsonb, attempts integer, max_attempts integer,
    created_at timestamptz, run_at timestamptz
)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE jobs j SET
        state = 'running', attempts = j.attempts + 1, locked_by = worker,
        locked_until = now() + make_interval(secs => lease_seconds), started_at = coalesce(j.started_at, now())
    WHERE j.id = ANY (ARRAY(
        SELECT c.id FROM jobs c
        WHERE c.state IN ('available', 'retryable') AND c.queue = ANY (queues) AND c.run_at <= now()
          AND current_tenant_id() IS NULL
        ORDER BY c.queue, c.priority, c.run_at, c.id
        LIMIT n
        FOR UPDATE SKIP LOCKED
    ))
    RETURNING j.id, j.tenant_id, j.queue, j.kind, j.payload, j.attempts, j.max_attempts, j.created_at, j.run_at
$$;

-- Renews the leases of a worker's running attempts; returns those it still holds (a job
-- that was cancelled, or rescued and claimed again, is missing: its handler is stopped).
CREATE FUNCTION heartbeat_jobs(worker text, job_ids uuid[], job_attempts integer[], lease_seconds double precision)
RETURNS TABLE (id uuid, attempt integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE jobs j SET locked_until = now() + make_interval(secs => lease_seconds)
    FROM unnest(job_ids, job_attempts) AS h (id, attempt)
    WHERE j.id = ANY (job_ids) AND j.id = h.id AND j.attempts = h.attempt
      AND j.locked_by = worker AND j.state = 'running' AND current_tenant_id() IS NULL
    RETURNING j.id, j.attempts
$$;

-- Ends attempts in one statement. outcomes: 'completed' | 'failed' | 'discarded' |
-- 'cancelled'. A failed attempt becomes 'retryable' at its retry time, or 'discarded'
-- after max_attempts; 'discarded' gives up at once (a permanent error).
-- Every attempt is appended to job_runs, even one whose lease was lost meanwhile.
CREATE FUNCTION finish_jobs(
    worker text, job_ids uuid[], job_attempts integer[], outcomes text[], failures text[], retry_at timestamptz[]
) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH input AS (
        SELECT * FROM unnest(job_ids, job_attempts, outcomes, failures, retry_at) AS u (id, attempt, outcome, failure, retry)
    ),
    runs AS (
        INSERT INTO job_runs (job_id, attempt, worker, outcome, error)
        SELECT id, attempt, worker, CASE WHEN outcome = 'discarded' THEN 'failed' ELSE outcome END, failure FROM input
        WHERE current_tenant_id() IS NULL
        ON CONFLICT DO NOTHING
    ),
    updated AS (
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
        FROM input i
        -- "j.id = ANY" gives the planner an index condition; the join alone may seq-scan.
        WHERE j.id = ANY (job_ids) AND j.id = i.id AND j.attempts = i.attempt AND j.locked_by = worker
          AND j.state = 'running' AND current_tenant_id() IS NULL
        RETURNING 1
    )
    SELECT count(*)::integer FROM updated
$$;

-- Hands back a worker's unfinished jobs at shutdown, without counting the attempt.
CREATE FUNCTION release_jobs(worker text, job_ids uuid[]) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH released AS (
        UPDATE jobs SET state = 'available', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL
        WHERE id = ANY (job_ids) AND locked_by = worker AND state = 'running' AND current_tenant_id() IS NULL
        RETURNING 1
    )
    SELECT count(*)::integer FROM released
$$;

-- Makes the jobs of dead workers (expired leases) claimable again. The attempt counts;
-- past max_attempts the job is discarded.
CREATE FUNCTION rescue_expired_jobs() RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH rescued AS (
        UPDATE jobs SET
            state = CASE WHEN attempts >= max_attempts THEN 'discarded' ELSE 'retryable' END,
            finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
            errors = errors || jsonb_build_array(jsonb_build_object(
                'attempt', attempts, 'at', now(), 'worker', locked_by, 'error', 'lease expired: worker presumed dead')),
            last_error = 'lease expired: worker presumed dead',
            locked_by = NULL, locked_until = NULL
        WHERE state = 'running' AND locked_until < now() AND current_tenant_id() IS NULL
        RETURNING 1
    )
    SELECT count(*)::integer FROM rescued
$$;

-- Deletes finished jobs older than the retention age.
CREATE FUNCTION prune_jobs(older_than interval) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH pruned AS (
        DELETE FROM jobs WHERE state IN ('completed', 'discarded', 'cancelled') AND finished_at < now() - older_than
          AND current_tenant_id() IS NULL
        RETURNING id
    ), runs AS (
        DELETE FROM job_runs WHERE job_id IN (SELECT id FROM pruned)
    )
    SELECT count(*)::integer FROM pruned
$$;

-- Enqueues a periodic tick once, however many schedulers try.
CREATE FUNCTION enqueue_periodic(job_id uuid, schedule text, tick text, job_tenant uuid, job_kind text, job_payload jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'periodic jobs are enqueued by workers only' USING ERRCODE = '42501';
    END IF;
    INSERT INTO periodic_ticks (name, tick) VALUES (schedule, tick) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO jobs (id, tenant_id, queue, kind, payload, unique_key)
    VALUES (job_id, job_tenant, 'default', job_kind, job_payload, 'periodic:' || schedule || ':' || tick);
    RETURN true;
END
$$;

-- Counts by state and queue over all tenants (metrics, `oversight jobs stats`).
CREATE FUNCTION job_counts() RETURNS TABLE (queue text, state text, count bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT queue, state, count(*) FROM jobs WHERE current_tenant_id() IS NULL GROUP BY queue, state $$;

-- Platform administrators list every tenant's jobs.
CREATE FUNCTION list_all_jobs(filter_state text, filter_kind text, after_id uuid, n integer)
RETURNS SETOF jobs
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT * FROM jobs
    WHERE current_tenant_id() IS NULL AND (filter_state IS NULL OR state = filter_state) AND (filter_kind IS NULL OR kind = filter_kind)
      AND (after_id IS NULL OR id > after_id)
    ORDER BY id LIMIT n
$$;

-- Retries a finished or waiting job now, with one more attempt allowed. A tenant's
-- transaction reaches only its own jobs; any_tenant is honoured only without a tenant
-- (platform administrators).
CREATE FUNCTION retry_job(job_id uuid, any_tenant boolean) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH retried AS (
        UPDATE jobs SET state = 'available', run_at = now(), finished_at = NULL,
            max_attempts = greatest(max_attempts, attempts + 1)
        WHERE id = job_id AND state IN ('retryable', 'discarded', 'cancelled', 'available')
          AND (tenant_id = current_tenant_id() OR (any_tenant AND current_tenant_id() IS NULL))
        RETURNING 1
    )
    SELECT count(*) > 0 FROM retried
$$;

-- Cancels a job that has not finished; a running one is stopped by its worker's next heartbeat.
CREATE FUNCTION cancel_job(job_id uuid, any_tenant boolean) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH cancelled AS (
        UPDATE jobs SET state = 'cancelled', finished_at = now(), locked_by = NULL, locked_until = NULL
        WHERE id = job_id AND state IN ('available', 'retryable', 'running')
          AND (tenant_id = current_tenant_id() OR (any_tenant AND current_tenant_id() IS NULL))
        RETURNING 1
    )
    SELECT count(*) > 0 FROM cancelled
$$;

-- One job, if the caller may see it: its tenant's, or any without a tenant when asked.
CREATE FUNCTION find_job(job_id uuid, any_tenant boolean) RETURNS SETOF jobs
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT * FROM jobs WHERE id = job_id
      AND (tenant_id = current_tenant_id() OR (any_tenant AND current_tenant_id() IS NULL))
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'enqueue_job(uuid, uuid, text, text, jsonb, smallint, timestamptz, integer, text)',
        'enqueue_jobs(uuid[], uuid, text[], text[], jsonb[], integer[], timestamptz[], integer[], text[])',
        'claim_jobs(text, text[], integer, double precision)',
        'heartbeat_jobs(text, uuid[], integer[], double precision)',
        'finish_jobs(text, uuid[], integer[], text[], text[], timestamptz[])',
        'release_jobs(text, uuid[])', 'rescue_expired_jobs()', 'prune_jobs(interval)',
        'enqueue_periodic(uuid, text, text, uuid, text, jsonb)', 'job_counts()',
        'list_all_jobs(text, text, uuid, integer)', 'retry_job(uuid, boolean)', 'cancel_job(uuid, boolean)', 'find_job(uuid, boolean)'
    ] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO oversight_app', f);
    END LOOP;
END
$$;
