"""Run history: run ids and times, removals after a full resync, the run log, pipeline_runs, what a
run changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.core import files
from pipeline.core.kinds import Outcome
from pipeline.warehouse import db

# Where a run reads the time: history.now, or a fixed sequence of times in a test that runs the
# same data twice and compares the published bytes (every other input is the data).
Clock = Callable[[], datetime]


def now() -> datetime:
    """Return the current UTC time without tzinfo, as DuckDB TIMESTAMP columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def run_id_at(moment: datetime) -> str:
    """Return the sortable run id of a run started at `moment`, such as 20261125T101500123456Z."""
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def new_run_id() -> str:
    """Return a sortable run id for a run starting now (run_id_at)."""
    return run_id_at(now())


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
        db.statement("restore_members"), [seen_at, topic, topic, seen_at]
    ).fetchall()
    removed = con.execute(
        db.statement("mark_removed"),
        [topic, seen_at, run_id, data_timestamp, topic, seen_at, topic],
    ).fetchall()
    return len(removed), len(restored)


@dataclass
class RunRecord:
    """One row of pipeline_runs."""

    run_id: str
    started_at: str
    outcome: Outcome
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


def save_run(con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
    """Insert or replace one pipeline_runs row."""
    con.execute(db.statement("save_run"), list(astuple(record)))


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
        for run_id, outcome, error in con.execute(db.statement("stored_runs")).fetchall()
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
        "new": rows(db.statement("changes_new"), [seen_at]),
        "changed": rows(db.statement("changes_changed"), [seen_at]),
        "removed": rows(db.statement("changes_removed"), [run_id]),
        "status_changes": rows(db.statement("changes_status"), [seen_at]),
        "rank_changes": rows(db.statement("changes_rank"), [run_id]),
    }
