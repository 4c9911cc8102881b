"""The dashboard page: every panel of a dashboard definition run, captioned and drawn, rendered to
one offline HTML file.

A panel's query and the definition come from pipeline/dashboard/panels.py (dashboards/*.toml and
their SQL, on the published database opened read-only); its chart from
pipeline/dashboard/charts.py (Altair, rendered to SVG by vl-convert and inlined, so the page needs
no script and no network); its caption from pipeline/dashboard/captions.py. Every chart is drawn at
each
width of its kind and the page shows the widest drawing that fits its panel (CSS container
queries).

Every chart is rendered in one child process (`pipeline.dashboard.render`): a crash of vl-convert
cannot take the caller down, it becomes a one-line DashboardError and the published dashboard
stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline.core import resources
from pipeline.core.files import write_atomic
from pipeline.dashboard.captions import caption
from pipeline.dashboard.charts import WIDTHS, chart, svgs
from pipeline.dashboard.panels import (
    DEFAULT_SPEC,
    DashboardError,
    header,
    load_spec,
    panel_source,
    query,
    relations,
    scales_of,
)
from pipeline.dashboard.render import RenderError
from pipeline.reading.top import pick_topic
from pipeline.warehouse import db

TEMPLATE_DIR = resources.templates()
# Columns of a panel's result kept out of its data table: sort keys, run ids, helpers.
HIDDEN_COLUMNS = re.compile(r"(_order$|^run_id$|^_)")


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


def build_panels(con, spec: dict, base: Path) -> list[Panel]:
    """Run every panel's query, fill its caption and draw its chart at each of its WIDTHS; a
    panel without rows keeps no chart and no caption.

    All charts are rendered together in one child process; raises RenderError when it fails.
    """
    params, scales, present = spec.get("params", {}), scales_of(con, spec, base), relations(con)
    panels, drawn = [], []
    for p in spec["panels"]:
        source = panel_source(p, present)
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
        drawn_widths = [d.width for d in panel.drawings]
        for i, drawing in enumerate(panel.drawings):
            drawing.shown_from = drawn_widths[i] if i else 0
            drawing.shown_below = drawn_widths[i + 1] if i + 1 < len(drawn_widths) else 0
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
    database ranks (pipeline.reading.top.pick_topic: ValueError naming the ranked topics otherwise).
    Raises DashboardError (one line naming out_path) when the chart renderer fails; out_path is
    then left as it was.
    """
    db_path, out_path, spec_path = Path(db_path), Path(out_path), Path(spec_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    spec = load_spec(spec_path)
    try:
        with db.connect(db_path, read_only=True) as con:
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
    meta = {
        "database": db_path.name,
        "generated_at": generated_at
        or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }
    write_atomic(out_path, render_html(spec, summary, panels, meta, texts))
    return out_path
