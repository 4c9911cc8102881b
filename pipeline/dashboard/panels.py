"""Dashboard definitions (dashboards/<name>.toml) and the SQL their panels run.

A definition names, per panel, its query (or several `sources`, the first whose relations the
database has), a caption query and a chart spec; [scales] domains and the page's header can come
from queries too. Every query runs on the published database, its $name parameters bound from
[params]; each result is cleaned (`text.clean_value`, cut to MAX_TEXT) before it is drawn or shown.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.core import resources
from pipeline.core.text import clean_text, clean_value, clip
from pipeline.warehouse import db

DASHBOARD_DIR = resources.path("dashboards")
DEFAULT_SPEC = DASHBOARD_DIR / "overview.toml"
# Record text on a chart or in the page: registry titles are at most 300 characters.
MAX_TEXT = 300


class DashboardError(RuntimeError):
    """A dashboard cannot be rendered: its definition is malformed or its chart renderer failed."""


def load_spec(path: Path) -> dict:
    """Return a dashboard definition, checked for the keys rendering needs."""
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    ids = [p.get("id") for p in spec.get("panels", [])]
    if not ids or None in ids or len(set(ids)) != len(ids):
        raise DashboardError(f"{path}: every [[panels]] needs a unique id")
    for panel in spec["panels"]:
        if "sql" not in panel and "sources" not in panel:
            raise DashboardError(f"{path}: panel {panel['id']} has neither sql nor sources")
        if "mark" not in panel.get("chart", {}):
            raise DashboardError(f"{path}: panel {panel['id']} needs chart.mark")
    return spec


def relations(con) -> set[str]:
    """Return the names of the tables and views the database has."""
    rows = con.execute(db.statement("relation_names")).fetchall()
    return {r[0] for r in rows}


def query(con, sql_path: Path, params: dict[str, str]) -> pd.DataFrame:
    """Return a panel query's result; $name parameters the SQL uses are bound from params.

    Raises DashboardError naming the SQL file when the query fails (a database built before a
    relation the dashboard reads existed, for one)."""
    sql = sql_path.read_text(encoding="utf-8")
    used = {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", sql)}
    try:
        return clean_frame(con.execute(sql, used).df())
    except duckdb.Error as exc:
        raise DashboardError(f"{sql_path}: {str(exc).splitlines()[0]}") from exc


def clean_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Return `data` with `text.clean_text` applied to its column names and every string in it
    (lists and structs included), each cut to MAX_TEXT characters: no control character reaches
    a chart or the page, and no record text is long enough to stall the renderer."""
    data = data.rename(columns=lambda c: clean_text(c) if isinstance(c, str) else c)
    for column in data.columns:
        if data[column].dtype.kind == "O" or isinstance(data[column].dtype, pd.StringDtype):
            data[column] = data[column].map(lambda v: clip(clean_value(v), MAX_TEXT))
    return data


def panel_source(panel: dict, present: set[str]) -> str | None:
    """Return the SQL file of the first source whose required relations all exist."""
    sources = panel.get("sources") or [{"sql": panel["sql"]}]
    for source in sources:
        if set(source.get("requires", [])) <= present:
            return source["sql"]
    return None


def scales_of(con, spec: dict, base: Path) -> dict[str, dict]:
    """Return the spec's [scales], each with `sql` replaced by the domain that query returns
    (its first column, in order)."""
    scales = {}
    for name, scale in spec.get("scales", {}).items():
        scale = dict(scale)
        if "sql" in scale:
            domain = query(con, base / scale.pop("sql"), spec.get("params", {}))
            scale["domain"] = domain.iloc[:, 0].tolist()
        scales[name] = scale
    return scales


def header(con, spec: dict, base: Path) -> dict[str, str]:
    """Return the page title and lead, their {placeholders} filled from the `header` query."""
    texts = {key: spec[key] for key in ("title", "lead") if key in spec}
    if "header" not in spec:
        return texts
    row = query(con, base / spec["header"], spec.get("params", {})).head(1)
    if row.empty:
        raise DashboardError(f"{base / spec['header']}: no row for {spec.get('params', {})}")
    values = row.iloc[0].to_dict()
    return {key: text.format_map(values) for key, text in texts.items()}
