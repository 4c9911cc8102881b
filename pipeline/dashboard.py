"""Dashboards (dashboards/<name>.toml): panels of SQL and a chart spec, rendered to offline HTML.

Each panel's query runs on the published database (read-only); its DataFrame becomes an Altair
chart, rendered to SVG by vl-convert and inlined, so the page needs no script and no network.
Every chart is drawn at each width of its kind (WIDTHS) with its text at FONT_SIZE, and the page
shows the widest drawing that fits its panel (CSS container queries): charts are never scaled, so
their text stays at its drawn size and nothing is clipped on a phone. Captions, the page title
and tier labels come from the database (pipeline.captions).

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
import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline import db, resources
from pipeline.captions import caption
from pipeline.chart_render import RenderError, render_svgs
from pipeline.files import write_atomic
from pipeline.text import clean_text, clean_value, clip
from pipeline.top import pick_topic

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
# Drawn widths in CSS pixels, axes and legends included (autosize fit-x), for panels and wide
# panels: the page's panel is 542 px wide at 1280 px (1142 px when wide) and 332 px at 390 px.
WIDTHS = {False: (300, 520), True: (300, 640, 1100)}
# Text on charts, in px (axis labels and titles, legends); the page's own text is 12 px or more.
FONT_SIZE = 13
# The longest axis label on a chart drawn this narrow, in px; longer labels end with an ellipsis
# (the data table below the chart has them in full).
NARROW, NARROW_LABEL_LIMIT = 300, 120
# On a narrow drawing the axis beside horizontal bars takes a fixed width, and a legend (drawn from
# that axis' edge, not the drawing's) wraps its labels to lines of at most this many characters.
NARROW_AXIS, NARROW_LEGEND_CHARS = 130, 18
_WRAP = (
    f"split(trim(replace(datum.label, regexp('(.{{1,{NARROW_LEGEND_CHARS}}})(\\\\s+|$)', 'g'),"
    " '$1\\n')), '\\n')"
)
# Record text on a chart or in the page: registry titles are at most 300 characters.
MAX_TEXT = 300
HIDDEN_COLUMNS = re.compile(r"(_order$|^run_id$|^_)")
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
class Drawing:
    """A chart drawn at one width, shown while its panel is from `shown_from` px wide up to (not
    including) `shown_below` px (0: no bound)."""

    width: int
    svg: Markup
    shown_from: int = 0
    shown_below: int = 0

    @property
    def css_class(self) -> str:
        """Return the class the page's container queries show and hide this drawing by."""
        return f"fit-{self.shown_from}-{self.shown_below}"


@dataclass
class Panel:
    """One rendered panel: its definition, the query result, its caption and chart drawings."""

    id: str
    title: str
    caption: str
    wide: bool
    empty: str
    data: pd.DataFrame
    drawings: list[Drawing] = field(default_factory=list)
    alt_text: str = ""
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


def _source(panel: dict, present: set[str]) -> str | None:
    """Return the SQL file of the first source whose required relations all exist."""
    sources = panel.get("sources") or [{"sql": panel["sql"]}]
    for source in sources:
        if set(source.get("requires", [])) <= present:
            return source["sql"]
    return None


def _channel(name: str, spec: dict, scales: dict, narrow: bool):
    spec = dict(spec)
    if narrow and "labelLimit" in spec.get("axis", {}):
        spec["axis"] = {
            **spec["axis"],
            "labelLimit": min(spec["axis"]["labelLimit"], NARROW_LABEL_LIMIT),
        }
    if narrow and name == "y" and spec.get("type") == "nominal":
        spec["axis"] = {**spec.get("axis", {}), "minExtent": NARROW_AXIS, "maxExtent": NARROW_AXIS}
    if narrow and name == "x" and "labelAngle" in spec.get("axis", {}):
        # Slanted labels reach past the drawing's left edge; upright ones stay over their bar.
        spec["axis"] = {**spec["axis"], "labelAngle": -90}
    if narrow and name == "color":
        spec["legend"] = {"labelExpr": _WRAP, **spec.get("legend", {})}
    if spec.pop("integer", False):
        # Counts: Vega still ticks at 0.5 on small domains; leave fractional ticks unlabelled.
        label = "datum.value % 1 ? '' : datum.label"
        spec["axis"] = {**spec.get("axis", {}), "tickMinStep": 1, "format": "d", "labelExpr": label}
    if isinstance(spec.get("scale"), str):
        spec["scale"] = alt.Scale(**scales[spec["scale"]])
    return CHANNELS[name](**spec)


def chart(data: pd.DataFrame, spec: dict, scales: dict, width: int, title: str) -> alt.Chart:
    """Return the Altair chart a panel's chart spec describes, drawn from its DataFrame, whose
    whole drawing (axes and legend included) is `width` px wide."""
    narrow = width <= NARROW
    mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
    encodings = {
        name: _channel(name, spec[name], scales, narrow) for name in CHANNELS if name in spec
    }
    if "tooltip" in spec:
        encodings["tooltip"] = [alt.Tooltip(**t) for t in spec["tooltip"]]
    height = alt.Step(spec["step"]) if "step" in spec else spec.get("height", 240)
    return (
        alt.Chart(data, mark=alt.MarkDef(**mark), description=title)
        .encode(**encodings)
        .properties(
            width=width,
            height=height,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            labelLimit=NARROW_LABEL_LIMIT if narrow else 240,
            labelOverlap=True,
            grid=True,
            gridColor="#e8ebef",
        )
        .configure_legend(
            orient="bottom",
            direction="horizontal" if width > max(WIDTHS[False]) else "vertical",
            # Legend entries in rows of this many: a legend starts where the plot does, after
            # the labels of horizontal bars (up to 360 px).
            columns=max(1, (width - 360) // 180),
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            labelLimit=width - NARROW_AXIS - 20 if narrow else 320,
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


def build_panels(con, spec: dict, base: Path) -> list[Panel]:
    """Run every panel's query, fill its caption and draw its chart at each of its WIDTHS; a
    panel without rows keeps no chart and no caption.

    All charts are rendered together in one child process; raises RenderError when it fails.
    """
    params, scales, present = spec.get("params", {}), scales_of(con, spec, base), _relations(con)
    panels, drawn = [], []
    for p in spec["panels"]:
        source = _source(p, present)
        data = query(con, base / source, params) if source else pd.DataFrame()
        panel = Panel(
            id=p["id"],
            title=p["title"],
            caption="",
            wide=p.get("wide", False),
            empty=p.get("empty", "No data yet."),
            data=data,
            table_columns=[c for c in data.columns if not HIDDEN_COLUMNS.search(c)],
        )
        if not data.empty:
            sql_path = base / p["caption_sql"] if "caption_sql" in p else None
            panel.caption = caption(p.get("caption", ""), data, sql_path, f"panel {p['id']}")
            widths = WIDTHS[panel.wide]
            for width in widths:
                drawn.append((panel, width, chart(data, p["chart"], scales, width, p["title"])))
            panel.alt_text = (
                f"{p['title']}: {p['chart']['mark']} chart. {panel.caption} "
                f"The data table below the chart lists its {len(data)} values."
            )
        panels.append(panel)
    for (panel, width, _), text in zip(drawn, svgs([c for *_, c in drawn]), strict=True):
        panel.drawings.append(Drawing(width, text))
    for panel in panels:
        widths = [d.width for d in panel.drawings]
        for i, drawing in enumerate(panel.drawings):
            drawing.shown_from = widths[i] if i else 0
            drawing.shown_below = widths[i + 1] if i + 1 < len(widths) else 0
    return panels


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def render_html(
    spec: dict, summary: pd.DataFrame, panels: list[Panel], meta: dict, texts: dict | None = None
) -> str:
    """Return the dashboard page: inline CSS, inline SVG charts, a data table per chart."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined
    )
    env.filters["cell"] = _cell
    drawings = {d.css_class: d for p in panels for d in p.drawings}.values()
    return env.get_template("dashboard.html.j2").render(
        texts={key: spec[key] for key in ("title", "lead") if key in spec} | (texts or {}),
        summary=summary.to_dict("records"),
        panels=panels,
        meta=meta,
        shown_from=sorted({d.shown_from for d in drawings if d.shown_from}),
        shown_below=sorted({d.shown_below for d in drawings if d.shown_below}),
        drawings=sorted(drawings, key=lambda d: (d.shown_from, d.shown_below)),
    )


def render_dashboard(
    db_path: Path,
    out_path: Path,
    spec_path: Path = DEFAULT_SPEC,
    generated_at: str | None = None,
    topic: str | None = None,
) -> Path:
    """Render a dashboard of the database at db_path (opened read-only) to out_path; return it.

    The dashboard is about `topic`, else the spec's [params] topic, else the one topic the
    database ranks (pipeline.top.pick_topic: ValueError naming the ranked topics otherwise).
    Raises DashboardError (one line naming out_path) when the chart renderer fails; out_path is
    then left as it was.
    """
    db_path, out_path, spec_path = Path(db_path), Path(out_path), Path(spec_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    spec = load_spec(spec_path)
    con = db.connect(db_path, read_only=True)
    try:
        params = spec.setdefault("params", {})
        params["topic"] = pick_topic(con, topic or params.get("topic"), db_path)
        summary = (
            query(con, spec_path.parent / spec["summary"], spec.get("params", {}))
            if "summary" in spec
            else pd.DataFrame(columns=["label", "value", "note"])
        )
        texts = header(con, spec, spec_path.parent)
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
    write_atomic(out_path, render_html(spec, summary, panels, meta, texts))
    return out_path
