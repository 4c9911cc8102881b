"""DuckDB storage: apply sql/, land raw JSON, rebuild tables, run checks, publish atomically."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"

# State that must survive every rebuild, in creation order.
RAW_TABLES = (
    "raw_studies",
    "raw_query_hits",
    "raw_fetches",
    "raw_rankings",
    "raw_removals",
    "pipeline_runs",
)
# Rebuilt from raw on every run, in dependency order; sql/tables/<name>.sql creates <name>.
TABLES = (
    "study_records",
    "study_parsed",
    "enum_values",
    "studies",
    "conditions",
    "keywords",
    "condition_meshes",
    "interventions",
    "intervention_meshes",
    "arm_groups",
    "sponsors",
    "locations",
    "outcomes",
    "eligibilities",
    "designs",
    "study_topics",
    "study_texts",
    "study_relevance",
    "study_themes",
)
VIEWS = (
    "trial_scores",
    "top_trials",
    "study_versions",
    "status_changes",
    "enrollment_changes",
    "rank_changes",
)
# Topic and article data loaded by pipeline.seeds before the rebuild; sql/seeds/<name>.sql.
SEEDS = ("topics", "topic_terms", "topic_weights", "topic_values", "article_themes")
# DuckDB macros used by tables and views; sql/macros/<name>.sql.
MACROS = ("norm_text", "normalize_mesh_id", "browse_entries")
SEVERITIES = ("error", "warning")


class PublishLocked(RuntimeError):
    """Another refresh holds the publish lock of this database."""


@dataclass(frozen=True)
class LandStats:
    """What one landing of raw records changed."""

    received: int
    new: int
    changed: int
    unchanged: int


@dataclass
class CheckResult:
    """Offending rows of one check; zero rows means it passed."""

    name: str
    severity: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.rows


def sql_text(relative: str) -> str:
    """Return the text of one file under sql/."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (':memory:' allowed)."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def apply_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw landing tables when missing."""
    for name in RAW_TABLES:
        con.execute(sql_text(f"raw/{name}.sql"))


_STAGE = """
create or replace temp table incoming as
select nct_id, content_hash, record
from (
    select
        json_extract_string(json, '$.protocolSection.identificationModule.nctId') as nct_id,
        md5(json::varchar) as content_hash,
        json as record,
        filename
    from read_ndjson_objects(?, filename = true)
)
qualify row_number() over (partition by nct_id order by filename desc, content_hash) = 1
"""

_COUNT = """
select
    count(*) filter (where not exists (select 1 from raw_studies r where r.nct_id = i.nct_id)),
    count(*) filter (where exists (select 1 from raw_studies r where r.nct_id = i.nct_id)
        and not exists (select 1 from raw_studies r
                        where r.nct_id = i.nct_id and r.content_hash = i.content_hash)),
    count(*)
from incoming i
"""

_INSERT = """
insert into raw_studies
select i.nct_id, i.content_hash, ?, ?, ?, ?, i.record
from incoming i
anti join raw_studies r on r.nct_id = i.nct_id and r.content_hash = i.content_hash
"""

_TOUCH = """
update raw_studies set last_seen_at = ?
from incoming i
where raw_studies.nct_id = i.nct_id and raw_studies.content_hash = i.content_hash
"""


def save_raw(
    con: duckdb.DuckDBPyConnection,
    ndjson_paths: Sequence[Path | str],
    source: str,
    data_timestamp: str | None,
    seen_at: datetime,
) -> LandStats:
    """Land NDJSON study files into raw_studies; return how many were new, changed, unchanged."""
    paths = [str(p) for p in ndjson_paths]
    if not paths:
        return LandStats(0, 0, 0, 0)
    con.execute(_STAGE, [paths])
    missing = con.execute("select count(*) from incoming where nct_id is null").fetchone()[0]
    if missing:
        raise ValueError(f"{missing} record(s) without protocolSection.identificationModule.nctId")
    new, changed, received = con.execute(_COUNT).fetchone()
    con.execute(_INSERT, [data_timestamp, seen_at, seen_at, source])
    con.execute(_TOUCH, [seen_at])
    con.execute("drop table incoming")
    return LandStats(received, new, changed, received - new - changed)


def save_query_hits(
    con: duckdb.DuckDBPyConnection, topic: str, query_id: str, ndjson: Path, seen_at: datetime
) -> None:
    """Record that topic query `query_id` returned every study in `ndjson`."""
    con.execute(
        """
        insert into raw_query_hits
        select distinct ?, ?,
            json_extract_string(json, '$.protocolSection.identificationModule.nctId'), ?, ?
        from read_ndjson_objects(?)
        on conflict do update set last_seen_at = excluded.last_seen_at
        """,
        [topic, query_id, seen_at, seen_at, str(ndjson)],
    )


def save_fetch(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    """Record one query's fetch figures (see sql/raw/raw_fetches.sql for the columns)."""
    con.execute(
        """
        insert or replace into raw_fetches by name
        select ?::varchar as run_id, ?::varchar as topic, ?::varchar as query_id,
            ?::varchar as mode, ?::date as since, ?::json as params,
            ?::varchar as data_timestamp, ?::bigint as total_count,
            ?::bigint as received, ?::bigint as unique_received, ?::bigint as pages,
            ?::bigint as requests, ?::timestamp as fetched_at
        """,
        [
            row["run_id"],
            row["topic"],
            row["query_id"],
            row["mode"],
            row["since"],
            row["params"],
            row["data_timestamp"],
            row["total_count"],
            row["received"],
            row["unique_received"],
            row["pages"],
            row["requests"],
            row["fetched_at"],
        ],
    )


def apply_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the SQL macros."""
    for name in MACROS:
        con.execute(sql_text(f"macros/{name}.sql"))


def rebuild(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild every normalised table and view from raw; return row counts per table.

    The seed tables (pipeline.seeds) must be loaded first.
    """
    apply_macros(con)
    for name in TABLES:
        con.execute(sql_text(f"tables/{name}.sql"))
    for name in VIEWS:
        con.execute(sql_text(f"views/{name}.sql"))
    apply_comments(con)
    return {name: table_count(con, name) for name in TABLES}


def apply_comments(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply sql/comments/<relation>.sql to each relation present; return the relations commented.

    Comments live in the catalog, so `create or replace` drops them: they are applied after every
    rebuild. A file whose relation is absent is skipped (tests/test_schema_doc.py keeps the files
    and the catalog in sync), so documentation never blocks a refresh.
    """
    present = {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where not temporary"
            " union all select view_name from duckdb_views() where not internal and not temporary"
        ).fetchall()
    }
    applied = []
    for path in sorted((SQL_DIR / "comments").glob("*.sql")):
        if path.stem in present:
            con.execute(path.read_text(encoding="utf-8"))
            applied.append(path.stem)
    return applied


def table_count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Return the row count of a relation named in TABLES, RAW_TABLES or VIEWS."""
    if name not in TABLES + RAW_TABLES + VIEWS:
        raise ValueError(f"unknown relation {name!r}")
    return con.execute("select count(*) from " + name).fetchone()[0]


def check_files() -> list[tuple[str, str, Path]]:
    """Return (name, severity, path) of every check under sql/checks/<severity>/."""
    found = []
    for severity in SEVERITIES:
        for path in sorted((SQL_DIR / "checks" / severity).glob("*.sql")):
            found.append((path.stem, severity, path))
    return found


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Run every check and return its offending rows."""
    results = []
    for name, severity, path in check_files():
        cur = con.execute(path.read_text(encoding="utf-8"))
        columns = [d[0] for d in cur.description]
        results.append(CheckResult(name, severity, columns, cur.fetchall()))
    return results


@contextlib.contextmanager
def publish_lock(published: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock for refreshing `published`."""
    lock_path = published.with_name(published.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishLocked(
                f"another refresh is running on {published} (lock {lock_path}); try again later"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_build(published: Path) -> Path:
    """Create a build file next to `published` holding a copy of its raw state.

    The published file is copied (DuckDB cannot bind an ATTACH path as a parameter) and every
    rebuilt relation is dropped, so only raw state carries over; freed blocks are reused.
    """
    build = published.with_name(f".{published.name}.build-{uuid.uuid4().hex[:8]}")
    if published.exists():
        shutil.copyfile(published, build)
    con = connect(build)
    try:
        # Identifiers come from the fixed tuples above, never from input.
        for name in VIEWS:
            con.execute("drop view if exists " + name)
        for name in TABLES + SEEDS:
            con.execute("drop table if exists " + name)
        apply_raw_schema(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return build


def save_ranking(con: duckdb.DuckDBPyConnection, run_id: str, ranked_at: datetime) -> int:
    """Store this run's top_trials ranking in raw_rankings; return how many rows."""
    con.execute(
        """
        insert or replace into raw_rankings
        select ?, t.topic, t.rank, t.nct_id, t.score,
            (select max(data_timestamp) from study_records), ?
        from top_trials as t
        """,
        [run_id, ranked_at],
    )
    return con.execute("select count(*) from raw_rankings where run_id = ?", [run_id]).fetchone()[0]


def remove_stale_builds(published: Path) -> list[Path]:
    """Delete build files a killed run left beside `published`; call only under publish_lock."""
    stale = sorted(published.parent.glob(f".{published.name}.build-*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def publish(build: Path, published: Path) -> None:
    """Atomically replace `published` by the finished, closed `build` file."""
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build} still has a write-ahead log; close it before publishing")
    os.replace(build, published)
    dir_fd = os.open(published.parent, os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def discard(build: Path) -> None:
    """Delete an unpublished build file and its write-ahead log."""
    for path in (build, build.with_name(build.name + ".wal")):
        path.unlink(missing_ok=True)
