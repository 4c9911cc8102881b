"""Dashboard captions computed from the data they caption.

A panel's caption is a template (`caption` in the dashboard definition) filled from one row: the
result of its caption query (`caption_sql`), which reads the chart's own query result as the
relation `chart` in a private in-memory DuckDB. A caption therefore cannot state a number or a
name that the chart does not show. Placeholders are Python format fields; `{n:trial/trials}`
writes the number with the singular or plural noun ("1 trial", "3 trials").
"""

from __future__ import annotations

import string
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd


class CaptionError(ValueError):
    """A caption template names a value its caption query does not return."""


class _Formatter(string.Formatter):
    def format_field(self, value, format_spec: str) -> str:
        if "/" in format_spec and isinstance(value, int):
            one, many = format_spec.split("/", 1)
            return f"{value} {one if value == 1 else many}"
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "none"
        return super().format_field(value, format_spec)


def caption_values(data: pd.DataFrame, sql: str) -> dict:
    """Return the first row of `sql` run over `data` (the relation `chart`) as a dict."""
    with duckdb.connect() as con:
        con.register("chart", data)
        result = con.execute(sql)
        names = [d[0] for d in result.description]
        row = result.fetchone()
    values = dict(zip(names, row, strict=True)) if row else dict.fromkeys(names)
    # Integral counts (DuckDB's hugeint sums arrive as int, decimals as Decimal) format as ints.
    return {k: int(v) if _integral(v) else v for k, v in values.items()}


def _integral(value) -> bool:
    return (
        isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
        and (float(value).is_integer())
    )


def caption(template: str, data: pd.DataFrame, sql_path: Path | None, source: str) -> str:
    """Return `template` filled from the caption query at sql_path run over the panel's data."""
    values = caption_values(data, sql_path.read_text(encoding="utf-8")) if sql_path else {}
    try:
        return _Formatter().format(template, **values)
    except (KeyError, IndexError, ValueError) as exc:
        raise CaptionError(f"{source}: caption cannot be filled ({exc!r})") from None
