"""The nightly refresh as a Prefect flow: pipeline.jobs.run's refresh, each step a Prefect task.

The orchestration lives in pipeline/jobs/run.py (plain Python); this file only turns its steps into
tasks and adds the run's artifacts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.core.kinds import Outcome
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


def deployment_parameters(rate_limit: str | None = None, **options: Any) -> dict:
    """The flow's parameters for a deployment: the options given (None left out, so the model's
    defaults apply at run time), checked now against RefreshOptions so a bad value fails the
    deploy, not a run at night."""
    given = {k: v for k, v in options.items() if v is not None}
    checked = run.RefreshOptions(**given)
    params: dict[str, Any] = {"options": checked.model_dump(mode="json", exclude_unset=True)}
    if rate_limit:
        params["rate_limit"] = rate_limit
    return params


@flow(name="nightly-refresh", log_prints=False)
def nightly_refresh(
    options: run.RefreshOptions | None = None, rate_limit: str | None = None
) -> dict:
    """Refresh the topics (none named: every ranked topic file) from the API and publish
    database, exports and page; return a summary.

    options are pipeline.jobs.run.RefreshOptions, the model the CLI builds, with its defaults (a
    deployment's parameters give it as JSON: {"options": {"topics": ["..."], ...}}). Skips when
    the API's dataTimestamp is the one already published (unless force), after rewriting any site
    file older than the database; fetches only studies updated since the last load, with a full
    resync every full_every_days (or when full) that marks studies no longer returned as
    removed. Only the studies a run changed are rebuilt, unless rebuild (or a change of sql/ or
    the topics) asks for every table. Any failure ends the flow run Failed and is logged in the
    run log.

    rate_limit names a Prefect global concurrency limit with slot decay (flows/fleet.py): every
    API request first takes one of its slots, so all runs sharing it keep to its pace together.
    """
    opts = options if options is not None else run.RefreshOptions()
    hook = api_slot(rate_limit) if rate_limit else None
    result = run.refresh_run(opts, step=as_task, before_request=hook)
    summary = result.as_dict()
    if result.outcome == Outcome.SKIPPED:
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
            table=report.top_trials_table(doc, opts.page_limit),
            description=f"Top {opts.page_limit} trials for {doc['topic']}",
        )
    return summary
