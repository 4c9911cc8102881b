"""The steps of a refresh, as plain functions: fetch to staging, land, rebuild, check, publish."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline import db, export
from pipeline.ctgov import Client, FetchStats, ProgressCallback
from pipeline.history import (
    RunRecord,
    TopicPlan,
    TopicState,
    load_run_log,
    mark_removals,
    query_params,
    run_changes,
    save_run,
)
from pipeline.records import latest_versions, read_study_file, write_ndjson
from pipeline.seeds import load_seeds
from pipeline.topics import Topic, TopicQuery, list_topics, load_topic


class ChecksFailed(RuntimeError):
    """Error-severity checks found offending rows; nothing was published."""

    def __init__(self, failed: list[db.CheckResult]):
        names = ", ".join(f"{c.name} ({len(c.rows)} rows)" for c in failed)
        super().__init__(f"checks failed, nothing published: {names}")
        self.failed = failed


@dataclass
class QueryFetch:
    """Where one topic query's studies were staged, with its fetch figures."""

    topic: str
    query_id: str
    mode: str
    since: str | None
    params: dict[str, str]
    path: str
    total_count: int | None
    received: int
    unique_received: int
    pages: int
    requests: int
    duplicates: list[str]
    fetched_at: str

    @property
    def complete(self) -> bool:
        return self.total_count is None or self.unique_received == self.total_count


@dataclass(frozen=True)
class Landed:
    """What landing a run's fetches changed in the raw tables."""

    stats: db.LandStats
    removed: int
    restored: int


def now() -> datetime:
    """Return the current UTC time without tzinfo, as DuckDB TIMESTAMP columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_run_id() -> str:
    """Return a sortable run id such as 20261125T101500123456Z."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def fetch_query(
    client: Client,
    topic: Topic,
    query: TopicQuery,
    plan: TopicPlan,
    staging_dir: Path,
    progress: ProgressCallback | None = None,
) -> QueryFetch:
    """Fetch one topic query (full or incremental) into staging_dir as NDJSON; return figures."""
    stats = FetchStats()
    params = query_params(query, plan)
    path = staging_dir / f"{topic.slug}--{query.id}.ndjson"
    write_ndjson(client.iter_studies(params, stats, progress), path)
    return QueryFetch(
        topic=topic.slug,
        query_id=query.id,
        mode=plan.mode,
        since=plan.since.isoformat() if plan.since else None,
        params=params,
        path=str(path),
        total_count=stats.total_count,
        received=stats.received,
        unique_received=stats.unique,
        pages=stats.pages,
        requests=stats.requests,
        duplicates=stats.duplicates,
        fetched_at=now().isoformat(),
    )


def land_fetches(
    build: Path,
    run_id: str,
    data_timestamp: str | None,
    fetches: Sequence[QueryFetch],
    seen_at: datetime,
    published: Path,
) -> Landed:
    """Land staged query results into the build's raw tables; mark removals after full resyncs."""
    con = db.connect(build)
    try:
        con.begin()
        hits = [db.QueryHits(f.topic, f.query_id, f.path) for f in fetches]
        paths = [f.path for f in fetches]
        stats = db.save_raw(con, paths, "api", data_timestamp, seen_at, hits)
        for f in fetches:
            db.save_fetch(
                con,
                {
                    **asdict(f),
                    "run_id": run_id,
                    "params": json.dumps(f.params, sort_keys=True),
                    "data_timestamp": data_timestamp,
                },
            )
        removed = restored = 0
        for topic in sorted({f.topic for f in fetches if f.mode == "full"}):
            r, s = mark_removals(con, topic, run_id, seen_at, data_timestamp)
            removed, restored = removed + r, restored + s
        load_run_log(con, published)
        con.commit()
    finally:
        con.close()
    return Landed(stats, removed, restored)


def rebuild_tables(
    build: Path, topics: Sequence[Topic], timings: dict[str, float] | None = None
) -> dict[str, int]:
    """Load the topic seeds and rebuild every table in the build database; return row counts."""
    con = db.connect(build)
    try:
        db.apply_macros(con)
        # Hundreds of small inserts: one commit instead of one each.
        con.begin()
        load_seeds(con, topics)
        con.commit()
        return db.rebuild(con, timings)
    finally:
        con.close()


def run_checks(build: Path) -> list[db.CheckResult]:
    """Run every check on the build database; raise ChecksFailed when an error check fails."""
    con = db.connect(build, read_only=True)
    try:
        results = db.run_checks(con)
    finally:
        con.close()
    failed = [c for c in results if c.severity == "error" and not c.passed]
    if failed:
        raise ChecksFailed(failed)
    return results


def land_records(
    database: Path,
    studies: Iterable[dict],
    staging: Path,
    source: str,
    data_timestamp: str | None = None,
) -> db.LandStats:
    """Land study records (latest data date per NCT id) into a database's raw tables."""
    write_ndjson(latest_versions(studies).values(), staging)
    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        return db.save_raw(con, [staging], source, data_timestamp, now())
    finally:
        con.close()


def import_files(db_path: Path, files: Sequence[Path], staging_dir: Path) -> dict:
    """Load downloaded JSON files into db_path (raw, tables, checks) and publish it atomically."""
    studies: list[dict] = []
    for path in files:
        studies.extend(read_study_file(path))
    with db.publish_lock(db_path):
        build = db.new_build(db_path)
        try:
            source = "import:" + ",".join(p.name for p in files)
            landed = land_records(build, studies, staging_dir / "import.ndjson", source[:1000])
            counts = rebuild_tables(build, [load_topic(slug) for slug in list_topics()])
            results = run_checks(build)
            db.publish(build, db_path)
        except BaseException:
            db.discard(build)
            raise
    return {
        "files": len(files),
        "records": len(studies),
        "distinct": landed.received,
        "landed": asdict(landed),
        "tables": counts,
        "warnings": {c.name: len(c.rows) for c in results if not c.passed},
    }


class GateFailed(RuntimeError):
    """A publish gate refused the run; nothing was published."""


def check_shrink(
    build: Path, states: dict[str, TopicState], max_shrink: float, allow_shrink: bool
) -> dict[str, int]:
    """Refuse a topic whose member count fell by more than max_shrink since the last publish."""
    con = db.connect(build, read_only=True)
    try:
        counts = dict(
            con.execute(
                "select topic, count(*) from study_topics where removed_at is null group by topic"
            ).fetchall()
        )
    finally:
        con.close()
    for topic, state in states.items():
        new = counts.get(topic, 0)
        if state.members and new < state.members * (1 - max_shrink) and not allow_shrink:
            raise GateFailed(
                f"topic {topic}: {new} studies, down from {state.members} at the last publish "
                f"(more than {max_shrink:.0%} fewer); nothing published. "
                "Rerun with --allow-shrink if the registry really lost them."
            )
    return counts


def record_run(build: Path, record: RunRecord, seen_at: datetime) -> dict:
    """Store the run row in the build's pipeline_runs and return what the run changed."""
    con = db.connect(build)
    try:
        changes = run_changes(con, record.run_id, seen_at)
        record.studies_new = len(changes["new"])
        record.studies_changed = len(changes["changed"])
        save_run(con, record)
        con.execute("checkpoint")
    finally:
        con.close()
    return changes


def rank_and_export(
    build: Path, run_id: str, topics: Sequence[Topic], generated_at: str
) -> list[dict]:
    """Store this run's ranking and return each ranked topic's validated export document.

    A topic without relevance terms (Topic.ranked false, e.g. the whole registry) has no list.
    """
    from pipeline.site import validate_export

    con = db.connect(build)
    try:
        db.save_ranking(con, run_id, now())
        docs = [export.build_export(con, t.slug, generated_at) for t in topics if t.ranked]
    finally:
        con.close()
    for doc in docs:
        if not doc["trials"]:
            raise GateFailed(
                f"topic {doc['topic']}: the ranked list is empty "
                f"({doc['studies_considered']} studies considered); nothing published"
            )
        validate_export(doc)
    return docs


def publish_site(docs: Sequence[dict], site_dir: Path, limit: int = 10) -> list[Path]:
    """Write the validated exports and the article pages atomically; return the paths written."""
    from pipeline.article import load_article
    from pipeline.site import write_site

    written = []
    for path, text in export.export_files(list(docs), site_dir):
        export.write_atomic(path, text)
        written.append(path)
    for doc in docs:
        if doc["article"]:
            article = load_article(doc["article"]["slug"])
            written.extend(write_site(doc, article, site_dir, limit).values())
    return written
