"""Do two databases hold the same tables? The incremental-equals-full comparison.

An incremental rebuild must leave every table as a full rebuild of the same raw data would:
`full_copy` rebuilds a copy in full, `compare` compares every rebuilt table and the ranked list as
multisets of rows. Used by tests/test_incremental.py, benchmarks/incremental.py,
benchmarks/incremental_check.py and benchmarks/compare_outputs.py; not part of the runtime.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.config.topics import Topic
from pipeline.jobs import steps
from pipeline.warehouse import db

# What the incremental-equals-full comparison looks at: every rebuilt table and the ranked list.
COMPARED = db.PUBLISHED_TABLES + ("top_trials",)


@dataclass(frozen=True)
class Difference:
    """Rows of one relation found only in the first database, or only in the second."""

    relation: str
    rows: int
    only_first: int
    only_second: int

    @property
    def same(self) -> bool:
        return self.only_first == 0 and self.only_second == 0


def attach_pair(first: Path, second: Path) -> duckdb.DuckDBPyConnection:
    """Return an in-memory connection with `first` attached read-only as a, `second` as b."""
    con = db.connect(":memory:")
    db.attach(con, first, "a", read_only=True)
    db.attach(con, second, "b", read_only=True)
    return con


def multiset_difference(
    con: duckdb.DuckDBPyConnection, name: str, columns: str = "*", b_name: str | None = None
) -> tuple[int, int, int]:
    """Return (rows only in a.name, rows only in b.name, rows in a.name), rows as multisets.

    `b_name` is the relation's name in b where it was renamed (default: `name`).

    Rows are compared by the md5 of their text, not whole: EXCEPT ALL over study_parsed's wide
    rows ran out of memory at 50,000 studies, and the digests of a million rows fit in ~60 MB.
    `name` and `columns` are identifiers the caller took from a fixed tuple or a catalog.
    """
    a = "select md5(r::varchar) from (select " + columns + " from a." + name + ") as r"
    b = "select md5(r::varchar) from (select " + columns + " from b." + (b_name or name) + ") as r"
    only_a, only_b, rows = con.execute(
        "select (select count(*) from (" + a + " except all " + b + ")),"
        " (select count(*) from (" + b + " except all " + a + ")),"
        " (select count(*) from a." + name + ")"
    ).fetchone()
    return only_a, only_b, rows


def compare(first: Path, second: Path) -> list[Difference]:
    """Compare every rebuilt table and top_trials of two databases as multisets of rows."""
    con = attach_pair(first, second)
    try:
        out = []
        for name in COMPARED:  # identifiers from the fixed tuple COMPARED only
            only_a, only_b, rows = multiset_difference(con, name)
            out.append(Difference(name, rows, only_a, only_b))
        return out
    finally:
        con.close()


def full_copy(database: Path, target: Path, topics: Sequence[Topic] = ()) -> Path:
    """Copy `database` to `target` and rebuild the copy's tables in full; return `target`.

    The seeds are those of `topics` and of every topic the database holds, as in a refresh.
    """
    shutil.copyfile(database, target)
    steps.rebuild_tables(target, topics, full=True)
    return target
