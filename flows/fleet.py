"""The fleet: one nightly deployment per topic on a process work pool, one API pace for all.

Each topic file (topics/<slug>.toml) gets a deployment `nightly-refresh/<slug>` that refreshes
that topic alone into its own database (<data_dir>/<slug>.duckdb; a database takes one refresh at
a time) with the site files beside it (<data_dir>/site-<slug>). Workers anywhere run them. Every
API request of every run first takes a slot of one Prefect global concurrency limit used as a
rate limit (`ctgov-api`): `burst` slots that free themselves at `per_second` slots a second, so
the whole fleet keeps to the API's pace however many runs overlap. Each run's own pacing
(min_interval) stays in force too.

`python -m flows.fleet --pool NAME` (with PREFECT_API_URL set) creates or updates the pool, the
limit and the deployments; running it again changes only what differs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.deployment import DEFAULT_CRON, ROOT

LIMIT_NAME = "ctgov-api"
# The API's polite pace: 1 request a second, no burst.
DEFAULT_PER_SECOND = 1.0
DEFAULT_BURST = 1
FLOW_NAME = "nightly-refresh"


def ensure_rate_limit(
    name: str = LIMIT_NAME, per_second: float = DEFAULT_PER_SECOND, burst: int = DEFAULT_BURST
) -> None:
    """Create or update the global rate limit `name`: `burst` slots freed at `per_second`/s."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import (
        GlobalConcurrencyLimitCreate,
        GlobalConcurrencyLimitUpdate,
    )
    from prefect.exceptions import ObjectNotFound

    if per_second <= 0 or burst < 1:
        raise ValueError(f"rate limit {name}: per_second must be > 0 and burst >= 1")
    # create / update rather than upsert_global_concurrency_limit_by_name, which takes the slot
    # decay only in newer Prefect (3.4 has no such argument).
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(
                    name=name, limit=burst, slot_decay_per_second=per_second
                )
            )
        else:
            client.update_global_concurrency_limit(
                name,
                GlobalConcurrencyLimitUpdate(
                    limit=burst, slot_decay_per_second=per_second, active=True
                ),
            )


def ensure_work_pool(name: str) -> None:
    """Create the process work pool `name` unless it exists."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client, contextlib.suppress(ObjectAlreadyExists):
        client.create_work_pool(WorkPoolCreate(name=name, type="process"))


def topic_parameters(slug: str, data_dir: str, limit_name: str, **parameters) -> dict:
    """The flow parameters of one topic's deployment (None values left to the options'
    defaults): its own database in data_dir, paced by the shared limit."""
    from flows.nightly import deployment_parameters

    return deployment_parameters(
        rate_limit=limit_name,
        **{
            **parameters,
            "topics": [slug],
            "data_dir": data_dir,
            "db_path": str(Path(data_dir) / f"{slug}.duckdb"),
        },
    )


def deploy_fleet(
    work_pool: str,
    topics: Sequence[str] | None = None,
    cron: str | None = DEFAULT_CRON,
    data_dir: str = "data",
    limit_name: str = LIMIT_NAME,
    per_second: float = DEFAULT_PER_SECOND,
    burst: int = DEFAULT_BURST,
    **parameters,
) -> dict[str, str]:
    """Create or update the pool, the rate limit and one deployment per topic; return
    {slug: deployment id}. topics defaults to every topic file; parameters go to every run
    (base_url, min_interval, ...). Relative data_dir paths resolve in the worker's checkout."""
    from prefect import deploy

    from flows.nightly import nightly_refresh
    from pipeline.config.topics import list_topics, load_topic

    slugs = list(topics or list_topics())
    for slug in slugs:
        load_topic(slug)  # a missing or broken topic file fails here, naming the file
    ensure_work_pool(work_pool)
    ensure_rate_limit(limit_name, per_second, burst)
    flow = nightly_refresh.from_source(
        source=str(ROOT), entrypoint="flows/nightly.py:nightly_refresh"
    )
    deployments = [
        flow.to_deployment(
            name=slug,
            work_pool_name=work_pool,
            cron=cron,
            parameters=topic_parameters(slug, data_dir, limit_name, **parameters),
            description=f"Nightly refresh of topic {slug}, paced by the {limit_name} limit",
            tags=["fleet"],
        )
        for slug in slugs
    ]
    # One call for all: prints one table of the deployments.
    ids = deploy(
        *deployments, work_pool_name=work_pool, print_next_steps_message=False, ignore_warnings=True
    )
    return {slug: str(deployment_id) for slug, deployment_id in zip(slugs, ids, strict=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", required=True, help="process work pool (created if missing)")
    parser.add_argument("--topic", action="append", help="a topic slug (default: every topic)")
    parser.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default {DEFAULT_CRON!r})")
    parser.add_argument("--data-dir", default="data", help="where each topic's database goes")
    parser.add_argument("--limit-name", default=LIMIT_NAME, help="global rate limit name")
    parser.add_argument(
        "--per-second", type=float, default=DEFAULT_PER_SECOND, help="fleet-wide requests/s"
    )
    parser.add_argument("--burst", type=int, default=DEFAULT_BURST, help="requests sent at once")
    parser.add_argument("--base-url", help="API base URL (default: ClinicalTrials.gov)")
    args = parser.parse_args(argv)
    ids = deploy_fleet(
        args.pool,
        args.topic,
        cron=args.cron,
        data_dir=args.data_dir,
        limit_name=args.limit_name,
        per_second=args.per_second,
        burst=args.burst,
        base_url=args.base_url,
    )
    print(
        f"{len(ids)} deployments on work pool {args.pool}; rate limit {args.limit_name}: "
        f"{args.per_second}/s, burst {args.burst}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
