"""Rebuild only the rows of the studies a run changed, or every table when that is not safe.

Every rebuilt row of a study depends on that study's raw rows alone (its versions, its query hits,
its removals) plus data that is the same for all studies (the seeds, enum_values, pipeline_runs).
So a run that changed a few thousand studies runs the very same sql/tables/ files over those
studies only, in a scratch in-memory catalog whose raw_studies, raw_query_hits and raw_removals
are views restricted to them (names the files do not define resolve to the build through the
search path), then swaps those studies' rows in every table. A full rebuild runs the files over
everything, as before; it is what a changed sql/, seed or DuckDB version, a missing table, a
forced `--rebuild` or a run that touched most studies gets. Both give the same tables:
`benchmarks/incremental_check.py` and tests/test_incremental.py compare them table by table.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import datetime

import duckdb

from pipeline.core.kinds import RebuildKind
from pipeline.warehouse import db

# The catalog the changed studies' rows are computed in; db.connect attaches the build as trials.
SCRATCH = "scratch"
STATE_TABLE = "rebuild_state"
HASH_KEY = "tables_hash"
# The raw tables the table files read per study; sql/incremental/<name>.sql restricts each.
PER_STUDY_RAW = ("raw_studies", "raw_query_hits", "raw_removals", "raw_deep_records")


def _study_independent() -> tuple[str, ...]:
    """The tables that read no per-study raw table, directly or through another table (the
    enum vocabularies, the saved searches): the same for every study, so an incremental rebuild
    leaves them alone. A change to what they do read (sql/, a seed, the registry's enums) makes
    the rebuild full (tables_hash)."""
    per_study = set(PER_STUDY_RAW)
    for name in db.TABLES:  # build order: what a table reads is decided before it
        if db.RELATIONS[name].reads & per_study:
            per_study.add(name)
    return tuple(name for name in db.TABLES if name not in per_study)


STUDY_INDEPENDENT = _study_independent()
# How many parts sql/tables/study_parsed.sql parses the records in (a DuckDB variable; 2 unset).
PARSE_PARTS = "study_parsed_parts"
# Past this share of the stored studies, swapping rows costs more than rebuilding everything.
MAX_CHANGED_SHARE = 0.2
# How many studies' rows were swapped since the last full rebuild (rebuild_state). A swap leaves
# the old rows as tombstones and the new ones in small row groups (db.connect vacuums
# nothing), so past this share of the stored studies the next rebuild is full, which compacts
# the tables: about every 40 nights at 580,000 studies and ~3,350 changed a night.
SWAPPED_KEY = "studies_swapped_since_full"
MAX_SWAPPED_SHARE = 0.25


def tables_hash(con: duckdb.DuckDBPyConnection) -> str:
    """Return a hash of what the rebuilt tables are made by: sql/, the seeds, the registry's enums
    in use, DuckDB."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path in sorted(p for p in db.SQL_DIR.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(db.SQL_DIR)).encode())
        digest.update(path.read_bytes())
    for name in db.SEEDS:
        # Identifiers from the fixed tuple db.SEEDS only.
        row = con.execute(
            "select md5(coalesce(string_agg(t::varchar, chr(10) order by t::varchar), ''))"
            " from " + name + " as t"
        ).fetchone()
        digest.update(name.encode() + row[0].encode())
    # The registry's vocabulary in use decides quarantine and unknown values for every study.
    digest.update(con.execute(db.statement("registry_enums_digest")).fetchone()[0].encode())
    return digest.hexdigest()


def _state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute(db.statement("rebuild_state_value"), [key]).fetchone()
    return row[0] if row else None


def _store_state(
    con: duckdb.DuckDBPyConnection, key: str, value: str, at: datetime | None = None
) -> None:
    # `at`: the run's clock (pipeline.warehouse.history.Clock); the database's own by default.
    con.execute(db.statement("store_rebuild_state"), [key, value, at])


def stored_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return the tables hash of the last rebuild of this database (None if never stored)."""
    return _state(con, HASH_KEY)


def store_hash(con: duckdb.DuckDBPyConnection, value: str, at: datetime | None = None) -> None:
    _store_state(con, HASH_KEY, value, at)


def swapped_since_full(con: duckdb.DuckDBPyConnection) -> int:
    """Return how many studies' rows incremental rebuilds swapped since the last full one."""
    return int(_state(con, SWAPPED_KEY) or 0)


def _present(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Return the names of the tables and views the build holds."""
    rows = con.execute(db.statement("build_relations")).fetchall()
    return {r[0] for r in rows}


def missing_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the rebuilt tables the build lacks."""
    present = _present(con)
    return [name for name in db.PUBLISHED_TABLES if name not in present]


def missing_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the views the build lacks."""
    present = _present(con)
    return [name for name in db.VIEWS if name not in present]


def _in_scratch(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("use " + SCRATCH)
    con.execute("set search_path = ?", [f"{SCRATCH}.main,trials.main"])


def _in_build(con: duckdb.DuckDBPyConnection) -> None:
    # USE sets the search path too: after the reset, as db.connect leaves it.
    con.execute("reset search_path")
    con.execute("use trials")


def changed_studies(con: duckdb.DuckDBPyConnection) -> int:
    """Compute scratch.changed_studies (the studies whose rows to redo); return how many."""
    _in_scratch(con)
    try:
        # Left by a try that ran out of memory (db.with_memory_fallback runs this again).
        con.execute("drop table if exists fresh_records")
        con.execute("drop table if exists fresh_topics")
        # study_records and study_topics computed again from raw, under other names, so the
        # stored ones stay visible through the search path for the comparison.
        for name, fresh in (("current_records", "fresh_records"), ("study_topics", "fresh_topics")):
            con.execute(db.sql_text(f"tables/{name}.sql"))
            con.execute("alter table " + name + " rename to " + fresh)
        con.execute(db.sql_text("incremental/changed_studies.sql"))
        con.execute("drop table fresh_records")
        con.execute("drop table fresh_topics")
        return con.execute(db.statement("changed_study_count")).fetchone()[0]
    finally:
        _in_build(con)


def rebuild_changed(
    con: duckdb.DuckDBPyConnection, timings: dict[str, float] | None = None
) -> None:
    """Redo every rebuilt table's rows of scratch.changed_studies, in one transaction."""
    _in_scratch(con)
    # The changed studies are sparse in every chunk of raw_studies already: parse them in one
    # part, not two (sql/tables/study_parsed.sql), so raw_studies is scanned once.
    con.execute("set variable " + PARSE_PARTS + " = 1")
    try:
        for name in PER_STUDY_RAW:
            # raw_studies is copied (a table, sql/incremental/raw_studies.sql): it may need the
            # fallback limit as any rebuild statement may.
            db.with_memory_fallback(
                con,
                f"the changed rows of {name}",
                con.execute,
                db.sql_text(f"incremental/{name}.sql"),
            )
        for name in db.TABLES:
            if name in STUDY_INDEPENDENT:
                continue
            start = time.perf_counter()
            db.build_table(con, name, "the changed rows of")
            if timings is not None:
                timings[name] = time.perf_counter() - start
    finally:
        con.execute("reset variable " + PARSE_PARTS)
        _in_build(con)
    start = time.perf_counter()
    # One transaction and one checkpoint per table: the build file is private until it is
    # published, and a run that fails here discards it, so the swap needs no transaction of its
    # own across the tables. DuckDB keeps a committed table's changed row groups in memory until a
    # checkpoint writes them: swapping every table before one checkpoint grew that, table by
    # table, to the whole writer limit at 150,000 studies (out of memory in `outcomes` at 640 MB);
    # with a checkpoint after each table it stays under 450 MiB and the swap takes ~1.4 s.
    for name in db.PUBLISHED_TABLES:
        if name in STUDY_INDEPENDENT:
            continue
        try:
            db.with_memory_fallback(con, f"the swap of {name}", _swap, con, name)
        except duckdb.Error as exc:
            exc.add_note(f"while swapping the changed rows of {name}")
            raise
        con.execute("checkpoint trials")
        # Its rows are in the build now: free the scratch copy (held in memory) before the next.
        con.execute("drop table scratch.main." + name)
    if timings is not None:
        timings["swap_rows"] = time.perf_counter() - start


def _swap(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Replace the changed studies' rows of trials.name by scratch.name's, in one transaction."""
    con.begin()
    try:
        # Identifiers from the fixed tuple db.TABLES only.
        con.execute(
            "delete from trials.main." + name
            + " where nct_id in (select nct_id from scratch.main.changed_studies)"
        )  # fmt: skip
        con.execute("insert into trials.main." + name + " select * from scratch.main." + name)
        con.commit()
    except BaseException:
        # Else every later statement fails as "transaction is aborted". A commit that failed
        # has ended the transaction already, and this rollback has nothing to undo.
        with contextlib.suppress(duckdb.TransactionException):
            con.rollback()
        raise


def rebuild(
    con: duckdb.DuckDBPyConnection,
    timings: dict[str, float] | None = None,
    full: bool = False,
    at: datetime | None = None,
) -> tuple[dict[str, int], str]:
    """Rebuild the tables (incrementally when safe) and views; return (row counts, mode).

    mode is 'incremental' (only the changed studies' rows were redone, or none changed) or
    'full: <why>'. Macros and seeds must be loaded first, as for db.rebuild.
    """
    con.execute(db.sql_text(f"state/{STATE_TABLE}.sql"))  # databases from before it
    current = tables_hash(con)
    reason = None
    if full:
        reason = "asked for"
    elif missing := missing_tables(con):
        reason = f"no table {missing[0]} yet"
    elif stored_hash(con) != current:
        reason = "sql/, seeds or DuckDB changed since the last rebuild"
    if reason is None:
        con.execute("attach ':memory:' as " + SCRATCH)
        try:
            start = time.perf_counter()
            changed = db.with_memory_fallback(con, "changed_studies", changed_studies, con)
            if timings is not None:
                timings["changed_studies"] = time.perf_counter() - start
            stored = db.table_count(con, "current_records")
            swapped = swapped_since_full(con) + changed
            if changed > max(MAX_CHANGED_SHARE * stored, 1000):
                reason = f"{changed:,} of {stored:,} studies changed"
            elif swapped > max(MAX_SWAPPED_SHARE * stored, 1000):
                reason = f"{swapped:,} studies swapped since the last full rebuild (compaction)"
            elif changed:
                rebuild_changed(con, timings)
        finally:
            _in_build(con)
            con.execute("detach " + SCRATCH)
    if reason is None:
        # The tables were kept (rows swapped in place), so their comments were too, and the
        # unchanged tables hash says sql/ is what made the views: they and their comments are
        # already right. Only the seed tables were created again (pipeline.warehouse.seeds).
        # Recreating
        # every view and comment cost ~0.2 s a run.
        if missing_views(con):
            counts = db.rebuild_views(con)
        else:
            con.begin()
            db.apply_comments(con, only=db.SEEDS)
            con.commit()
            counts = {name: db.table_count(con, name) for name in db.PUBLISHED_TABLES}
        mode = RebuildKind.INCREMENTAL.because("")
        _store_state(con, SWAPPED_KEY, str(swapped), at)
    else:
        counts = db.rebuild(con, timings)
        mode = RebuildKind.FULL.because(reason)
        _store_state(con, SWAPPED_KEY, "0", at)
    store_hash(con, current, at)
    return counts, mode
