"""A dashboard panel's chart: its chart spec as an Altair chart at a given width, drawn to inline
SVG whose data marks carry a <title> (a tooltip without script).

Every chart is drawn at each width of its kind (WIDTHS) with its text at FONT_SIZE; the page
shows the widest drawing that fits its panel, so charts are never scaled. All drawings are
rendered together in one child process (`pipeline.dashboard.render`).
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
from markupsafe import Markup

from pipeline.dashboard.render import render_svgs

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
# Vega marks a data mark's element with role="graphics-symbol" and an aria-label listing its values.
_SYMBOL = re.compile(r'<(\w+)([^>]*?role="graphics-symbol"[^>]*?)(/?)>')
_LABEL = re.compile(r'aria-label="([^"]*)"')
# Axes and legends are graphics-symbols too; they keep their aria-label only.
_GUIDE = re.compile(r'aria-roledescription="(axis|legend)"')
# A data mark: a graphics-symbol that is not an axis or a legend.
MARK = re.compile(r'role="graphics-symbol" aria-roledescription="(?!axis"|legend")')


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
    child process (`pipeline.dashboard.render.render_svgs`; raises its RenderError)."""
    return [_titled(text) for text in render_svgs([c.to_dict() for c in charts])]


def svg(c: alt.Chart) -> Markup:
    """Return one chart as inline SVG whose data marks carry a <title> (see `svgs`)."""
    return svgs([c])[0]
