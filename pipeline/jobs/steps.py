"""The steps of a refresh, as plain functions pipeline.jobs.run calls in order: fetch to staging,
land,
rebuild, check, gate, rank and record; and the step hook that calls them (a Prefect task in flows/).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.config.topics import Topic, TopicError, TopicQuery, load_topic
from pipeline.core.kinds import FetchMode, Severity
from pipeline.fetch.ctgov import Client, CtgovError, FetchStats, ProgressCallback
from pipeline.fetch.staging import write_staged
from pipeline.jobs.planning import TopicPlan, TopicState, query_params
from pipeline.publish import export
from pipeline.warehouse import db, incremental, landing
from pipeline.warehouse.history import (
    Clock,
    RunRecord,
    load_run_log,
    mark_removals,
    now,
    run_changes,
    save_run,
)
from pipeline.warehouse.seeds import load_seeds

log = logging.getLogger(__name__)

Step = Callable[..., Any]


def direct(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The default step hook: call the step."""
    return fn(*args, **kwargs)


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
    # Records of this answer that share an nctId with an earlier, different one (both staged).
    collisions: list[str] = field(default_factory=list)
    # Staged records nested past pipeline.fetch.staging.MAX_DEPTH: content_hash and depth.
    deep: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.total_count in (None, self.unique_received, self.received)


@dataclass(frozen=True)
class Landed:
    """What landing a run's fetches changed in the raw tables."""

    stats: landing.LandStats
    removed: int
    restored: int


def fetch_query(
    client: Client,
    topic: Topic,
    query: TopicQuery,
    plan: TopicPlan,
    staging_dir: Path,
    progress: ProgressCallback | None = None,
    clock: Clock = now,
) -> QueryFetch:
    """Fetch one topic query (full or incremental) into staging_dir as NDJSON; return figures."""
    stats = FetchStats()
    params = query_params(query, plan)
    path = staging_dir / f"{topic.slug}--{query.id}.ndjson"
    staged = write_staged(client.iter_study_lines(params, stats, progress), path)
    return QueryFetch(
        topic=topic.slug,
        query_id=query.id,
        mode=plan.query_mode(query.id),
        since=plan.since.isoformat()  # type: ignore[union-attr]  # an incremental plan has one
        if plan.query_mode(query.id) == FetchMode.INCREMENTAL
        else None,
        params=params,
        path=str(path),
        total_count=stats.total_count,
        received=stats.received,
        unique_received=stats.unique,
        pages=stats.pages,
        requests=stats.requests,
        duplicates=stats.duplicates,
        fetched_at=clock().isoformat(),
        collisions=stats.collisions,
        deep=[asdict(d) for d in staged.deep],
    )


@dataclass(frozen=True)
class EnumsFetch:
    """Where the registry's /studies/enums body was staged, and when it arrived."""

    path: str
    fetched_at: str


def fetch_enums(client: Client, staging_dir: Path, clock: Clock = now) -> EnumsFetch | None:
    """Stage the registry's current enums as JSON; None, with a warning, when the request fails.

    A failure never fails the run: the unknown-value rules then use the last recorded registry
    enums or the spec's (enum_values), and the registry_enums_unavailable check reports it.
    """
    try:
        body = client.enums()
    except CtgovError as exc:
        log.warning(
            "registry enums not read (%s); unknown values are checked against the last recorded"
            " registry enums, else the spec's",
            exc,
        )
        return None
    path = staging_dir / "enums.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body), encoding="utf-8")
    return EnumsFetch(str(path), clock().isoformat())


def land_enums(
    build: Path, run_id: str, data_timestamp: str | None, fetched: EnumsFetch | None
) -> int:
    """Record a run's staged registry enums in the build's raw_enums; return the rows."""
    if fetched is None:
        return 0
    with db.connect(build) as con:
        return landing.save_enums(
            con, fetched.path, run_id, data_timestamp, datetime.fromisoformat(fetched.fetched_at)
        )


def land_fetches(
    build: Path,
    run_id: str,
    data_timestamp: str | None,
    fetches: Sequence[QueryFetch],
    seen_at: datetime,
    published: Path,
    full_topics: Sequence[str] = (),
) -> Landed:
    """Land staged query results into the build's raw tables; mark removals after full resyncs.

    Removals are marked only for `full_topics`, whose every query was fetched in full this run.
    """
    with db.connect(build) as con:
        con.begin()
        hits = [landing.QueryHits(f.topic, f.query_id, f.path) for f in fetches]
        paths = [f.path for f in fetches]
        deep = [d for f in fetches for d in f.deep]
        stats = landing.save_raw(con, paths, "api", data_timestamp, seen_at, hits, deep)
        for f in fetches:
            landing.save_fetch(
                con,
                {
                    **asdict(f),
                    "run_id": run_id,
                    "params": json.dumps(f.params, sort_keys=True),
                    "data_timestamp": data_timestamp,
                },
            )
        removed = restored = 0
        for topic in sorted(full_topics):
            r, s = mark_removals(con, topic, run_id, seen_at, data_timestamp)
            removed, restored = removed + r, restored + s
        load_run_log(con, published)
        con.commit()
    return Landed(stats, removed, restored)


def database_topics(con: duckdb.DuckDBPyConnection, topics: Sequence[Topic]) -> list[Topic]:
    """Return `topics` plus every other topic the database already holds (fetched or ranked).

    Rebuilding loads the seeds of all of them, so a run for one topic leaves the others' tables
    and lists in place. A topic whose file is gone is left out, with a warning.
    """
    out = list(topics)
    have = {t.slug for t in out}
    held = con.execute(db.statement("database_topics")).fetchall()
    for (slug,) in held:
        if slug in have:
            continue
        have.add(slug)
        try:
            out.append(load_topic(slug))
        except TopicError as exc:
            log.warning("topic %s is in the database but its file cannot be loaded: %s", slug, exc)
    return out


def rebuild_tables(
    build: Path,
    topics: Sequence[Topic],
    timings: dict[str, float] | None = None,
    full: bool = False,
    clock: Clock = now,
) -> dict[str, int]:
    """Load the seeds of `topics` and of every topic the database holds, rebuild the tables.

    Only the rows of the studies the run changed are redone, unless `full` or a change of sql/,
    seeds or DuckDB asks for every table (pipeline.warehouse.incremental). Returns row counts per
    table.
    """
    with db.connect_tables(build) as con:
        db.apply_macros(con)
        every = database_topics(con, topics)
        # Hundreds of small inserts: one commit instead of one each.
        con.begin()
        load_seeds(con, every)
        con.commit()
        counts, mode = incremental.rebuild(con, timings, full, clock())
        log.info("rebuilt %s: %s", build.name, mode)
        return counts


def run_checks(build: Path) -> list[db.CheckResult]:
    """Run every check on the build database; raise ChecksFailed when an error check fails."""
    with db.connect(build, read_only=True) as con:
        results = db.run_checks(con)
    failed = [c for c in results if c.severity == Severity.ERROR and not c.passed]
    if failed:
        raise ChecksFailed(failed)
    return results


class GateFailed(RuntimeError):
    """A publish gate refused the run; nothing was published."""


def check_shrink(
    build: Path, states: dict[str, TopicState], max_shrink: float, allow_shrink: bool
) -> dict[str, int]:
    """Refuse a topic whose member count fell by more than max_shrink since the last publish."""
    with db.connect(build, read_only=True) as con:
        counts = dict(con.execute(db.statement("topic_member_counts")).fetchall())
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
    with db.connect(build) as con:
        changes = run_changes(con, record.run_id, seen_at)
        record.studies_new = len(changes["new"])
        record.studies_changed = len(changes["changed"])
        save_run(con, record)
        con.execute("checkpoint")
    return changes


def rank_and_export(
    build: Path, run_id: str, topics: Sequence[Topic], clock: Clock = now
) -> list[dict]:
    """Store this run's ranking of `topics` and return each ranked topic's validated export.

    Other topics the database holds keep their stored rankings (and their site files). A topic
    without relevance terms (Topic.ranked false, e.g. the whole registry) has no list.
    """
    from pipeline.publish.export_validation import validate_export

    ranked = [t for t in topics if t.ranked]
    with db.connect(build) as con:
        ranked_at = clock()
        landing.save_ranking(con, run_id, ranked_at, [t.slug for t in ranked])
        docs = [
            export.build_export(con, t.slug, ranked_at.isoformat() + "Z", run_id=run_id)
            for t in ranked
        ]
    for doc in docs:
        if not doc["trials"]:
            raise GateFailed(
                f"topic {doc['topic']}: the ranked list is empty "
                f"({doc['studies_considered']} studies considered); nothing published"
            )
        validate_export(doc)
    return docs
