"""DuckDB storage: apply sql/, land raw JSON, rebuild tables, run checks, publish atomically."""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import files, resources, vocabulary

SQL_DIR = resources.path("sql")

# State that must survive every rebuild, in creation order.
RAW_TABLES = (
    "raw_studies",
    "raw_query_hits",
    "raw_fetches",
    "raw_rankings",
    "raw_removals",
    "pipeline_runs",
    "raw_imports",
    "raw_enums",
)
# What the rebuilt tables were last built from (pipeline.incremental); sql/state/<name>.sql.
STATE_TABLES = ("rebuild_state",)
# Rebuilt from raw on every run, in dependency order; sql/tables/<name>.sql creates <name>.
# The normalised (AACT-like) tables: each study record as rows.
NORMALISED_TABLES = (
    "study_records",
    "study_parsed",
    "spec_enum_values",
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
    "quarantine",
)
# What the topics make of them: membership, relevance and article themes.
TOPIC_TABLES = (
    "study_topics",
    "topic_candidates",
    "study_texts",
    "study_relevance",
    "study_themes",
)
TABLES = NORMALISED_TABLES + TOPIC_TABLES
VIEWS = (
    "trial_scores",
    "top_trials",
    "export_trials",
    "export_topics",
    "study_versions",
    "status_changes",
    "enrollment_changes",
    "rank_changes",
    "import_batches",
)
# Topic and article data loaded by pipeline.seeds before the rebuild; sql/seeds/<name>.sql.
# The vocabulary is the one seed that is not topic data: apply_macros loads it (is_open reads it).
VOCABULARY = "vocabulary"
SEEDS = (
    VOCABULARY,
    "topics",
    "topic_terms",
    "topic_weights",
    "topic_values",
    "topic_tiers",
    "article_themes",
)
# DuckDB macros used by tables and views; sql/macros/<name>.sql.
MACROS = ("is_blank", "norm_text", "normalize_mesh_id", "browse_entries", "is_open")
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


def statement(name: str) -> str:
    """Return the SQL of one statement the code runs (sql/statements/<name>.sql)."""
    return sql_text(f"statements/{name}.sql")


def sql_text(relative: str) -> str:
    """Return the text of one file under sql/."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


# Writers attach the file with small row groups. A record averages ~19 KB, so DuckDB's default
# row group (122,880 rows) buffers ~2.3 GB of JSON before it can write any of it, and under a
# memory limit that buffer goes to the temp directory and is written twice; 2,048 rows (~40 MB)
# lets a landing stream straight into the file. Readers are unaffected: the size only shapes writes.
ROW_GROUP_SIZE = 2048
# What a writing connection may hold in memory; heavier steps spill to <database>.tmp. At 768 MB
# study_parsed ran out of memory at registry size (580,000 studies) on two threads.
WRITER_MEMORY_LIMIT = "1GB"


def attach_literal(path: Path) -> str:
    """Return the resolved `path` as a SQL string literal for ATTACH, which cannot bind it.

    This is the one place a value is written into SQL, so it accepts only plain paths: a quote,
    backslash or control character raises instead of being escaped.
    """
    text = str(path)
    bad = [c for c in text if c in "'\\" or ord(c) < 32]
    if bad:
        raise ValueError(f"database path {text!r} contains {bad[0]!r}; rename it")
    return "'" + text + "'"


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (':memory:' allowed) for reading, or for writing.

    A writing connection attaches the file as catalog `trials` and makes it the default, so SQL
    names tables without a catalog either way.
    """
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect(":memory:")
    con.execute("set memory_limit = ?", [WRITER_MEMORY_LIMIT])
    con.execute("set preserve_insertion_order = false")
    # Trying FSST on every string column took 30% of a rebuild (at 50,000 studies: 16.7 s with
    # it, 12.7 s without) and the file came out the same size.
    con.execute("set disabled_compression_methods = 'fsst,dict_fsst'")
    if str(path) == ":memory:":
        return con
    resolved = Path(path).resolve()
    resolved.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"attach {attach_literal(resolved)} as trials (row_group_size {ROW_GROUP_SIZE})")
    con.execute("use trials")
    # Spill beside the file, as DuckDB does for a file opened directly; the in-memory default
    # would spill to .tmp in whatever directory the process runs in.
    con.execute("set temp_directory = ?", [str(resolved) + ".tmp"])
    return con


def apply_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw landing tables, and the rebuild state, when missing."""
    for name in RAW_TABLES:
        con.execute(sql_text(f"raw/{name}.sql"))
    for name in STATE_TABLES:
        con.execute(sql_text(f"state/{name}.sql"))


# Landing reads each file twice and never holds records: the first pass stages only the keys of
# every line (~60 bytes a record), the second streams the chosen records into raw_studies. A
# registry fetch is ~580,000 records and ~11 GB of JSON; holding them would need that much memory.
# The statements are sql/landing/<name>.sql, run in this order.
LANDING = "landing/"


@dataclass(frozen=True)
class QueryHits:
    """Topic query `query_id` returned every study in the NDJSON file `path`."""

    topic: str
    query_id: str
    path: Path | str


# DuckDB 2 holds more of the inserted JSON per thread: landing 50,000 synthetic studies (892 MB)
# under the 1 GB writer limit ran out of memory on 2 threads, and took 19.7 s / 1,014 MiB on one
# (DuckDB 1.5.6: 15.2 s / 982 MiB on 2 threads). So the landing insert runs on one thread there.
LANDING_THREADS = 1 if int(duckdb.__version__.split(".")[0]) >= 2 else None


@contextlib.contextmanager
def _landing_threads(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the landing insert on LANDING_THREADS threads (None: DuckDB's default)."""
    if LANDING_THREADS is None:
        yield
        return
    con.execute("set threads = ?", [LANDING_THREADS])
    try:
        yield
    finally:
        con.execute("reset threads")


def save_raw(
    con: duckdb.DuckDBPyConnection,
    ndjson_paths: Sequence[Path | str],
    source: str,
    data_timestamp: str | None,
    seen_at: datetime,
    hits: Sequence[QueryHits] = (),
) -> LandStats:
    """Land NDJSON study files into raw_studies; return how many were new, changed, unchanged.

    `hits` (each of whose paths must be among `ndjson_paths`) are recorded in raw_query_hits from
    the same staged keys, so no file is read a third time.
    """
    paths = [str(p) for p in ndjson_paths]
    if not paths:
        return LandStats(0, 0, 0, 0)
    unknown = [str(h.path) for h in hits if str(h.path) not in paths]
    if unknown:
        raise ValueError(f"query hits for files not being landed: {unknown}")
    con.execute(sql_text(LANDING + "keyed_records.sql"))
    con.execute(sql_text(LANDING + "staged_keys.sql"), [paths])
    con.execute(sql_text(LANDING + "incoming.sql"))
    new, changed, received, repeated = con.execute(
        sql_text(LANDING + "count_incoming.sql")
    ).fetchone()
    values = [data_timestamp, seen_at, seen_at, source, paths]
    with _landing_threads(con):
        con.execute(sql_text(LANDING + "insert_versions.sql"), values)
        if repeated:
            con.execute(sql_text(LANDING + "insert_repeated_versions.sql"), values)
    con.execute(sql_text(LANDING + "touch_versions.sql"), [seen_at])
    for h in hits:
        con.execute(
            sql_text(LANDING + "save_query_hits.sql"),
            [h.topic, h.query_id, seen_at, seen_at, str(h.path)],
        )
    con.execute("drop table incoming")
    con.execute("drop table staged_keys")
    return LandStats(received, new, changed, received - new - changed)


def save_fetch(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    """Record one query's fetch figures (see sql/raw/raw_fetches.sql for the columns)."""
    con.execute(
        sql_text(LANDING + "save_fetch.sql"),
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


_ENUMS = """
insert or ignore into raw_enums
with types as (
    select json as entry from read_json_objects(?, format = 'array')
),

items as (
    select
        entry ->> '$.type' as enum_type,
        unnest(json_extract(entry, '$.values[*]')) as item,
        generate_subscripts(json_extract(entry, '$.values[*]'), 1) as ordinal
    from types
)

select ?, ?, ?, enum_type, item ->> '$.value', item ->> '$.legacyValue', ordinal
from items
"""


def save_enums(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    run_id: str,
    data_timestamp: str | None,
    fetched_at: datetime,
) -> int:
    """Land a staged /studies/enums body (see ctgov.check_enums) in raw_enums; return its rows."""
    con.execute(_ENUMS, [str(path), run_id, data_timestamp, fetched_at])
    [(rows,)] = con.execute("select count(*) from raw_enums where run_id = ?", [run_id]).fetchall()
    return rows


def apply_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the vocabulary table and the SQL macros (is_open reads the former)."""
    con.execute(sql_text(f"seeds/{VOCABULARY}.sql"))
    con.executemany("insert into vocabulary values (?, ?, ?, ?, ?, ?)", vocabulary.rows())
    for name in MACROS:
        con.execute(sql_text(f"macros/{name}.sql"))


def rebuild(
    con: duckdb.DuckDBPyConnection, timings: dict[str, float] | None = None
) -> dict[str, int]:
    """Rebuild every table and view from raw, whatever changed; return row counts per table.

    The macros (apply_macros) and the seed tables (pipeline.seeds, which use them) must be
    loaded first. `timings`, when given, receives the seconds each table took.
    """
    for name in TABLES:
        start = time.perf_counter()
        try:
            con.execute(sql_text(f"tables/{name}.sql"))
        except duckdb.Error as exc:
            exc.add_note(f"while rebuilding table {name} (sql/tables/{name}.sql)")
            raise
        if timings is not None:
            timings[name] = time.perf_counter() - start
    return rebuild_views(con)


def rebuild_views(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create the views, apply every comment; return row counts per table."""
    for name in VIEWS:
        con.execute(sql_text(f"views/{name}.sql"))
    # Hundreds of catalog updates: one commit instead of one each.
    con.begin()
    apply_comments(con)
    con.commit()
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
    if name not in TABLES + RAW_TABLES + STATE_TABLES + VIEWS:
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


# ioctl FICLONE (linux/fs.h): make `dst` share every block of `src`, copy-on-write.
_FICLONE = 0x40049409


def clone_file(src: Path, dst: Path) -> bool:
    """Copy `src` to `dst`: a copy-on-write clone where the filesystem has them; True if cloned.

    A clone (btrfs, XFS with reflink, bcachefs) takes no time and no disk until blocks change;
    elsewhere (ext4) the file is copied whole. See docs/scaling.md.
    """
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        try:
            fcntl.ioctl(fout.fileno(), _FICLONE, fin.fileno())
            return True
        except OSError:
            pass
    shutil.copyfile(src, dst)
    return False


def new_build(published: Path) -> Path:
    """Create a build file next to `published` holding a clone or copy of it.

    The build starts as the published file with its rebuilt tables, so the rebuild redoes only
    the studies the run changes (pipeline.incremental), and publishing it is a rename.
    """
    build = published.with_name(f".{published.name}.build-{uuid.uuid4().hex[:8]}")
    try:
        if published.exists():
            clone_file(published, build)
        con = connect(build)
        try:
            apply_raw_schema(con)
            con.execute("checkpoint")
        finally:
            con.close()
    except BaseException:
        discard(build)  # a half-copied build (a full disk) is not left behind
        raise
    return build


def save_ranking(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    ranked_at: datetime,
    topics: Sequence[str] | None = None,
) -> int:
    """Store this run's top_trials ranking of `topics` (default: all) in raw_rankings.

    Other topics keep the ranking their own last run stored. Returns how many rows.
    """
    if topics is None:
        topics = [r[0] for r in con.execute("select distinct topic from top_trials").fetchall()]
    con.execute(
        """
        insert or replace into raw_rankings
        select ?, t.topic, t.rank, t.nct_id, t.score,
            (select max(data_timestamp) from study_records), ?
        from top_trials as t
        where list_contains(?, t.topic)
        """,
        [run_id, ranked_at, list(topics)],
    )
    return con.execute("select count(*) from raw_rankings where run_id = ?", [run_id]).fetchone()[0]


def save_import(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    imported_at: datetime,
    files: Sequence[str],
    records: int,
) -> None:
    """Record one import batch (its versions carry source 'import:<batch_id>')."""
    con.execute(
        "insert into raw_imports values (?, ?, ?, ?, null)",
        [batch_id, imported_at, list(files), records],
    )


def remove_import(con: duckdb.DuckDBPyConnection, batch_id: str) -> int:
    """Delete the study versions an import batch landed; return how many.

    Raises ValueError for a batch that is unknown or already removed.
    """
    row = con.execute(
        "select removed_at from raw_imports where batch_id = ?", [batch_id]
    ).fetchone()
    if row is None:
        raise ValueError(f"no import batch {batch_id!r} (`trials import --list` shows them)")
    if row[0] is not None:
        raise ValueError(f"import batch {batch_id!r} was already removed at {row[0]}")
    removed = con.execute(
        "delete from raw_studies where source = ? returning nct_id", ["import:" + batch_id]
    ).fetchall()
    con.execute(
        "update raw_imports set removed_at = now()::timestamp where batch_id = ?", [batch_id]
    )
    return len(removed)


def remove_stale_builds(published: Path) -> list[Path]:
    """Delete build files a killed run left beside `published`; call only under publish_lock."""
    stale = sorted(published.parent.glob(f".{published.name}.build-*"))
    for path in stale:
        if path.is_dir():  # a build's spill directory (<build>.tmp)
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


def publish(build: Path, published: Path) -> None:
    """Atomically replace `published` by the finished, closed `build` file."""
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build} still has a write-ahead log; close it before publishing")
    files.replace(build, published)


def discard(build: Path) -> None:
    """Delete an unpublished build file and its write-ahead log."""
    for path in (build, build.with_name(build.name + ".wal")):
        path.unlink(missing_ok=True)
