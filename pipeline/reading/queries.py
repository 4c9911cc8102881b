"""The analysts' query library (sql/queries/): list, run, and print as a table, CSV or JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.core.text import csv_text, terminal_json, terminal_text
from pipeline.warehouse import db

QUERY_DIR = db.SQL_DIR / "queries"
FORMATS = ("table", "csv", "json")
MAX_CELL = 60


@dataclass(frozen=True)
class Query:
    """One file of sql/queries/: its name, its header comment and its SQL."""

    name: str
    path: Path

    @property
    def header(self) -> list[str]:
        """Return the leading comment lines, without '-- '."""
        lines = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("--"):
                break
            lines.append(line[2:].strip())
        return lines

    @property
    def description(self) -> str:
        """Return the one-line description: the first line of the header."""
        return self.header[0] if self.header else ""

    @property
    def sql(self) -> str:
        """Return the query text."""
        return self.path.read_text(encoding="utf-8")


def list_queries() -> list[Query]:
    """Return every query of sql/queries/, sorted by name."""
    return [Query(p.stem, p) for p in sorted(QUERY_DIR.glob("*.sql"))]


def get_query(name: str) -> Query:
    """Return the query called `name`; raise ValueError for a name that is not in the library."""
    found = {q.name: q for q in list_queries()}
    if name not in found:
        raise ValueError(f"no query named {name!r}; `trials query --list` lists them")
    return found[name]


def run(con: duckdb.DuckDBPyConnection, name: str) -> tuple[list[str], list[tuple]]:
    """Return (column names, rows) of one library query."""
    cur = con.execute(get_query(name).sql)
    return [d[0] for d in cur.description], cur.fetchall()


def frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Return one library query's result as a pandas DataFrame."""
    return con.sql(get_query(name).sql).df()


def _text(value, sep: str = ", ") -> str:
    """Return a cell as plain text: lists joined, dates in ISO form, nulls empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple):
        return sep.join(_text(v, sep) for v in value)
    if isinstance(value, dict):
        return sep.join(f"{k}={_text(v, sep)}" for k, v in value.items())
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def render(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """Return a result as a fixed-width text table, CSV (lists joined by '; ') or JSON."""
    if fmt == "json":
        records = [dict(zip(columns, map(_json_value, row), strict=True)) for row in rows]
        return terminal_json(json.dumps(records, indent=2, ensure_ascii=False))
    if fmt == "csv":
        # Numbers stay numbers (-5 is no formula); text cells are neutralised and quoted by
        # text.csv_text, so a record's text cannot run as a formula or split a row.
        body = [[_csv_value(v) for v in row] for row in rows]
        return csv_text([columns, *body]).rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    cells = [[_cut(_text(v)) for v in row] for row in rows]
    columns = [terminal_text(c) for c in columns]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [
        bool(rows)
        and all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines = [line(columns), line(["-" * w for w in widths])]
    lines += [line(r) for r in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines)


def _csv_value(value):
    """Return a CSV cell: a finite number as a Decimal of its `_text` (a number, never a
    formula, written as that text), anything else as its `_text`."""
    text = _text(value, "; ")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(text) if text else None
        if number is not None and number.is_finite():
            return number
    return text


def _cut(text: str) -> str:
    # terminal_text: no ESC, CSI, OSC or bidi override from a record reaches the terminal.
    text = " ".join(terminal_text(text).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def catalog_text() -> str:
    """Return the library as 'name  description' lines, for `trials query --list`."""
    found = list_queries()
    width = max(len(q.name) for q in found)
    return "\n".join(f"{q.name:<{width}}  {q.description}" for q in found)
