"""The written article page in a real browser (Debian's Chromium), served over local HTTP."""

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from pipeline import db, run
from pipeline.export import build_export
from pipeline.site import validate_export

SCREENSHOTS = Path(__file__).resolve().parents[1] / "data" / "screenshots"
LIMIT = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_db):
    """Return (base url, export) of the site the real pipeline steps write from the corpus."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    con = db.connect(corpus_db, read_only=True)
    try:
        doc = build_export(con, "leg-cramps", "2026-11-25T10:00:00Z")
    finally:
        con.close()
    validate_export(doc)
    run.write_topic_site(doc, site_dir, LIMIT)  # what the run's site step writes
    export = json.loads((site_dir / "top-trials" / "leg-cramps.json").read_text())
    assert len(export["trials"]) > LIMIT
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", export
    server.shutdown()
    server.server_close()
    thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _open(browser, url: str, width: int, height: int):
    """Return (page, errors): the loaded page and the console errors and page errors it raised."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []

    def on_console(msg):
        # A bare fragment has no <head> to declare an icon, so Chromium asks for /favicon.ico.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return page, errors


def test_desktop_page_shows_the_trials_in_rank_order(browser, site):
    base, export = site
    page, errors = _open(browser, f"{base}/inside-leg-cramps-cause.html", 1280, 900)
    try:
        expected = [t["nct_id"] for t in export["trials"][:LIMIT]]
        rows = page.locator("table.tt-table > tbody > tr")
        assert rows.evaluate_all("rows => rows.map(r => r.dataset.nctId)") == expected
        first = rows.first
        assert first.locator("td.tt-rank").inner_text().strip() == str(export["trials"][0]["rank"])
        assert first.get_attribute("data-rank") == "1"
        assert first.locator("th a").inner_text() == export["trials"][0]["title"]
        badge = first.locator(".badge")
        assert badge.inner_text() == export["trials"][0]["status_label"]
        assert badge.is_visible()
        assert page.locator("table.tt-table > caption").is_visible()
        assert page.title() == "Inside Leg Cramps Cause"
        # Every in-page link reaches an element of the page.
        hrefs = page.locator("a[href^='#']").evaluate_all("as => as.map(a => a.hash.slice(1))")
        assert hrefs
        assert all(page.locator(f"[id='{h}']").count() == 1 for h in hrefs)
        # The score breakdown opens.
        first.locator("details.tt-score summary").click()
        assert first.locator("table.tt-components").is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        first.locator("details.tt-score summary").click()
        page.screenshot(path=str(SCREENSHOTS / "article-desktop.png"), full_page=True)
        assert errors == []
    finally:
        page.close()


def test_full_list_link_serves_the_export(browser, site):
    base, export = site
    page, errors = _open(browser, f"{base}/inside-leg-cramps-cause.html", 1280, 900)
    try:
        href = page.locator(".tt-more a").get_attribute("href")
        response = page.request.get(f"{base}/{href}")
        assert response.ok
        assert [t["nct_id"] for t in response.json()["trials"]] == [
            t["nct_id"] for t in export["trials"]
        ]
        assert errors == []
    finally:
        page.close()


def test_phone_width_reflows_into_cards_without_overflow(browser, site):
    base, export = site
    page, errors = _open(browser, f"{base}/inside-leg-cramps-cause.html", 375, 800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        rows = page.locator("table.tt-table > tbody > tr")
        assert rows.count() == min(LIMIT, len(export["trials"]))
        assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
        # The column names move into the cards: the header row is hidden from sight only.
        assert (
            page.locator("table.tt-table > thead").evaluate("h => getComputedStyle(h).display")
            != "none"
        )
        label = rows.first.locator("td[data-label='Status']").evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        assert label == '"Status"'
        assert rows.first.locator(".badge").is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "article-phone.png"), full_page=True)
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize(
    "path, width",
    [
        ("inside-leg-cramps-cause.html", 700),
        ("inside-leg-cramps-cause.html", 768),
        ("inside-leg-cramps-cause.html", 1024),
        ("fragments/leg-cramps-top-trials.html", 375),
        ("fragments/leg-cramps-top-trials.html", 1024),
    ],
)
def test_no_horizontal_overflow_at_other_widths(browser, site, path, width):
    base, export = site
    page, errors = _open(browser, f"{base}/{path}", width, 800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("table.tt-table > tbody > tr").count() == min(
            LIMIT, len(export["trials"])
        )
        assert errors == []
    finally:
        page.close()
