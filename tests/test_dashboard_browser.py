"""The dashboard in a real browser (Debian's Chromium): it loads offline, every panel shows a
chart or its no-data note, it fits a phone's width with text of 11 px or more, and axe-core
finds no serious or critical accessibility violation at 1280 and 390 px."""

from pathlib import Path

import pytest
from axe import describe, run_axe, serious

from pipeline.dashboard import panels as dashboard_queries

SCREENSHOTS = Path(__file__).resolve().parents[1] / "data" / "screenshots"


@pytest.fixture(scope="module")
def page_url(corpus_dashboard):
    return corpus_dashboard.as_uri()


@pytest.fixture(scope="module")
def runs_url(runs_dashboard):
    """The dashboard of the corpus database with runs recorded: every panel draws a chart."""
    return runs_dashboard.as_uri()


# Per visible text element: its font size as drawn (an SVG's text scaled by the SVG's display
# size over its own width); per chart: the drawing shown, its box and its panel's box.
MEASURE = """() => {
  const texts = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) size *= svg.getBoundingClientRect().width / svg.width.baseVal.value;
    texts.push([size, el.textContent.trim().slice(0, 40)]);
  }
  const charts = [...document.querySelectorAll('.chart')].map(chart => {
    const shown = [...chart.querySelectorAll('svg')].filter(s => s.getClientRects().length);
    const box = chart.getBoundingClientRect();
    return {
      panel: chart.closest('section').id,
      shown: shown.length,
      width: shown.length ? shown[0].getBoundingClientRect().width : 0,
      right: shown.length ? shown[0].getBoundingClientRect().right : 0,
      box: box.width,
      texts_outside: shown.length ? [...shown[0].querySelectorAll('text')].filter(t => {
        const r = t.getBoundingClientRect(), s = shown[0].getBoundingClientRect();
        return r.width && (r.left < s.left - 0.5 || r.right > s.right + 0.5);
      }).map(t => t.textContent) : [],
    };
  });
  return {scrollWidth: document.documentElement.scrollWidth, texts, charts};
}"""


def _open(browser, url: str, width: int):
    """Return (page, errors, requests): the loaded page, its console errors and what it fetched."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(url, wait_until="load")
    return page, errors, requests


def test_every_panel_shows_a_chart_or_the_no_data_note(browser, page_url):
    page, errors, requests = _open(browser, page_url, 1280)
    try:
        panels = page.locator("section.panel")
        assert panels.count() == len(
            dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)["panels"]
        )
        for i in range(panels.count()):
            panel = panels.nth(i)
            panel_id = panel.get_attribute("id")
            assert panel.locator("h2").is_visible(), panel_id
            if panel_id == "pipeline-health":
                note = panel.locator(".empty")
                assert note.is_visible() and "No runs recorded yet" in note.inner_text()
                continue
            chart = panel.locator("[role=img] svg:visible")
            assert chart.count() == 1 and chart.is_visible(), panel_id
            assert chart.bounding_box()["height"] > 50, panel_id
            assert chart.locator("g.role-mark > [role=graphics-symbol]").count() > 0, panel_id
            assert panel.locator("[role=img]").get_attribute("aria-label"), panel_id
        assert page.locator("html").get_attribute("lang") == "en"
        assert requests == [page_url]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
        assert errors == []
    finally:
        page.close()


def test_data_table_opens_under_a_chart(browser, page_url):
    page, errors, _ = _open(browser, page_url, 1280)
    try:
        panel = page.locator("section#status")
        panel.locator("details summary").click()
        rows = panel.locator("details table tbody tr")
        assert rows.count() > 0 and rows.first.is_visible()
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 768, 390, 375])
def test_charts_fit_the_width_unclipped_with_text_of_11_px_or_more(browser, runs_url, width):
    page, errors, _ = _open(browser, runs_url, width)
    try:
        found = page.evaluate(MEASURE)
        assert found["scrollWidth"] <= width
        small = [t for t in found["texts"] if t[0] < 11]
        assert small == [] and len(found["texts"]) > 100
        assert len(found["charts"]) == len(
            dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)["panels"]
        )
        for chart in found["charts"]:
            assert chart["shown"] == 1, chart
            assert chart["width"] <= chart["box"] and chart["right"] <= width, chart
            assert chart["texts_outside"] == [], chart
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{width}.png"), full_page=True)
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation(browser, runs_url, width):
    page, errors, _ = _open(browser, runs_url, width)
    try:
        page.locator("section#status details summary").click()  # an open data table too
        violations = run_axe(page)
        assert serious(violations) == [], describe(serious(violations))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-axe-{width}.png"))
        assert errors == []
    finally:
        page.close()
