"""Run history: what the last publish loaded, run plans, removals, the run log and changes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from pipeline import db, files
from pipeline.topics import Topic, TopicQuery


@dataclass(frozen=True)
class TopicState:
    """What the published database knows of a topic's last successful loads."""

    topic: str
    data_timestamp: str | None = None
    last_full_at: datetime | None = None
    members: int = 0
    # Per query id, the parameters of its last full fetch: a query whose definition differs (or
    # that was never fetched in full) is fetched in full, whatever the topic's plan.
    full_params: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class TopicPlan:
    """How one topic is fetched this run: full, incremental since a date, or not at all.

    `full_queries` are fetched in full even when the topic is incremental or would be skipped:
    their definition is new or changed since the last load. Removals are marked only when the
    whole topic is fetched in full (mode "full").
    """

    topic: str
    mode: str
    since: date | None = None
    reason: str = ""
    full_queries: tuple[str, ...] = ()

    @property
    def fetches(self) -> bool:
        """True when at least one of the topic's queries is sent this run."""
        return self.mode != "skip" or bool(self.full_queries)

    def query_mode(self, query_id: str) -> str:
        """Return how one query of the topic is fetched: full, incremental or skip."""
        if self.mode == "full" or query_id in self.full_queries:
            return "full"
        return self.mode


def published_state(published: Path, topics: list[Topic]) -> dict[str, TopicState]:
    """Return each topic's last successful data timestamp, last full resync and member count."""
    states = {t.slug: TopicState(t.slug) for t in topics}
    if not published.exists():
        return states
    con = db.connect(published, read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        if "raw_fetches" not in tables:
            return states
        rows = con.execute(
            """
            select topic, max(data_timestamp), max(fetched_at) filter (where mode = 'full')
            from raw_fetches group by topic
            """
        ).fetchall()
        full_params: dict[str, dict[str, dict]] = {}
        for topic, query_id, params in con.execute(
            """
            select topic, query_id, arg_max(params, fetched_at)::varchar
            from raw_fetches where mode = 'full' group by all
            """
        ).fetchall():
            full_params.setdefault(topic, {})[query_id] = json.loads(params)
        members = dict(
            con.execute(
                "select topic, count(*) from study_topics where removed_at is null group by topic"
            ).fetchall()
            if "study_topics" in tables
            else []
        )
    finally:
        con.close()
    for topic, data_timestamp, last_full in rows:
        if topic in states:
            states[topic] = TopicState(
                topic, data_timestamp, last_full, members.get(topic, 0), full_params.get(topic, {})
            )
    return states


def changed_queries(topic: Topic, state: TopicState) -> tuple[str, ...]:
    """Return the ids of the topic's queries never fetched in full with their current params."""
    return tuple(q.id for q in topic.queries if state.full_params.get(q.id) != dict(q.params))


def plan_topics(
    states: dict[str, TopicState],
    data_timestamp: str,
    now: datetime,
    force: bool = False,
    full: bool = False,
    full_every: timedelta = timedelta(days=7),
    topics: list[Topic] | None = None,
) -> list[TopicPlan]:
    """Decide per topic: skip (data unchanged), full resync, or incremental since load - 1 day.

    With `topics` given, queries new or changed since their last full fetch are fetched in full.
    """
    plans = []
    definitions = {t.slug: t for t in topics or []}
    for topic, state in states.items():
        fresh = changed_queries(definitions[topic], state) if topic in definitions else ()
        if state.data_timestamp is None:
            plans.append(TopicPlan(topic, "full", reason="first load of this topic"))
        elif full:
            plans.append(TopicPlan(topic, "full", reason="full resync requested"))
        elif state.data_timestamp == data_timestamp and not force:
            reason = f"dataTimestamp {data_timestamp} already loaded"
            if fresh:
                reason += f"; new or changed queries {list(fresh)} in full"
            plans.append(TopicPlan(topic, "skip", reason=reason, full_queries=fresh))
        elif state.last_full_at is None or now - state.last_full_at >= full_every:
            plans.append(TopicPlan(topic, "full", reason=f"no full resync for {full_every.days}d"))
        else:
            since = date.fromisoformat(state.data_timestamp[:10]) - timedelta(days=1)
            reason = f"updated since {since.isoformat()}"
            if fresh:
                reason += f"; new or changed queries {list(fresh)} in full"
            plans.append(TopicPlan(topic, "incremental", since, reason, fresh))
    return plans


def plan_run(
    published: Path,
    topics: list[Topic],
    data_timestamp: str,
    now: datetime,
    force: bool,
    full: bool,
    full_every: timedelta,
) -> tuple[dict[str, TopicState], list[TopicPlan]]:
    """Return the published state of each topic and this run's plan for it."""
    states = published_state(published, topics)
    return states, plan_topics(states, data_timestamp, now, force, full, full_every, topics)


def query_params(query: TopicQuery, plan: TopicPlan) -> dict[str, str]:
    """Return the query's API parameters, narrowed to recent updates for an incremental plan."""
    params = dict(query.params)
    if plan.query_mode(query.id) == "incremental" and plan.since is not None:
        window = f"AREA[LastUpdatePostDate]RANGE[{plan.since.isoformat()},MAX]"
        existing = params.get("filter.advanced")
        params["filter.advanced"] = f"({existing}) AND {window}" if existing else window
    return params


def mark_removals(
    con: duckdb.DuckDBPyConnection,
    topic: str,
    run_id: str,
    seen_at: datetime,
    data_timestamp: str | None,
) -> tuple[int, int]:
    """After a full resync: mark members it did not return as removed, restore those it did.

    Returns (removed, restored).
    """
    restored = con.execute(
        """
        update raw_removals set restored_at = ?
        where topic = ? and restored_at is null and nct_id in (
            select nct_id from raw_query_hits where topic = ? and last_seen_at = ?
        )
        returning nct_id
        """,
        [seen_at, topic, topic, seen_at],
    ).fetchall()
    removed = con.execute(
        """
        insert into raw_removals
        select ?, nct_id, ?, ?, ?, null
        from (
            select nct_id from raw_query_hits where topic = ?
            group by nct_id having max(last_seen_at) < ?
        ) as gone
        where not exists (
            select 1 from raw_removals as r
            where r.topic = ? and r.nct_id = gone.nct_id and r.restored_at is null
        )
        returning nct_id
        """,
        [topic, seen_at, run_id, data_timestamp, topic, seen_at, topic],
    ).fetchall()
    return len(removed), len(restored)


@dataclass
class RunRecord:
    """One row of pipeline_runs."""

    run_id: str
    started_at: str
    outcome: str
    finished_at: str | None = None
    mode: str | None = None
    topics: list[str] | None = None
    data_timestamp: str | None = None
    requests: int | None = None
    studies_fetched: int | None = None
    studies_new: int | None = None
    studies_changed: int | None = None
    studies_removed: int | None = None
    checks_failed: list[str] | None = None
    warnings: list[str] | None = None
    error: str | None = None


def run_log_path(published: Path) -> Path:
    """Return the JSON-lines run log kept beside a published database."""
    return published.with_name(published.name + ".runs.jsonl")


def append_run_log(published: Path, record: RunRecord) -> None:
    """Append one run to the run log beside the published database."""
    files.append_jsonl(run_log_path(published), asdict(record))


_INSERT_RUN = """
insert or replace into pipeline_runs by name
select
    ?::varchar as run_id, ?::timestamp as started_at, ?::timestamp as finished_at,
    ?::varchar as outcome, ?::varchar as mode, ?::varchar[] as topics,
    ?::varchar as data_timestamp, ?::bigint as requests, ?::bigint as studies_fetched,
    ?::bigint as studies_new, ?::bigint as studies_changed, ?::bigint as studies_removed,
    ?::varchar[] as checks_failed, ?::varchar[] as warnings, ?::varchar as error
"""


def save_run(con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
    """Insert or replace one pipeline_runs row."""
    r = record
    con.execute(
        _INSERT_RUN,
        [
            r.run_id,
            r.started_at,
            r.finished_at,
            r.outcome,
            r.mode,
            r.topics,
            r.data_timestamp,
            r.requests,
            r.studies_fetched,
            r.studies_new,
            r.studies_changed,
            r.studies_removed,
            r.checks_failed,
            r.warnings,
            r.error,
        ],
    )


def load_run_log(con: duckdb.DuckDBPyConnection, published: Path) -> int:
    """Copy runs logged beside the published file into pipeline_runs; return how many changed.

    The last line of a run wins: a run that published the database and then failed to write the
    site logs a second line, which replaces the row it stored while publishing.
    """
    path = run_log_path(published)
    if not path.exists():
        return 0
    latest: dict[str, RunRecord] = {}
    for line in files.read_jsonl(path):
        try:
            record = RunRecord(**line)
        except TypeError:
            continue  # a line another version of the pipeline wrote
        latest[record.run_id] = record
    stored = {
        run_id: (outcome, error)
        for run_id, outcome, error in con.execute(
            "select run_id, outcome, error from pipeline_runs"
        ).fetchall()
    }
    saved = 0
    for record in latest.values():
        if stored.get(record.run_id) != (record.outcome, record.error):
            save_run(con, record)
            saved += 1
    return saved


def run_changes(con: duckdb.DuckDBPyConnection, run_id: str, seen_at: datetime) -> dict:
    """Return what this run changed: new, changed and removed studies, status and rank changes."""

    def rows(sql: str, params: list) -> list[dict]:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    return {
        "new": rows(
            "select nct_id from study_versions where version = 1 and first_seen_at = ?"
            " order by nct_id",
            [seen_at],
        ),
        "changed": rows(
            "select nct_id, version from study_versions where version > 1 and first_seen_at = ?"
            " order by nct_id",
            [seen_at],
        ),
        "removed": rows(
            "select topic, nct_id from raw_removals where removed_run_id = ? order by all",
            [run_id],
        ),
        "status_changes": rows(
            "select nct_id, old_status, new_status from status_changes"
            " where changed_seen_at = ? order by nct_id",
            [seen_at],
        ),
        "rank_changes": rows(
            "select topic, nct_id, old_rank, new_rank, movement from rank_changes"
            " where run_id = ? and movement <> 'same' order by topic, new_rank nulls last, nct_id",
            [run_id],
        ),
    }
