"""Raw landing: the only state that survives. Study versions, query hits, fetch figures, the
registry's enums, rankings and import batches are written here; everything else is rebuilt
from them (pipeline.warehouse.db)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.warehouse.db import sql_text, statement

# Landing reads each file twice and never holds records: the first pass stages only the keys of
# every line (~60 bytes a record), the second streams the chosen records into raw_studies. A
# registry fetch is ~580,000 records and ~11 GB of JSON; holding them would need that much memory.
# The statements are sql/landing/<name>.sql, run in this order.
LANDING = "landing/"


# The second pass finds the lines to store by file and line_hash, a 64-bit hash that is cheap to
# compute, not by their md5 again; when two different lines of one file share a line_hash, by
# their md5 (sql/landing/insert_versions.sql).
INSERT_BY_LINE = "insert_versions.sql"
INSERT_BY_CONTENT = "insert_versions_by_content.sql"


@dataclass(frozen=True)
class LandStats:
    """What one landing of raw records changed."""

    received: int
    new: int
    changed: int
    unchanged: int


# The second pass joins the records read from the files with the keys still to store
# (`incoming`). DuckDB cannot estimate how many lines a file holds (it guesses a few dozen), so
# its build_side_probe_side optimizer hashed the records, not the keys: at 50,000 studies the
# landing insert held 728 MiB of JSON in a hash table and ran out of memory under the writer
# limit on two threads (DuckDB 2.0.1). The insert runs with that optimizer off, so the keys are
# the build side as written and the records stream past them.
KEYS_BUILD_SIDE = "build_side_probe_side"


@contextlib.contextmanager
def _keys_build_side(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Keep the staged keys, not the records, on the build side of the landing insert's join."""
    con.execute("set disabled_optimizers = ?", [KEYS_BUILD_SIDE])
    try:
        yield
    finally:
        con.execute("reset disabled_optimizers")


@dataclass(frozen=True)
class QueryHits:
    """Topic query `query_id` returned every study in the NDJSON file `path`."""

    topic: str
    query_id: str
    path: Path | str


def save_raw(
    con: duckdb.DuckDBPyConnection,
    ndjson_paths: Sequence[Path | str],
    source: str,
    data_timestamp: str | None,
    seen_at: datetime,
    hits: Sequence[QueryHits] = (),
    deep: Sequence[dict] = (),
) -> LandStats:
    """Land NDJSON study files into raw_studies; return how many were new, changed, unchanged.

    `hits` (each of whose paths must be among `ndjson_paths`) are recorded in raw_query_hits from
    the same staged keys, so no file is read a third time. `deep` names the staged records nested
    too deeply (pipeline.fetch.staging.DeepRecord as dicts), recorded in raw_deep_records.
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
    new, changed, received, repeated, ambiguous = con.execute(
        sql_text(LANDING + "count_incoming.sql")
    ).fetchone()
    values = [data_timestamp, seen_at, seen_at, source, paths]
    with _keys_build_side(con):
        con.execute(
            sql_text(LANDING + (INSERT_BY_CONTENT if ambiguous else INSERT_BY_LINE)), values
        )
        if repeated:
            con.execute(sql_text(LANDING + "insert_repeated_versions.sql"), values)
    con.execute(sql_text(LANDING + "touch_versions.sql"), [seen_at])
    if deep:
        con.execute(
            sql_text(LANDING + "save_deep_records.sql"),
            [[d["content_hash"] for d in deep], [d["depth"] for d in deep]],
        )
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


def save_enums(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    run_id: str,
    data_timestamp: str | None,
    fetched_at: datetime,
) -> int:
    """Land a staged /studies/enums body (see ctgov.check_enums) in raw_enums; return its rows."""
    con.execute(
        sql_text(LANDING + "save_enums.sql"), [str(path), run_id, data_timestamp, fetched_at]
    )
    [(rows,)] = con.execute(statement("run_enum_rows"), [run_id]).fetchall()
    return rows


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
        topics = [r[0] for r in con.execute(statement("ranked_topics_now")).fetchall()]
    con.execute(
        statement("save_ranking"),
        [run_id, ranked_at, list(topics)],
    )
    return con.execute(statement("run_ranking_rows"), [run_id]).fetchone()[0]


def save_import(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    imported_at: datetime,
    files: Sequence[str],
    records: int,
) -> None:
    """Record one import batch (its versions carry source 'import:<batch_id>')."""
    con.execute(
        statement("save_import"),
        [batch_id, imported_at, list(files), records],
    )


def remove_import(con: duckdb.DuckDBPyConnection, batch_id: str) -> int:
    """Delete the study versions an import batch landed; return how many.

    Raises ValueError for a batch that is unknown or already removed.
    """
    row = con.execute(statement("import_removed_at"), [batch_id]).fetchone()
    if row is None:
        raise ValueError(f"no import batch {batch_id!r} (`trials import --list` shows them)")
    if row[0] is not None:
        raise ValueError(f"import batch {batch_id!r} was already removed at {row[0]}")
    removed = con.execute(statement("delete_import_versions"), ["import:" + batch_id]).fetchall()
    con.execute(statement("delete_deep_orphans"))
    con.execute(statement("mark_import_removed"), [batch_id])
    return len(removed)
