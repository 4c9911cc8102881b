"""The nightly refresh flow: version, plan, fetch, land raw, rebuild, check, gate, publish."""

from __future__ import annotations

import os
import shutil
import signal
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from tqdm import tqdm

from pipeline import dashboard, db, history, refresh, report
from pipeline.ctgov import DEFAULT_BASE_URL, Client, FetchStats
from pipeline.topics import Topic, load_topic

# Crash injection for the kill tests: TRIALS_CRASH_AT=fetch|rebuild|publish makes the process
# SIGKILL itself at that point, as a power cut or OOM kill would.
CRASH_AT = "TRIALS_CRASH_AT"


def crash_point(name: str) -> None:
    if os.environ.get(CRASH_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class RunContext:
    """One run's identity, paths and options, passed from the flow to its body."""

    run_id: str
    seen_at: datetime
    published: Path
    data_dir: Path
    staging_dir: Path
    force: bool
    full: bool
    full_every_days: int
    allow_shrink: bool
    max_shrink: float
    page_limit: int
    build_dashboard: bool
    show_progress: bool


@task(name="read-data-timestamp", cache_policy=NO_CACHE)
def read_data_timestamp(client: Client) -> str:
    return client.version()


@task(name="plan-run", cache_policy=NO_CACHE)
def plan_run(
    published: Path,
    topics: list[Topic],
    data_timestamp: str,
    force: bool,
    full: bool,
    full_every_days: int,
) -> tuple[dict[str, history.TopicState], list[history.TopicPlan]]:
    states = history.published_state(published, topics)
    plans = history.plan_topics(
        states, data_timestamp, refresh.now(), force, full, timedelta(days=full_every_days)
    )
    return states, plans


@task(name="fetch-topic-query", cache_policy=NO_CACHE)
def fetch_topic_query(
    client: Client,
    topic: Topic,
    query_id: str,
    plan: history.TopicPlan,
    staging_dir: Path,
    show_progress: bool,
) -> refresh.QueryFetch:
    # No Prefect task retries or caching here: the client's session already retries each
    # request, and a task retry would refetch every page on top of that.
    query = next(q for q in topic.queries if q.id == query_id)
    bar = tqdm(desc=f"{topic.slug}/{query_id}", unit=" studies", disable=not show_progress)

    def progress(stats: FetchStats) -> None:
        if stats.total_count is not None:
            bar.total = stats.total_count
        bar.n = stats.unique
        bar.refresh()
        crash_point("fetch")

    try:
        fetched = refresh.fetch_query(client, topic, query, plan, staging_dir, progress)
    finally:
        bar.close()
    get_run_logger().info(
        "%s/%s (%s): %d distinct of totalCount %s in %d pages, %d requests",
        topic.slug,
        query_id,
        plan.mode,
        fetched.unique_received,
        fetched.total_count,
        fetched.pages,
        fetched.requests,
    )
    return fetched


@task(name="start-build", cache_policy=NO_CACHE)
def start_build(db_path: Path) -> Path:
    return db.new_build(db_path)


@task(name="land-raw", cache_policy=NO_CACHE)
def land_raw(
    build: Path,
    run_id: str,
    data_timestamp: str,
    fetches: list[refresh.QueryFetch],
    seen_at,
    published: Path,
) -> refresh.Landed:
    return refresh.land_fetches(build, run_id, data_timestamp, fetches, seen_at, published)


@task(name="rebuild-tables", cache_policy=NO_CACHE)
def rebuild_tables(build: Path, topics: list[Topic]) -> dict[str, int]:
    crash_point("rebuild")
    return refresh.rebuild_tables(build, topics)


@task(name="run-checks", cache_policy=NO_CACHE)
def run_checks(build: Path) -> list[db.CheckResult]:
    return refresh.run_checks(build)


@task(name="check-shrink", cache_policy=NO_CACHE)
def check_shrink(
    build: Path, states: dict, max_shrink: float, allow_shrink: bool
) -> dict[str, int]:
    return refresh.check_shrink(build, states, max_shrink, allow_shrink)


@task(name="rank-and-export", cache_policy=NO_CACHE)
def rank_and_export(build: Path, run_id: str, topics: list[Topic], generated_at: str) -> list[dict]:
    return refresh.rank_and_export(build, run_id, topics, generated_at)


@task(name="record-run", cache_policy=NO_CACHE)
def record_run(build: Path, record: history.RunRecord, seen_at) -> dict:
    return refresh.record_run(build, record, seen_at)


@task(name="publish-database", cache_policy=NO_CACHE)
def publish_database(build: Path, db_path: Path) -> None:
    db.publish(build, db_path)
    crash_point("publish")


@task(name="publish-site", cache_policy=NO_CACHE)
def publish_site(docs: list[dict], site_dir: Path, limit: int) -> list[Path]:
    return refresh.publish_site(docs, site_dir, limit)


@task(name="render-dashboard", cache_policy=NO_CACHE)
def render_dashboard(published: Path, site_dir: Path) -> Path:
    return dashboard.render_dashboard(published, site_dir / "dashboard.html")


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
    full_every_days: int = 7,
    allow_shrink: bool = False,
    max_shrink: float = 0.2,
    page_limit: int = 10,
    build_dashboard: bool = True,
    show_progress: bool = False,
) -> dict:
    """Refresh the topics from the API and publish database, exports and page; return a summary.

    Skips when the API's dataTimestamp is the one already published (unless force); fetches
    only studies updated since the last load, with a full resync every full_every_days (or
    when full) that marks studies no longer returned as removed.
    """
    topic_objs = [load_topic(slug) for slug in (topics or ["leg-cramps"])]
    published = Path(db_path)
    run_id = refresh.new_run_id()
    ctx = RunContext(
        run_id=run_id,
        seen_at=refresh.now(),
        published=published,
        data_dir=Path(data_dir),
        staging_dir=Path(data_dir) / "staging" / run_id,
        force=force,
        full=full,
        full_every_days=full_every_days,
        allow_shrink=allow_shrink,
        max_shrink=max_shrink,
        page_limit=page_limit,
        build_dashboard=build_dashboard,
        show_progress=show_progress,
    )
    record = history.RunRecord(
        run_id, ctx.seen_at.isoformat(), "failed", topics=[t.slug for t in topic_objs]
    )
    client = Client(
        base_url,
        min_interval=min_interval,
        max_attempts=max_attempts,
        backoff=backoff,
        read_timeout=read_timeout,
    )
    try:
        with client, db.publish_lock(published):
            summary = _refresh(ctx, client, topic_objs, record)
    except BaseException as exc:
        record.finished_at = refresh.now().isoformat()
        record.requests = client.requests_made
        record.error = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, refresh.ChecksFailed):
            record.checks_failed = [c.name for c in exc.failed]
        if not isinstance(exc, db.PublishLocked):
            history.append_run_log(published, record)
        raise
    history.append_run_log(published, record)
    return summary


def _refresh(
    ctx: RunContext, client: Client, topic_objs: list[Topic], record: history.RunRecord
) -> dict:
    logger = get_run_logger()
    run_id, seen_at, published = ctx.run_id, ctx.seen_at, ctx.published
    # Under the lock no other run is active: builds and staging left here were killed runs'.
    for path in db.remove_stale_builds(published):
        logger.warning("removed %s left by a killed run", path)
    shutil.rmtree(ctx.staging_dir.parent, ignore_errors=True)
    data_timestamp = read_data_timestamp(client)
    record.data_timestamp = data_timestamp
    states, plans = plan_run(
        published, topic_objs, data_timestamp, ctx.force, ctx.full, ctx.full_every_days
    )
    for plan in plans:
        logger.info("%s: %s (%s)", plan.topic, plan.mode, plan.reason)
    if all(p.mode == "skip" for p in plans):
        record.outcome, record.mode = "skipped", "skip"
        record.finished_at = refresh.now().isoformat()
        record.requests = client.requests_made
        summary = {"run_id": run_id, "outcome": "skipped", "data_timestamp": data_timestamp,
                   "published": str(published), "requests": client.requests_made,
                   "plans": [asdict(p) for p in plans]}  # fmt: skip
        logger.info("dataTimestamp %s already published: nothing to do", data_timestamp)
        create_markdown_artifact(
            key="run-summary", markdown=report.skip_markdown(summary), description="Skipped"
        )
        return summary
    by_topic = {p.topic: p for p in plans}
    fetches = [
        fetch_topic_query(
            client, topic, q.id, by_topic[topic.slug], ctx.staging_dir, ctx.show_progress
        )
        for topic in topic_objs
        if by_topic[topic.slug].mode != "skip"
        for q in topic.queries
    ]
    record.mode = "full" if any(p.mode == "full" for p in plans) else "incremental"
    build = start_build(published)
    try:
        landed = land_raw(build, run_id, data_timestamp, fetches, seen_at, published)
        counts = rebuild_tables(build, topic_objs)
        checks = run_checks(build)
        members = check_shrink(build, states, ctx.max_shrink, ctx.allow_shrink)
        docs = rank_and_export(build, run_id, topic_objs, refresh.now().isoformat() + "Z")
        record.outcome = "published"
        record.requests = client.requests_made
        record.studies_fetched = landed.stats.received
        record.studies_removed = landed.removed
        record.warnings = [c.name for c in checks if not c.passed]
        record.finished_at = refresh.now().isoformat()
        changes = record_run(build, record, seen_at)
        publish_database(build, published)
    except BaseException:
        record.outcome = "failed"
        db.discard(build)
        raise
    site_files = publish_site(docs, ctx.data_dir / "site", ctx.page_limit)
    if ctx.build_dashboard:
        site_files.append(render_dashboard(published, ctx.data_dir / "site"))
    shutil.rmtree(ctx.staging_dir, ignore_errors=True)
    summary = {
        "run_id": run_id,
        "outcome": "published",
        "mode": record.mode,
        "base_url": client.base_url,
        "data_timestamp": data_timestamp,
        "published": str(published),
        "requests": client.requests_made,
        "plans": [asdict(p) for p in plans],
        "fetches": [asdict(f) for f in fetches],
        "landed": asdict(landed.stats),
        "removed": landed.removed,
        "restored": landed.restored,
        "members": members,
        "tables": counts,
        "warnings": {c.name: [list(r) for r in c.rows] for c in checks if not c.passed},
        "changes": changes,
        "site_files": [str(p) for p in site_files],
        "top": {
            doc["topic"]: [
                {k: t[k] for k in ("rank", "nct_id", "score", "status", "title")}
                for t in doc["trials"]
            ]
            for doc in docs
        },
    }
    for name, rows in summary["warnings"].items():
        logger.warning("check %s: %d rows, e.g. %s", name, len(rows), rows[:3])
    create_markdown_artifact(
        key="run-summary", markdown=report.run_markdown(summary), description="Nightly refresh"
    )
    for doc in docs:
        create_table_artifact(
            key=f"top-trials-{doc['topic']}",
            table=[
                {
                    "rank": t["rank"],
                    "nct_id": t["nct_id"],
                    "score": t["score"],
                    "status": t["status"],
                    "title": t["title"],
                    "reasons": "; ".join(t["reasons"]),
                }
                for t in doc["trials"][: ctx.page_limit]
            ],
            description=f"Top {ctx.page_limit} trials for {doc['topic']}",
        )
    logger.info("published %s: %d studies", published, counts["studies"])
    return summary
