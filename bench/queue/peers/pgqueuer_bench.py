#!/usr/bin/env python3
"""No-op job throughput of pgqueuer (PyPI `pgqueuer`) against a PostgreSQL database.

Phases:
  1. schema: drop pgqueuer's own objects if present, `install` them again, and
     apply pgqueuer's recommended autovacuum settings (`pgq autovac`).
  2. enqueue: N jobs through the batch form of `Queries.enqueue` (one INSERT per
     batch of --batch jobs), timed.
  3. drain: --workers QueueManagers, each on its own asyncpg connection, run with
     mode=drain (they exit once the queue is empty and their jobs are logged),
     timed from worker start until every manager has returned.
Prints exactly one JSON line on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from importlib.metadata import version

import asyncpg
import uvloop
from pgqueuer import AsyncpgDriver, Job, QueueManager, Queries
from pgqueuer.domain.types import QueueExecutionMode

ENTRYPOINT = "noop"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dsn", required=True, help="libpq URI, e.g. postgresql://u:p@127.0.0.1:5432/db")
    p.add_argument("--jobs", type=int, default=50_000)
    # pgqueuer's own benchmark (tools/benchmark.py, docs/comparisons/benchmarks.md)
    # runs 5 dequeue workers with batch size 10; 10 is also the library default.
    p.add_argument("--workers", type=int, default=5, help="QueueManagers, one connection each")
    p.add_argument("--batch-size", type=int, default=10, help="jobs per dequeue round trip")
    p.add_argument("--batch", type=int, default=1000, help="jobs per enqueue call")
    return p.parse_args()


async def prepare_schema(queries: Queries) -> None:
    # Idempotent: remove whatever an earlier run (or older version) left behind.
    if await queries.schema_is_installed():
        await queries.uninstall()
    await queries.install()
    await queries.optimize_autovacuum()  # same as `pgq autovac`, recommended after install


async def enqueue(queries: Queries, n: int, batch: int) -> float:
    start = time.perf_counter()
    for lo in range(0, n, batch):
        k = min(batch, n - lo)
        # Lists select the batch insert: entrypoints, payloads (None = empty), priorities.
        await queries.enqueue([ENTRYPOINT] * k, [None] * k, [0] * k)
    return time.perf_counter() - start


async def drain(dsn: str, workers: int, batch_size: int) -> tuple[float, int]:
    done = 0

    # One dedicated connection per QueueManager, as pgqueuer's performance guide
    # advises (the LISTEN channel lives on it). Connect before the clock starts.
    conns = [await asyncpg.connect(dsn) for _ in range(workers)]
    managers = []
    for conn in conns:
        qm = QueueManager(Queries(AsyncpgDriver(conn)))

        @qm.entrypoint(ENTRYPOINT)
        async def noop(job: Job) -> None:  # the job body: nothing but a counter
            nonlocal done
            done += 1

        managers.append(qm)

    start = time.perf_counter()
    # Drain mode: each manager stops once the queue holds no more work for it and
    # its in-flight jobs finished; leaving run() flushes the status-log buffer,
    # which is what deletes the job row, so "returned" means "completed".
    await asyncio.gather(
        *(qm.run(batch_size=batch_size, mode=QueueExecutionMode.drain) for qm in managers)
    )
    elapsed = time.perf_counter() - start
    for conn in conns:
        await conn.close()
    return elapsed, done


async def main() -> None:
    args = parse_args()
    # pgqueuer logs every job at INFO/DEBUG on its own logger; keep stderr quiet.
    logging.getLogger("pgqueuer").setLevel(logging.WARNING)

    conn = await asyncpg.connect(args.dsn)
    queries = Queries(AsyncpgDriver(conn))
    await prepare_schema(queries)
    print(f"pgqueuer: schema installed; enqueueing {args.jobs} jobs", file=sys.stderr)

    enq_s = await enqueue(queries, args.jobs, args.batch)
    print(f"pgqueuer: enqueued in {enq_s:.3f}s; draining with {args.workers} workers", file=sys.stderr)

    # Untimed: give the planner statistics for the freshly filled table, as
    # autovacuum would soon do by itself (see README).
    await conn.execute(f"ANALYZE {queries.qbe.settings.queue_table}")

    drain_s, done = await drain(args.dsn, args.workers, args.batch_size)

    # Cross-check with the library's table: nothing may be left queued or picked.
    left = await conn.fetchval(f"SELECT count(*) FROM {queries.qbe.settings.queue_table}")
    await conn.close()
    if done != args.jobs or left != 0:
        sys.exit(f"pgqueuer: incomplete drain: handler ran {done}/{args.jobs}, {left} rows left")
    print(f"pgqueuer: drained in {drain_s:.3f}s", file=sys.stderr)

    print(json.dumps({
        "peer": "pgqueuer",
        "version": version("pgqueuer"),
        "jobs": args.jobs,
        "enqueue_per_s": round(args.jobs / enq_s, 1),
        "drain_per_s": round(args.jobs / drain_s, 1),
    }))


if __name__ == "__main__":
    uvloop.run(main())  # pgqueuer's own CLI (`pgq run`) runs on uvloop too
