"""The rebuilt relations and their build order, read from the SQL itself.

Every file `sql/tables/<name>.sql` creates table <name> and every `sql/views/<name>.sql` view
<name>, with one `create or replace ... as <query>`. What a relation reads is taken from its
query as DuckDB parses it (`json_serialize_sql`: every base table it names, less its own CTEs),
and the build order is a topological sort of those reads, ties broken by name, so adding a file
is all a new relation needs. A relation that reads a name no file, raw table, state table or seed
defines, a table that reads a view (views are made after every table) or a cycle raises
BuildOrderError naming the file.

A table file holding the line `-- build: intermediate` is built for the other tables to read, in
a side catalog, and never published (study_parsed: see pipeline.warehouse.db.rebuild). One holding
`-- aact: ctgov.<name>` is AACT's table <name>, which view ctgov.<name> shows (db.apply_ctgov).
One holding `-- build: joins as written` is run with DuckDB's build-side choice turned off, so each
hash join builds on its right side as the SQL writes it (db.build_table). One holding
`-- build: in <n> parts` is run n times, each time over the studies with
hash(nct_id) % getvariable('build_parts') = getvariable('build_part') (its SQL filters on them):
created by the first part, appended to by the others (db.build_table).
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import duckdb

from pipeline.core import resources

SQL_DIR = resources.path("sql")
INTERMEDIATE_MARK = re.compile(r"^--\s*build:\s*intermediate\s*$", re.M)
# `-- aact: ctgov.<name>`: the table is AACT's table <name>, shown as view ctgov.<name>.
AACT_MARK = re.compile(r"^--\s*aact:\s*ctgov\.(\w+)\s*$", re.M)
JOINS_AS_WRITTEN_MARK = re.compile(r"^--\s*build:\s*joins as written\s*$", re.M)
PARTS_MARK = re.compile(r"^--\s*build:\s*in\s+(\d+)\s+parts\s*$", re.M)
CREATE = re.compile(
    r"^\s*create\s+or\s+replace\s+(?P<kind>table|view)\s+(?P<name>[\w.]+)\s+as\s", re.I | re.M
)
Kind = Literal["table", "view"]


class BuildOrderError(ValueError):
    """The SQL files do not make a buildable set of relations."""


@dataclass(frozen=True)
class Relation:
    """One rebuilt table or view: its file, what it reads, whether it is published."""

    name: str
    kind: Kind
    path: Path
    reads: frozenset[str]
    intermediate: bool = False
    aact: str | None = None
    joins_as_written: bool = False
    # How many parts the table is built in (`-- build: in <n> parts`), 1 when unmarked.
    parts: int = 1
    # The query after `create or replace <kind> <name> as`.
    query: str = ""


def query_reads(query: str) -> set[str]:
    """Return the names of the tables and views `query` reads (its CTEs left out).

    DuckDB's own parser serialises the query to JSON; every BASE_TABLE node is a read. A name
    qualified by a schema keeps it ('ctgov.facilities').
    """
    con = _parser()
    tree = json.loads(con.execute("select json_serialize_sql(?)", [query]).fetchone()[0])
    if tree.get("error"):
        raise BuildOrderError(tree.get("error_message", "cannot parse"))
    reads: set[str] = set()
    ctes: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                schema = node.get("schema_name") or ""
                reads.add(f"{schema}.{node['table_name']}" if schema else node["table_name"])
            for entry in (node.get("cte_map") or {}).get("map", []):
                ctes.add(entry["key"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return reads - ctes


@cache
def _parser() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(":memory:")


def read_file(path: Path, kind: Kind) -> Relation:
    """Return the relation one SQL file creates; the file must create the relation it is named
    after, and hold one statement."""
    text = path.read_text(encoding="utf-8")
    match = CREATE.search(text)
    if match is None or match.group("kind").lower() != kind or match.group("name") != path.stem:
        raise BuildOrderError(f"{path}: must start with `create or replace {kind} {path.stem} as`")
    query = text[match.end() :].strip().rstrip(";")
    try:
        reads = query_reads(query)
    except (BuildOrderError, duckdb.Error) as exc:
        raise BuildOrderError(f"{path}: {exc}") from exc
    intermediate = bool(INTERMEDIATE_MARK.search(text))
    if intermediate and kind != "table":
        raise BuildOrderError(f"{path}: only a table can be intermediate")
    marks = AACT_MARK.findall(text)
    if len(marks) > 1 or (marks and intermediate):
        raise BuildOrderError(f"{path}: one `-- aact: ctgov.<name>` line, on a published relation")
    aact = marks[0] if marks else None
    as_written = bool(JOINS_AS_WRITTEN_MARK.search(text))
    if as_written and kind != "table":
        raise BuildOrderError(f"{path}: only a table is built with its joins as written")
    parts = [int(n) for n in PARTS_MARK.findall(text)]
    if parts and (kind != "table" or len(parts) > 1 or parts[0] < 2):
        raise BuildOrderError(f"{path}: one `-- build: in <n> parts` line (n >= 2), on a table")
    if parts and "getvariable('build_part')" not in query:
        raise BuildOrderError(f"{path}: built in parts, its query must filter on build_part")
    return Relation(
        path.stem,
        kind,
        path,
        frozenset(reads),
        intermediate,
        aact,
        as_written,
        parts[0] if parts else 1,
        query,
    )


def read_relations(sql_dir: Path = SQL_DIR) -> dict[str, Relation]:
    """Return every relation of sql_dir/tables and sql_dir/views by name."""
    found: dict[str, Relation] = {}
    for folder, kind in (("tables", "table"), ("views", "view")):
        for path in sorted((sql_dir / folder).glob("*.sql")):
            relation = read_file(path, kind)
            if relation.name in found:
                raise BuildOrderError(
                    f"{path}: {relation.name} is also {found[relation.name].path}"
                )
            found[relation.name] = relation
    return found


def build_order(relations: Mapping[str, Relation], given: Iterable[str]) -> list[str]:
    """Return the relations' names in an order where each comes after everything it reads.

    `given` are the names that exist before any relation is built (raw, state and seed tables).
    Tables come before views; among the ready ones the first by name goes first, so the order is
    the same on every machine.
    """
    given = set(given)
    for relation in relations.values():
        for name in sorted(relation.reads):
            if name in given or name == relation.name:
                continue
            if name not in relations:
                raise BuildOrderError(f"{relation.path}: reads {name}, which nothing defines")
            if relation.kind == "table" and relations[name].kind == "view":
                raise BuildOrderError(
                    f"{relation.path}: table {relation.name} reads view {name}, made after it"
                )
    waiting = {
        name: {r for r in rel.reads if r in relations and r != name}
        for name, rel in relations.items()
    }
    readers: dict[str, set[str]] = {name: set() for name in relations}
    for name, reads in waiting.items():
        for read in reads:
            readers[read].add(name)
    # (views last, name): a heap of the relations whose inputs are all built.
    ready = [(relations[n].kind == "view", n) for n, reads in waiting.items() if not reads]
    heapq.heapify(ready)
    order = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        for reader in sorted(readers[name]):
            waiting[reader].discard(name)
            if not waiting[reader]:
                heapq.heappush(ready, (relations[reader].kind == "view", reader))
    if len(order) < len(relations):
        stuck = sorted(set(relations) - set(order))
        raise BuildOrderError("these relations read each other in a cycle: " + ", ".join(stuck))
    return order


def names_in(folder: str, sql_dir: Path = SQL_DIR) -> tuple[str, ...]:
    """Return the stems of the .sql files of one sql/ folder, sorted."""
    return tuple(sorted(p.stem for p in (sql_dir / folder).glob("*.sql")))


MACRO = re.compile(r"create\s+or\s+replace\s+macro\s+(\w+)\s*\(", re.I)


def macro_order(sql_dir: Path = SQL_DIR) -> tuple[str, ...]:
    """Return the macros of sql/macros/ in an order where each comes after the macros it calls.

    DuckDB binds a macro's functions when it is created, so a macro calling another must come
    later. A call is the other macro's name followed by `(` in the body (comments left out);
    ties are broken by name.
    """
    bodies = {}
    for path in sorted((sql_dir / "macros").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        if MACRO.findall(text) != [path.stem]:
            raise BuildOrderError(f"{path}: must create the one macro {path.stem}")
        bodies[path.stem] = re.sub(r"--[^\n]*", "", text)
    calls = {
        name: {
            other
            for other in bodies
            if other != name and re.search(rf"\b{other}\s*\(", body.split("(", 1)[1])
        }
        for name, body in bodies.items()
    }
    order: list[str] = []
    while len(order) < len(bodies):
        ready = sorted(n for n in bodies if n not in order and calls[n] <= set(order))
        if not ready:
            stuck = sorted(set(bodies) - set(order))
            raise BuildOrderError("these macros call each other in a cycle: " + ", ".join(stuck))
        order.append(ready[0])
    return tuple(order)
