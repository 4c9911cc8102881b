"""The article page, fragment and full-list page in a real browser (Debian's Chromium), served
over local HTTP: the finder's filters against the export, script on and off, 1280 and 390 px,
links from an embedded fragment, and axe-core's accessibility rules."""

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from axe import describe, run_axe, serious
from playwright.sync_api import expect
from sitedata import render_fragment, site_export

from pipeline.jobs import sitesync
from pipeline.publish import finder
from pipeline.publish.wording import results_posted

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "data" / "screenshots"
LIMIT = 10
PAGE = "inside-leg-cramps-cause.html"
FRAGMENT = "fragments/leg-cramps-top-trials.html"
LIST = "top-trials/leg-cramps.html"
EMBED = "elsewhere/deep/embed.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Return (base url, export) of the site the run's site step writes from real records."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    sitesync.write_topic_site(site_export(), site_dir, LIMIT)  # what the run's site step writes
    export = json.loads((site_dir / "top-trials" / "leg-cramps.v2.json").read_text())
    assert len(export["trials"]) > LIMIT
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # The fragment embedded in another site's page, two folders down, with the base URL set.
    embed = site_dir / EMBED
    embed.parent.mkdir(parents=True)
    fragment = render_fragment(export, LIMIT, base_url=base + "/")
    embed.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner page</title>'
        '<link rel="icon" href="data:,"></head><body><main>' + fragment + "</main></body></html>"
    )
    yield base, export
    server.shutdown()
    server.server_close()
    thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _open(browser, url: str, width: int, script: bool = True):
    """Return (context, page, errors): the loaded page and the console and page errors."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=script
    )
    page = context.new_page()
    errors: list[str] = []

    def on_console(msg):
        # A bare fragment has no <head> to declare an icon, so Chromium asks for /favicon.ico.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return context, page, errors


def _shown(page) -> list[str]:
    return page.locator(".tt-table > tbody > tr").evaluate_all(
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.nctId)"
    )


def _coordinates(export: dict, city: str) -> tuple[float, float]:
    return next(
        (loc["latitude"], loc["longitude"])
        for t in export["trials"][:LIMIT]
        for loc in t["locations"]
        if loc["city"] == city and loc["latitude"] is not None
    )


@pytest.mark.parametrize("path", [PAGE, FRAGMENT])
@pytest.mark.parametrize("width", [1280, 390])
def test_each_filter_shows_the_rows_the_export_says(browser, site, path, width):
    base, export = site
    trials = export["trials"][:LIMIT]
    context, page, errors = _open(browser, f"{base}/{path}", width)
    try:
        form = page.locator("form.tt-finder")
        assert form.is_visible()
        assert _shown(page) == finder.find(trials, finder.Filters())
        count = page.locator(".tt-count")
        # Keyboard only: Space ticks the checkbox.
        page.locator("input[name=open]").focus()
        page.keyboard.press("Space")
        expected = finder.find(trials, finder.Filters(open_only=True))
        assert _shown(page) == expected
        assert count.inner_text().startswith(f"Showing {len(expected)} of {len(trials)} trials")
        form.locator("button[type=reset]").click()
        expect(count).to_have_text(
            f"Showing {len(trials)} of {len(trials)} trials, best match first."
        )
        for age in (1, 70):
            page.fill("input[name=age]", str(age))
            assert _shown(page) == finder.find(trials, finder.Filters(age=age)), age
        page.fill("input[name=age]", "")
        # The data holds a women-only trial, so the MALE filter must leave something out.
        assert len(finder.find(trials, finder.Filters(sex="MALE"))) < len(trials)
        for sex in ("FEMALE", "MALE"):
            page.select_option("select[name=sex]", sex)
            assert _shown(page) == finder.find(trials, finder.Filters(sex=sex))
        page.select_option("select[name=sex]", "")
        boston = _coordinates(export, "Boston")
        page.select_option("select[name=place]", f"{boston[0]},{boston[1]}")
        page.select_option("select[name=sort]", "distance")
        nearest = finder.find(trials, finder.Filters(place=boston, nearest_first=True))
        assert _shown(page) == nearest
        page.select_option("select[name=within]", "500")
        within = finder.Filters(place=boston, within_km=500, nearest_first=True)
        assert _shown(page) == finder.find(trials, within)
        first = page.locator(f"tr[data-nct-id='{nearest[0]}'] .tt-distance")
        km = finder.nearest_km(next(t for t in trials if t["nct_id"] == nearest[0]), *boston)
        assert first.inner_text() == f"Nearest site about {round(km):,} km away"
        assert "of" in count.inner_text() and "nearest first" in count.inner_text()
        form.locator("button[type=reset]").click()
        # The form resets its controls after the reset event: wait for the count, then check.
        expect(count).to_have_text(
            f"Showing {len(trials)} of {len(trials)} trials, best match first."
        )
        assert _shown(page) == [t["nct_id"] for t in trials]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path, rows", [(PAGE, LIMIT), (FRAGMENT, LIMIT), (LIST, None)])
def test_without_script_every_row_is_readable(browser, site, path, rows):
    base, export = site
    context, page, errors = _open(browser, f"{base}/{path}", 390, script=False)
    try:
        expected = [t["nct_id"] for t in export["trials"][:rows]]
        assert _shown(page) == expected
        assert not page.locator("form.tt-finder").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("script", [True, False])
@pytest.mark.parametrize("width", [1280, 390])
def test_posted_results_are_said_and_linked_in_every_row_that_has_them(
    browser, site, width, script
):
    base, export = site
    posted = [t for t in export["trials"][:LIMIT] if t["results_posted"]]
    assert posted  # the site data ranks real records with results in its top 10
    context, page, errors = _open(browser, f"{base}/{PAGE}", width, script=script)
    try:
        assert page.locator(".tt-results").count() == len(posted)
        for t in posted:
            line = page.locator(f"tr[data-nct-id='{t['nct_id']}'] .tt-results")
            expect(line).to_be_visible()
            day = results_posted(t["results_first_posted"])
            expect(line).to_have_text(f"{day} — read them on ClinicalTrials.gov ({t['nct_id']})")
            # One link per trial, told apart by its accessible name.
            link = page.get_by_role(
                "link", name=f"read them on ClinicalTrials.gov ({t['nct_id']})", exact=True
            )
            expect(link).to_have_attribute("href", t["results_url"])
        assert errors == []
    finally:
        context.close()


# The fragment is checked inside a host page: alone it has no <title> or lang, which are the
# host's to give.
@pytest.mark.parametrize(
    "path, name", [(PAGE, "article"), (EMBED, "fragment"), (LIST, "full-list")]
)
def test_no_serious_accessibility_violations_and_screenshots(browser, site, path, name):
    base, _ = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context, page, errors = _open(browser, f"{base}/{path}", width)
        try:
            # The rank explanation and a site list open, so axe sees them too.
            page.locator("details.tt-rank-why > summary").first.click()
            page.locator("details.tt-sites > summary").first.click()
            found = serious(run_axe(page))
            assert found == [], describe(found)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            # One screen from the finder down: the size docs/screenshots/ keeps.
            page.locator("form.tt-finder").evaluate("f => f.scrollIntoView()")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-screen.png"))
            assert errors == []
        finally:
            context.close()


def test_embedded_fragment_links_resolve(browser, site):
    base, export = site
    context, page, errors = _open(browser, f"{base}/{EMBED}", 1280)
    try:
        hrefs = page.locator(".top-trials a[href]").evaluate_all("as => as.map(a => a.href)")
        local = sorted({h.split("#")[0] for h in hrefs if h.startswith(base)})
        assert {f"{base}/{PAGE}", f"{base}/{LIST}"} <= set(local)
        assert all(page.request.get(h).ok for h in local)
        anchors = {h.split("#")[1] for h in hrefs if h.startswith(f"{base}/{PAGE}#")}
        assert anchors
        article = page.request.get(f"{base}/{PAGE}").text()
        assert all(f'id="{a}"' in article for a in anchors)
        assert errors == []
    finally:
        context.close()
