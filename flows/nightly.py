"""The nightly refresh flow: version, fetch each topic query, land raw, rebuild, check, publish."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from tqdm import tqdm

from pipeline import db, refresh, report
from pipeline.ctgov import DEFAULT_BASE_URL, Client, FetchStats
from pipeline.topics import Topic, load_topic


@task(name="read-data-timestamp", cache_policy=NO_CACHE)
def read_data_timestamp(client: Client) -> str:
    return client.version()


@task(name="fetch-topic-query", cache_policy=NO_CACHE)
def fetch_topic_query(
    client: Client, topic: Topic, query_id: str, staging_dir: Path, show_progress: bool
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

    try:
        fetched = refresh.fetch_query(client, topic, query, staging_dir, progress)
    finally:
        bar.close()
    get_run_logger().info(
        "%s/%s: %d distinct of totalCount %s in %d pages, %d requests",
        topic.slug,
        query_id,
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
    build: Path, run_id: str, data_timestamp: str, fetches: list[refresh.QueryFetch]
) -> db.LandStats:
    return refresh.land_fetches(build, run_id, data_timestamp, fetches)


@task(name="rebuild-tables", cache_policy=NO_CACHE)
def rebuild_tables(build: Path, topics: list[Topic]) -> dict[str, int]:
    return refresh.rebuild_tables(build, topics)


@task(name="run-checks", cache_policy=NO_CACHE)
def run_checks(build: Path) -> list[db.CheckResult]:
    return refresh.run_checks(build)


@task(name="rank-and-export", cache_policy=NO_CACHE)
def rank_and_export(build: Path, run_id: str, topics: list[Topic], generated_at: str) -> list[dict]:
    return refresh.rank_and_export(build, run_id, topics, generated_at)


@task(name="publish-database", cache_policy=NO_CACHE)
def publish_database(build: Path, db_path: Path) -> None:
    db.publish(build, db_path)


@task(name="publish-site", cache_policy=NO_CACHE)
def publish_site(docs: list[dict], site_dir: Path, limit: int) -> list[Path]:
    return refresh.publish_site(docs, site_dir, limit)


@flow(name="nightly-refresh", log_prints=False)
def nightly_refresh(
    topics: list[str] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    db_path: str = "data/trials.duckdb",
    data_dir: str = "data",
    min_interval: float = 1.0,
    max_attempts: int = 6,
    backoff: float = 2.0,
    page_limit: int = 10,
    show_progress: bool = False,
) -> dict:
    """Refresh the topics from the API and publish the database; return the run summary."""
    logger = get_run_logger()
    topic_objs = [load_topic(slug) for slug in (topics or ["leg-cramps"])]
    published = Path(db_path)
    run_id = refresh.new_run_id()
    staging_dir = Path(data_dir) / "staging" / run_id
    client = Client(base_url, min_interval=min_interval, max_attempts=max_attempts, backoff=backoff)
    with client, db.publish_lock(published):
        data_timestamp = read_data_timestamp(client)
        logger.info("API %s dataTimestamp %s", base_url, data_timestamp)
        fetches = [
            fetch_topic_query(client, topic, q.id, staging_dir, show_progress)
            for topic in topic_objs
            for q in topic.queries
        ]
        build = start_build(published)
        try:
            landed = land_raw(build, run_id, data_timestamp, fetches)
            counts = rebuild_tables(build, topic_objs)
            checks = run_checks(build)
            docs = rank_and_export(build, run_id, topic_objs, refresh.now().isoformat() + "Z")
            publish_database(build, published)
        except BaseException:
            db.discard(build)
            raise
        site_files = publish_site(docs, Path(data_dir) / "site", page_limit)
    shutil.rmtree(staging_dir, ignore_errors=True)
    summary = {
        "run_id": run_id,
        "base_url": base_url,
        "data_timestamp": data_timestamp,
        "published": str(published),
        "requests": client.requests_made,
        "fetches": [asdict(f) for f in fetches],
        "landed": asdict(landed),
        "tables": counts,
        "warnings": {c.name: [list(r) for r in c.rows] for c in checks if not c.passed},
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
                for t in doc["trials"][:page_limit]
            ],
            description=f"Top {page_limit} trials for {doc['topic']}",
        )
    logger.info("published %s: %d studies", published, counts["studies"])
    return summary
