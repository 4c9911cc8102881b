"""DuckDB: open a database, apply sql/ (raw schema, macros, seeds' vocabulary), rebuild the tables
and views from raw, describe them (sql/comments/) and run the checks (sql/checks/).

Landing raw records is pipeline.warehouse.landing; build files and publishing are
pipeline.warehouse.builds."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

from pipeline.config import vocabulary
from pipeline.core import resources
from pipeline.core.kinds import Severity
from pipeline.warehouse import relations

SQL_DIR = resources.path("sql")
log = logging.getLogger(__name__)
T = TypeVar("T")

# State that must survive every rebuild: sql/raw/<name>.sql creates <name> when missing.
RAW_TABLES = relations.names_in("raw")
# What the rebuilt tables were last built from (pipeline.warehouse.incremental); sql/state/.
STATE_TABLES = relations.names_in("state")
# Topic and article data loaded by pipeline.warehouse.seeds before the rebuild (sql/seeds/).
# The vocabulary is the one seed that is not topic data: apply_macros loads it (is_open reads it).
VOCABULARY = "vocabulary"
SEEDS = (VOCABULARY, *(name for name in relations.names_in("seeds") if name != VOCABULARY))
# Rebuilt from raw on every run: sql/tables/<name>.sql creates table <name>, sql/views/<name>.sql
# view <name>, in the order their SQL derives (pipeline.warehouse.relations: each after what it
# reads). The normalised (AACT-like) tables hold each study record as rows; the topic tables what
# the topics make of them (membership, relevance, article themes).
RELATIONS = relations.read_relations()
ORDER = tuple(relations.build_order(RELATIONS, RAW_TABLES + STATE_TABLES + SEEDS))
TABLES = tuple(name for name in ORDER if RELATIONS[name].kind == "table")
VIEWS = tuple(name for name in ORDER if RELATIONS[name].kind == "view")
# Built for the other tables to read (`-- build: intermediate` in the file), in a side database
# that is deleted after the rebuild, so never in the published file: study_parsed was 38 % of a
# file's tables (85 of 222 MB at 10,000 studies), copied by every run. An incremental rebuild
# makes the changed studies' rows in its scratch catalog, as it does every table's.
INTERMEDIATE_TABLES = tuple(name for name in TABLES if RELATIONS[name].intermediate)
PUBLISHED_TABLES = tuple(name for name in TABLES if name not in INTERMEDIATE_TABLES)
# The side catalog of a full rebuild (rebuild): <database>.parsed beside the file.
SIDE = "parsed"
# DuckDB macros used by tables and views; sql/macros/<name>.sql, each after the macros it calls.
MACROS = relations.macro_order()
SEVERITIES = tuple(Severity)
# AACT's ctgov schema: one view per AACT table (sql/ctgov/tables.txt) over the relation its file
# marks (`-- aact: ctgov.<name>`): the table of that same name, so a bare AACT name reads it too.
CTGOV = "ctgov"
AACT_TABLES = tuple(
    line.strip()
    for line in (SQL_DIR / "ctgov" / "tables.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def ctgov_sources() -> dict[str, str]:
    """{AACT table: the table its ctgov view reads}, for the AACT tables this build makes: the
    table files marked `-- aact: ctgov.<name>` (pipeline.warehouse.relations)."""
    found: dict[str, str] = {}
    for name in PUBLISHED_TABLES + VIEWS:
        aact = RELATIONS[name].aact
        if aact is not None:
            if aact not in AACT_TABLES or aact in found:
                raise relations.BuildOrderError(
                    f"{RELATIONS[name].path}: ctgov.{aact} is not one AACT table"
                )
            found[aact] = name
    return dict(sorted(found.items()))


@dataclass
class CheckResult:
    """Offending rows of one check; zero rows means it passed."""

    name: str
    severity: Severity
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
# The rebuilt tables' largest row groups (steps.rebuild_tables attaches with it, or smaller: see
# table_row_group_size). DuckDB keeps metadata of every row group and column segment in memory,
# outside its buffer pool, once a table is read: with 2,048-row groups the tables of 580,000
# studies held ~13,000 row groups and the writer's RSS rose ~450 MiB above the pool.
# study_parsed's wide rows keep 2,048 (its side catalog).
TABLE_ROW_GROUP_SIZE = 122_880
# A smaller registry's tables get row groups of about 1/TABLE_ROW_GROUPS of its stored versions,
# so a table of one row a study spans that many (table_row_group_size).
TABLE_ROW_GROUPS = 4
# What a writing connection may hold in memory; heavier steps spill to <database>.tmp. DuckDB's
# buffer pool keeps what it read and wrote cached up to this limit, so the process's peak RSS is
# about the limit plus ~170-250 MiB DuckDB and Python hold outside it. What cannot spill is
# bounded per statement, not by the corpus: json_transform's parsed records
# (sql/tables/study_parsed.sql parses in two parts), the write buffers (WRITE_BUFFER_ROW_GROUPS),
# the landing insert's keys (pipeline.warehouse.landing) and the incremental swap's changed row
# groups
# (pipeline.warehouse.incremental checkpoints after each table). 512 MB is too little for
# study_parsed at
# 50,000 studies; at 640 MB a full load of 580,000 peaks at 864 MiB (docs/scaling.md, "Memory").
WRITER_MEMORY_LIMIT = "640MB"
# A rebuild statement that runs out of memory under WRITER_MEMORY_LIMIT (a registry larger or
# odder than any measured) runs once more under this one, with a warning, instead of failing the
# night's run: the machine has the memory, the limit is what keeps a normal run's RSS near 1 GiB.
FALLBACK_MEMORY_LIMIT = "4GB"
# Row groups a bulk insert buffers per thread before writing them (DuckDB's default: 5). A row
# group of study_parsed or of raw JSON is tens of MB; one is enough to write efficiently.
WRITE_BUFFER_ROW_GROUPS = 1


def attach_literal(path: Path) -> str:
    """Return the resolved `path` as a SQL string literal for ATTACH.

    DuckDB 2 binds `attach ?`, but DuckDB 1.3 (the lowest supported) rejects the parameter
    ("syntax error at or near ?"), so the path is written in, checked rather than escaped.

    This is the one place a value is written into SQL, so it accepts only plain paths: a quote,
    backslash or control character raises instead of being escaped.
    """
    text = str(path)
    bad = [c for c in text if c in "'\\" or ord(c) < 32]
    if bad:
        raise ValueError(f"database path {text!r} contains {bad[0]!r}; rename it")
    return "'" + text + "'"


def attach(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    alias: str,
    read_only: bool = False,
    row_group_size: int | None = None,
) -> None:
    """Attach the database file `path` (resolved) to `con` as `alias`.

    Every ATTACH of a file goes through here, so the path is written into SQL in one place, by
    attach_literal. `alias` is an identifier from this package's code, never from input.
    """
    options = []
    if read_only:
        options.append("read_only")
    if row_group_size is not None:
        options.append(f"row_group_size {int(row_group_size)}")
    suffix = f" ({', '.join(options)})" if options else ""
    con.execute(f"attach {attach_literal(Path(path).resolve())} as {alias}{suffix}")


def connect(
    path: Path | str, read_only: bool = False, row_group_size: int = ROW_GROUP_SIZE
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (':memory:' allowed) for reading, or for writing.

    A writing connection attaches the file as catalog `trials` and makes it the default, so SQL
    names tables without a catalog either way; it writes row groups of `row_group_size` rows.
    """
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect(":memory:")
    con.execute("set memory_limit = ?", [WRITER_MEMORY_LIMIT])
    con.execute("set preserve_insertion_order = false")
    # DuckDB before 1.4 has no such setting (it buffers as it likes there).
    if con.execute(statement("has_setting"), ["write_buffer_row_group_count"]).fetchone()[0]:
        con.execute("set write_buffer_row_group_count = ?", [WRITE_BUFFER_ROW_GROUPS])
    # In 2,048-row groups, trying FSST on every string column took 30% of a rebuild (at 50,000
    # studies: 16.7 s with it, 12.7 s without) and the file came out the same size. The raw JSON
    # is compressed without it (8x at 580,000); connect_tables turns it on for the tables.
    con.execute("set disabled_compression_methods = 'fsst,dict_fsst'")
    # Checkpoints vacuum nothing. DuckDB (1.5 and later) merges adjacent row groups smaller than
    # the attached size: at a landing's closing checkpoint it rewrote the row groups the insert
    # had just written (0.42 of 1.4 s landing 10,000 studies, and a third of the file left free
    # blocks), and with TABLE_ROW_GROUP_SIZE it rewrote the raw tables' 2,048-row groups, GBs of
    # JSON (checkpoints of 12 to 62 s at 580,000 studies). Deleted rows (an incremental swap, a
    # removed import) stay as tombstones until a full rebuild drops the table, or a fresh build
    # (pipeline.warehouse.builds) copies the raw tables.
    con.execute("set max_vacuum_tasks = 0")
    if str(path) == ":memory:":
        return con
    resolved = Path(path).resolve()
    resolved.parent.mkdir(parents=True, exist_ok=True)
    attach(con, resolved, "trials", row_group_size=row_group_size)
    con.execute("use trials")
    # Spill beside the file, as DuckDB does for a file opened directly; the in-memory default
    # would spill to .tmp in whatever directory the process runs in.
    con.execute("set temp_directory = ?", [str(resolved) + ".tmp"])
    return con


def with_memory_fallback(
    con: duckdb.DuckDBPyConnection, what: str, work: Callable[..., T], *args: object
) -> T:
    """Return `work(*args)` (statements on `con` that may run again); if DuckDB runs out of
    memory, run it once more under FALLBACK_MEMORY_LIMIT, then restore WRITER_MEMORY_LIMIT.

    `work` must leave no transaction open when it fails (roll back what it began).
    """
    try:
        return work(*args)
    except duckdb.OutOfMemoryException as exc:
        log.warning(
            "%s ran out of memory under %s (%s); running it again under %s",
            what,
            WRITER_MEMORY_LIMIT,
            str(exc).splitlines()[0],
            FALLBACK_MEMORY_LIMIT,
        )
    con.execute("set memory_limit = ?", [FALLBACK_MEMORY_LIMIT])
    try:
        return work(*args)
    finally:
        try:
            con.execute("set memory_limit = ?", [WRITER_MEMORY_LIMIT])
        except duckdb.OutOfMemoryException:
            # DuckDB before 2 refuses a limit below what it holds; the connection keeps the
            # fallback limit until it closes rather than fail the run.
            log.warning("%s: memory limit left at %s", what, FALLBACK_MEMORY_LIMIT)


def table_row_group_size(versions: int) -> int:
    """Return the row group size a rebuild writes its tables in, for `versions` stored versions:
    the smallest power of two from ROW_GROUP_SIZE up whose TABLE_ROW_GROUPS groups hold them,
    at most TABLE_ROW_GROUP_SIZE (from 262,145 versions on).

    DuckDB commits a new table smaller than one row group through the WAL, and the next
    checkpoint writes it again; and it gives a table scan one thread a row group. In 122,880-row
    groups every table of 10,000 studies went through the WAL (86 MB) and was built on one
    thread: 0.70 s of the tables after study_parsed, 0.36 s in 4,096-row groups (2.2 and 1.2 s
    at 50,000 in 16,384-row groups). The tables take ~2x the disk in such groups (27 instead of
    13 MB at 10,000), a size that matters only where the tables are big, which is where the
    groups are big again.
    """
    size = ROW_GROUP_SIZE
    while size * TABLE_ROW_GROUPS < versions and size < TABLE_ROW_GROUP_SIZE:
        size *= 2
    return min(size, TABLE_ROW_GROUP_SIZE)


def connect_tables(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open a database for rebuilding its tables: row groups sized to what raw_studies holds
    (table_row_group_size), text compressed with FSST (and, as every writing connection, no
    vacuum: see connect)."""
    con = connect(path, row_group_size=TABLE_ROW_GROUP_SIZE)
    if str(path) != ":memory:":
        # The row count DuckDB keeps for the table (no scan); 0 when raw_studies is missing.
        versions = con.execute(statement("stored_versions")).fetchone()[0]
        size = table_row_group_size(versions)
        if size != TABLE_ROW_GROUP_SIZE:
            con.execute("use memory")
            con.execute("detach trials")
            attach(con, Path(path).resolve(), "trials", row_group_size=size)
            con.execute("use trials")
    # FSST compresses the tables' text: in row groups this size it made the tables of 580,000
    # studies 3.6x smaller (1.8 instead of 6.6 GiB used) and the full rebuild no slower (67 s
    # instead of 72 s). In 2,048-row groups it gained nothing (see connect).
    con.execute("reset disabled_compression_methods")
    return con


def apply_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw landing tables, and the rebuild state, when missing."""
    for name in RAW_TABLES:
        con.execute(sql_text(f"raw/{name}.sql"))
    for name in STATE_TABLES:
        con.execute(sql_text(f"state/{name}.sql"))


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence]) -> None:
    """Insert `rows` (lists of equal length, in the table's column order) into `table`.

    One statement with a list parameter per column, unnested side by side: executemany ran a
    statement per row, ~0.5 ms each (0.08 s of seeds and vocabulary in every rebuild).
    `table` is one of SEEDS, the tables this package fills from its own data.
    """
    if table not in SEEDS:
        raise ValueError(f"not a seed table: {table!r}")
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    unnests = ", ".join(f"unnest(${i})" for i in range(1, len(columns) + 1))
    con.execute(f"insert into {table} select {unnests}", columns)


def apply_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the vocabulary table and the SQL macros (is_open reads the former)."""
    con.execute(sql_text(f"seeds/{VOCABULARY}.sql"))
    insert_rows(con, VOCABULARY, vocabulary.rows())
    for name in MACROS:
        con.execute(sql_text(f"macros/{name}.sql"))


def rebuild(
    con: duckdb.DuckDBPyConnection, timings: dict[str, float] | None = None
) -> dict[str, int]:
    """Rebuild every table and view from raw, whatever changed; return row counts per table.

    The macros (apply_macros) and the seed tables (pipeline.warehouse.seeds, which use them) must be
    loaded first. `timings`, when given, receives the seconds each table took.
    """
    drop_rebuilt(con)
    main = con.execute(statement("current_catalog")).fetchone()[0]
    side = _attach_side(con, main)
    try:
        for name in TABLES:
            start = time.perf_counter()
            # An intermediate table goes to the side catalog; every table reads both catalogs.
            home = SIDE if name in INTERMEDIATE_TABLES else main
            con.execute("use " + home)  # USE sets the search path: set it after
            con.execute("set search_path = ?", [f"{home}.main,{SIDE}.main,{main}.main"])
            build_table(con, name, "table")
            if timings is not None:
                timings[name] = time.perf_counter() - start
    finally:
        con.execute("reset search_path")
        con.execute("use " + main)
        con.execute("detach " + SIDE)
        for path in side:
            path.unlink(missing_ok=True)
    return rebuild_views(con)


def build_table(con: duckdb.DuckDBPyConnection, name: str, what: str) -> None:
    """Run sql/tables/<name>.sql under the memory fallback; a failure names `what` and the file.

    `what` is how the log and the error call the rows: "table" (a full rebuild) or "the changed
    rows of" (pipeline.warehouse.incremental).
    """
    text = sql_text(f"tables/{name}.sql")
    as_written = RELATIONS[name].joins_as_written
    if as_written:
        # DuckDB builds a hash join on the side it estimates smaller, and an unnest's estimate is
        # its input's rows: a table of a list's entries (millions of wide rows) looked smaller
        # than the lookup it joins (result_groups) and became the hash table, which grew with
        # the registry past the writer limit. The file's joins build on their right side.
        con.execute("set disabled_optimizers = 'build_side_probe_side'")
    relation = RELATIONS[name]
    try:
        if relation.parts == 1:
            with_memory_fallback(con, f"{what} {name}", con.execute, text)
        else:
            # Each part holds 1/parts of the statement's hash tables and windows at once.
            con.execute("set variable build_parts = ?", [relation.parts])
            for part in range(relation.parts):
                con.execute("set variable build_part = ?", [part])
                # The first part makes the table; the others append the same query's rows.
                sql = text if part == 0 else "insert into " + name + " " + relation.query
                with_memory_fallback(con, f"{what} {name} (part {part + 1})", con.execute, sql)
    except duckdb.Error as exc:
        exc.add_note(f"while rebuilding {what} {name} (sql/tables/{name}.sql)")
        raise
    finally:
        if as_written:
            con.execute("reset disabled_optimizers")
        if relation.parts > 1:
            con.execute("reset variable build_parts")
            con.execute("reset variable build_part")


def _attach_side(con: duckdb.DuckDBPyConnection, main: str) -> list[Path]:
    """Attach the side catalog of a full rebuild; return the files to delete after it.

    Beside the database's file (<file>.parsed), where it can spill and is compressed as the file
    is; in memory for an in-memory database. A killed run's is removed with its build
    (pipeline.warehouse.builds.remove_stale_builds).
    """
    row = con.execute(statement("database_path"), [main])
    path = row.fetchone()[0]
    if not path:
        con.execute("attach ':memory:' as " + SIDE)
        return []
    side = Path(path + "." + SIDE)
    files = [side, side.with_name(side.name + ".wal")]
    for leftover in files:
        leftover.unlink(missing_ok=True)
    attach(con, side, SIDE, row_group_size=ROW_GROUP_SIZE)
    return files


def drop_rebuilt(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every rebuilt view and table, and checkpoint, so the new tables reuse their blocks.

    `create or replace` frees a table's old blocks only once the new one is written: a full
    rebuild of a copy of 150,000 studies grew it from 3.3 to 6.1 GB, and every later run copied
    the bigger file. Dropped and checkpointed first, the file keeps its size.
    """
    for name in reversed(VIEWS):  # identifiers from the fixed tuples VIEWS and TABLES only
        con.execute("drop view if exists " + name)
    for name in reversed(TABLES):
        con.execute("drop table if exists " + name)
    con.execute("checkpoint")


def rebuild_views(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create the views, apply every comment; return row counts per table."""
    for name in VIEWS:
        con.execute(sql_text(f"views/{name}.sql"))
    apply_ctgov(con)
    # Hundreds of catalog updates: one commit instead of one each.
    con.begin()
    apply_comments(con)
    con.commit()
    return {name: table_count(con, name) for name in PUBLISHED_TABLES}


def apply_ctgov(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema ctgov and its views, one per AACT table the build makes, so an analyst's
    `select ... from ctgov.facilities` (any case) runs on a plain read-only connection. Names
    come from AACT_TABLES and the derived table list only (identifiers cannot be bound)."""
    con.execute("create schema if not exists " + CTGOV)
    for name, source in ctgov_sources().items():
        con.execute(f"create or replace view {CTGOV}.{name} as select * from main.{source}")


def apply_comments(con: duckdb.DuckDBPyConnection, only: Iterable[str] | None = None) -> list[str]:
    """Apply sql/comments/<relation>.sql to each relation present (of `only`, when given);
    return the relations commented.

    Comments live in the catalog, so `create or replace` drops them: they are applied after every
    rebuild. A file whose relation is absent is skipped (tests/test_schema_doc.py keeps the files
    and the catalog in sync), so documentation never blocks a refresh.
    """
    present = {row[0] for row in con.execute(statement("described_relations")).fetchall()}
    if only is not None:
        present &= set(only)
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


def check_files() -> list[tuple[str, Severity, Path]]:
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
