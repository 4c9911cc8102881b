"""The nightly refresh as a Prefect flow: pipeline.jobs.run's refresh, each step a Prefect task.

The orchestration lives in pipeline/jobs/run.py (plain Python); this file only turns its steps into
tasks and adds the run's artifacts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.fetch.ctgov import DEFAULT_BASE_URL
from pipeline.jobs import run
from pipeline.reading import report


def as_task(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one step of pipeline.jobs.run as a Prefect task (no caching, no task retries: the client
    already retries each request, and a task retry would refetch every page on top of that)."""

    def step() -> Any:
        return fn(*args, **kwargs)

    step.__name__ = step.__qualname__ = name.replace("-", "_")
    return task(name=name, cache_policy=NO_CACHE)(step)()


# How long one API request may wait for a slot of the fleet's rate limit before the run fails.
RATE_LIMIT_TIMEOUT = 600.0


def api_slot(limit_name: str) -> Callable[[], None]:
    """Return a hook that blocks until the global rate limit `limit_name` grants one slot."""
    from prefect.concurrency.sync import rate_limit

    def acquire() -> None:
        # strict: a missing limit fails the run instead of letting it go unthrottled.
        rate_limit(limit_name, occupy=1, timeout_seconds=RATE_LIMIT_TIMEOUT, strict=True)

    return acquire


@flow(name="nightly-refresh", log_prints=False)
def nightly_refresh(
    topics: list[str] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    db_path: str = "data/trials.duckdb",
    data_dir: str = "data",
    min_interval: float = 1.0,
    max_attempts: int = 6,
    backoff: float = 2.0,
    read_timeout: float = 60.0,
    force: bool = False,
    full: bool = False,
    rebuild: bool = False,
    full_every_days: int = 7,
    allow_shrink: bool = False,
    max_shrink: float = 0.2,
    page_limit: int = 10,
    build_dashboard: bool = True,
    show_progress: bool = False,
    rate_limit: str | None = None,
) -> dict:
    """Refresh the topics (None: every ranked topic file) from the API and publish database,
    exports and page; return a summary.

    Skips when the API's dataTimestamp is the one already published (unless force), after
    rewriting any site file older than the database; fetches only studies updated since the last
    load, with a full resync every full_every_days (or when full) that marks studies no longer
    returned as removed. Only the studies a run changed are rebuilt, unless rebuild (or a change
    of sql/ or the topics) asks for every table. Any failure ends the flow run Failed and is
    logged in the run log.

    rate_limit names a Prefect global concurrency limit with slot decay (flows/fleet.py): every
    API request first takes one of its slots, so all runs sharing it keep to its pace together.
    """
    opts = run.RefreshOptions(
        db_path=Path(db_path),
        data_dir=Path(data_dir),
        topics=tuple(topics or ()),
        base_url=base_url,
        min_interval=min_interval,
        max_attempts=max_attempts,
        backoff=backoff,
        read_timeout=read_timeout,
        force=force,
        full=full,
        rebuild=rebuild,
        full_every_days=full_every_days,
        allow_shrink=allow_shrink,
        max_shrink=max_shrink,
        page_limit=page_limit,
        build_dashboard=build_dashboard,
        show_progress=show_progress,
        before_request=api_slot(rate_limit) if rate_limit else None,
    )
    result = run.refresh_run(opts, step=as_task)
    summary = result.as_dict()
    if result.outcome == "skipped":
        create_markdown_artifact(
            key="run-summary", markdown=report.skip_markdown(summary), description="Skipped"
        )
        return summary
    create_markdown_artifact(
        key="run-summary", markdown=report.run_markdown(summary), description="Nightly refresh"
    )
    for doc in result.docs:
        create_table_artifact(
            key=f"top-trials-{doc['topic']}",
            table=report.top_trials_table(doc, page_limit),
            description=f"Top {page_limit} trials for {doc['topic']}",
        )
    return summary
