#!/usr/bin/env python3
"""No-op job throughput of procrastinate (PyPI `procrastinate`) against a PostgreSQL database.

Phases:
  1. schema: drop procrastinate's own objects (tables, types, functions named
     procrastinate_* in the current schema) and apply its schema again, as
     `procrastinate schema --apply` does.
  2. enqueue: N jobs through `Task.batch_defer_async` (one call of the
     procrastinate_defer_jobs_v1 function per batch of --batch jobs), timed.
  3. drain: one worker (`App.run_worker_async`) with --concurrency sub-workers and
     wait=False, so it stops by itself once it finds no job left and its running
     jobs have finished; timed from worker start until it returns.
Prints exactly one JSON line on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from importlib.metadata import version

import procrastinate

# Drops only procrastinate's own objects, so the schema apply below starts clean.
DROP_SQL = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\\_%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace
             AND p.proname LIKE 'procrastinate\\_%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t
           WHERE t.typnamespace = current_schema()::regnamespace
             AND t.typname LIKE 'procrastinate\\_%' AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END $$;
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dsn", required=True, help="libpq URI, e.g. postgresql://u:p@127.0.0.1:5432/db")
    p.add_argument("--jobs", type=int, default=50_000)
    # The library default is 1 job at a time per worker; procrastinate's
    # "Execute multiple jobs at the same time" how-to raises it for throughput
    # with async tasks, using concurrency=30 as its example.
    p.add_argument("--concurrency", type=int, default=30, help="async sub-workers in the worker")
    p.add_argument("--batch", type=int, default=1000, help="jobs per batch_defer_async call")
    return p.parse_args()


async def main() -> None:
    args = parse_args()
    done = 0

    # Default connector (psycopg 3 + psycopg_pool with its default pool size).
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=args.dsn))

    @app.task(name="noop")
    async def noop() -> None:  # the job body: nothing but a counter
        nonlocal done
        done += 1

    async with app.open_async():
        # procrastinate passes queries through psycopg's %-placeholder parser.
        await app.connector.execute_query_async(DROP_SQL.replace("%", "%%"))
        await app.schema_manager.apply_schema_async()
        print(f"procrastinate: schema applied; enqueueing {args.jobs} jobs", file=sys.stderr)

        start = time.perf_counter()
        for lo in range(0, args.jobs, args.batch):
            k = min(args.batch, args.jobs - lo)
            await noop.batch_defer_async(*({} for _ in range(k)))  # one kwargs dict per job
        enq_s = time.perf_counter() - start
        print(f"procrastinate: enqueued in {enq_s:.3f}s; draining with concurrency "
              f"{args.concurrency}", file=sys.stderr)

        # Untimed: give the planner statistics for the freshly filled table, as
        # autovacuum would soon do by itself (see README).
        await app.connector.execute_query_async("ANALYZE procrastinate_jobs")

        start = time.perf_counter()
        await app.run_worker_async(
            concurrency=args.concurrency,
            wait=False,  # exit once the queue is empty; running jobs are awaited first
            install_signal_handlers=False,
        )
        drain_s = time.perf_counter() - start

        # Cross-check with the library's table: every job must have succeeded
        # (delete_jobs stays at its default, "never", so the rows remain).
        rows = await app.connector.execute_query_all_async(
            "SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs GROUP BY 1"
        )
    counts = {r["status"]: r["n"] for r in rows}
    if done != args.jobs or counts != {"succeeded": args.jobs}:
        sys.exit(f"procrastinate: incomplete drain: handler ran {done}/{args.jobs}, jobs {counts}")
    print(f"procrastinate: drained in {drain_s:.3f}s", file=sys.stderr)

    print(json.dumps({
        "peer": "procrastinate",
        "version": version("procrastinate"),
        "jobs": args.jobs,
        "enqueue_per_s": round(args.jobs / enq_s, 1),
        "drain_per_s": round(args.jobs / drain_s, 1),
    }))


if __name__ == "__main__":
    asyncio.run(main())  # procrastinate's own CLI uses plain asyncio.run
