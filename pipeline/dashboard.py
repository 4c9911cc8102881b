"""Dashboards (dashboards/<name>.toml): panels of SQL and a chart spec, rendered to offline HTML.

Each panel's query runs on the published database (read-only); its DataFrame becomes an Altair
chart, rendered to SVG by vl-convert and inlined, so the page needs no script and no network.

Record text is cleaned (`text.clean_value`) before it is drawn, and every chart is rendered in one
child process (`pipeline.chart_render`): a crash of vl-convert cannot take the caller down, it
becomes a one-line DashboardError and the published dashboard stays as it was.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import altair as alt
import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline import db, resources
from pipeline.chart_render import RenderError, render_svgs
from pipeline.files import write_atomic
from pipeline.text import clean_text, clean_value, clip

DASHBOARD_DIR = resources.path("dashboards")
DEFAULT_SPEC = DASHBOARD_DIR / "overview.toml"
TEMPLATE_DIR = resources.templates()
CHANNELS = {
    "x": alt.X,
    "y": alt.Y,
    "color": alt.Color,
    "order": alt.Order,
    "xOffset": alt.XOffset,
    "opacity": alt.Opacity,
}
WIDTH, WIDE_WIDTH = 480, 1040
# Below this share of its drawn size a chart's text is too small to read: it scrolls instead.
MIN_SCALE = 0.65
# Record text on a chart or in the page: registry titles are at most 300 characters.
MAX_TEXT = 300
HIDDEN_COLUMNS = re.compile(r"(_order|^run_id)$")
# Vega marks a data mark's element with role="graphics-symbol" and an aria-label listing its values.
_SYMBOL = re.compile(r'<(\w+)([^>]*?role="graphics-symbol"[^>]*?)(/?)>')
_LABEL = re.compile(r'aria-label="([^"]*)"')
# Axes and legends are graphics-symbols too; they keep their aria-label only.
_GUIDE = re.compile(r'aria-roledescription="(axis|legend)"')
# A data mark: a graphics-symbol that is not an axis or a legend.
MARK = re.compile(r'role="graphics-symbol" aria-roledescription="(?!axis"|legend")')


class DashboardError(RuntimeError):
    """A dashboard cannot be rendered: its definition is malformed or its chart renderer failed."""


@dataclass
class Panel:
    """One rendered panel: its definition, the query result, and the chart as inline SVG."""

    id: str
    title: str
    description: str
    wide: bool
    empty: str
    data: pd.DataFrame
    svg: Markup | None = None
    alt_text: str = ""
    min_width: int = 0
    table_columns: list[str] = field(default_factory=list)


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


def _relations(con) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() union all select view_name from duckdb_views()"
    ).fetchall()
    return {r[0] for r in rows}


def query(con, sql_path: Path, params: dict[str, str]) -> pd.DataFrame:
    """Return a panel query's result; $name parameters the SQL uses are bound from params."""
    sql = sql_path.read_text(encoding="utf-8")
    used = {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", sql)}
    return clean_frame(con.execute(sql, used).df())


def clean_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Return `data` with `text.clean_text` applied to its column names and every string in it
    (lists and structs included), each cut to MAX_TEXT characters: no control character reaches
    a chart or the page, and no record text is long enough to stall the renderer."""
    data = data.rename(columns=lambda c: clean_text(c) if isinstance(c, str) else c)
    for column in data.columns:
        if data[column].dtype.kind == "O" or isinstance(data[column].dtype, pd.StringDtype):
            data[column] = data[column].map(lambda v: clip(clean_value(v), MAX_TEXT))
    return data


def _source(panel: dict, present: set[str]) -> str | None:
    """Return the SQL file of the first source whose required relations all exist."""
    sources = panel.get("sources") or [{"sql": panel["sql"]}]
    for source in sources:
        if set(source.get("requires", [])) <= present:
            return source["sql"]
    return None


def _channel(name: str, spec: dict, scales: dict):
    spec = dict(spec)
    if spec.pop("integer", False):
        # Counts: Vega still ticks at 0.5 on small domains; leave fractional ticks unlabelled.
        label = "datum.value % 1 ? '' : datum.label"
        spec["axis"] = {**spec.get("axis", {}), "tickMinStep": 1, "format": "d", "labelExpr": label}
    if isinstance(spec.get("scale"), str):
        spec["scale"] = alt.Scale(**scales[spec["scale"]])
    return CHANNELS[name](**spec)


def chart(data: pd.DataFrame, spec: dict, scales: dict, wide: bool, title: str) -> alt.Chart:
    """Return the Altair chart a panel's chart spec describes, drawn from its DataFrame."""
    mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
    encodings = {name: _channel(name, spec[name], scales) for name in CHANNELS if name in spec}
    if "tooltip" in spec:
        encodings["tooltip"] = [alt.Tooltip(**t) for t in spec["tooltip"]]
    height = alt.Step(spec["step"]) if "step" in spec else spec.get("height", 240)
    return (
        alt.Chart(data, mark=alt.MarkDef(**mark), description=title)
        .encode(**encodings)
        .properties(width=WIDE_WIDTH if wide else WIDTH, height=height)
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=12, titleFontSize=12, labelLimit=240, grid=True, gridColor="#e8ebef"
        )
        .configure_legend(
            orient="bottom",
            direction="horizontal",
            labelFontSize=12,
            titleFontSize=12,
            labelLimit=320,
        )
    )


def _titled(text: str) -> Markup:
    """Return an SVG whose data marks carry a <title> (a tooltip without script)."""

    def titled(match: re.Match) -> str:
        tag, attrs, closing = match.groups()
        label = _LABEL.search(attrs)
        if not label or _GUIDE.search(attrs):
            return match.group(0)
        title = f"<title>{label.group(1)}</title>"
        return f"<{tag}{attrs}>{title}</{tag}>" if closing else f"<{tag}{attrs}>{title}"

    return Markup(_SYMBOL.sub(titled, text))


def svgs(charts: list[alt.Chart]) -> list[Markup]:
    """Return each chart as inline SVG whose data marks carry a <title>, all rendered in one
    child process (`pipeline.chart_render.render_svgs`; raises its RenderError)."""
    return [_titled(text) for text in render_svgs([c.to_dict() for c in charts])]


def svg(c: alt.Chart) -> Markup:
    """Return one chart as inline SVG whose data marks carry a <title> (see `svgs`)."""
    return svgs([c])[0]


def build_panels(con, spec: dict, base: Path) -> list[Panel]:
    """Run every panel's query and draw its chart; a panel without rows keeps no chart.

    All charts are rendered together in one child process; raises RenderError when it fails.
    """
    params, scales, present = spec.get("params", {}), spec.get("scales", {}), _relations(con)
    panels, drawn = [], []
    for p in spec["panels"]:
        source = _source(p, present)
        data = query(con, base / source, params) if source else pd.DataFrame()
        panel = Panel(
            id=p["id"],
            title=p["title"],
            description=p.get("description", ""),
            wide=p.get("wide", False),
            empty=p.get("empty", "No data yet."),
            data=data,
            table_columns=[c for c in data.columns if not HIDDEN_COLUMNS.search(c)],
        )
        if not data.empty:
            drawn.append((panel, chart(data, p["chart"], scales, panel.wide, p["title"])))
            panel.alt_text = (
                f"{p['title']}: {p['chart']['mark']} chart. {panel.description} "
                f"The data table below the chart lists its {len(data)} values."
            )
        panels.append(panel)
    for (panel, _), text in zip(drawn, svgs([c for _, c in drawn]), strict=True):
        panel.svg = text
        width = re.search(r'<svg[^>]*?\swidth="([\d.]+)"', panel.svg)
        panel.min_width = round(float(width.group(1)) * MIN_SCALE) if width else 0
    return panels


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def render_html(spec: dict, summary: pd.DataFrame, panels: list[Panel], meta: dict) -> str:
    """Return the dashboard page: inline CSS, inline SVG charts, a data table per chart."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined
    )
    env.filters["cell"] = _cell
    return env.get_template("dashboard.html.j2").render(
        spec=spec, summary=summary.to_dict("records"), panels=panels, meta=meta
    )


def render_dashboard(
    db_path: Path,
    out_path: Path,
    spec_path: Path = DEFAULT_SPEC,
    generated_at: str | None = None,
) -> Path:
    """Render a dashboard of the database at db_path (opened read-only) to out_path; return it.

    Raises DashboardError (one line naming out_path) when the chart renderer fails; out_path is
    then left as it was.
    """
    db_path, out_path, spec_path = Path(db_path), Path(out_path), Path(spec_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    spec = load_spec(spec_path)
    con = db.connect(db_path, read_only=True)
    try:
        summary = (
            query(con, spec_path.parent / spec["summary"], spec.get("params", {}))
            if "summary" in spec
            else pd.DataFrame(columns=["label", "value", "note"])
        )
        panels = build_panels(con, spec, spec_path.parent)
    except RenderError as exc:
        raise DashboardError(f"dashboard {out_path} not written: {exc}") from exc
    finally:
        con.close()
    meta = {
        "database": db_path.name,
        "generated_at": generated_at
        or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }
    write_atomic(out_path, render_html(spec, summary, panels, meta))
    return out_path
