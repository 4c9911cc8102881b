"""The dashboard in a real browser (Debian's Chromium): it loads offline, every panel shows a
chart or its no-data note, and it reflows to a phone's width."""

from pathlib import Path

import pytest

from pipeline import dashboard

SCREENSHOTS = Path(__file__).resolve().parents[1] / "data" / "screenshots"


@pytest.fixture(scope="module")
def page_url(corpus_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    return dashboard.render_dashboard(corpus_db, out).as_uri()


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
        assert panels.count() == len(dashboard.load_spec(dashboard.DEFAULT_SPEC)["panels"])
        for i in range(panels.count()):
            panel = panels.nth(i)
            panel_id = panel.get_attribute("id")
            assert panel.locator("h2").is_visible(), panel_id
            if panel_id == "pipeline-health":
                note = panel.locator(".empty")
                assert note.is_visible() and "No runs recorded yet" in note.inner_text()
                continue
            chart = panel.locator("[role=img] svg")
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


@pytest.mark.parametrize("width", [375, 768])
def test_no_horizontal_overflow_at_narrow_widths(browser, page_url, width):
    page, errors, _ = _open(browser, page_url, width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=True)
        assert errors == []
    finally:
        page.close()
