"""The dashboard: panels read the published database and render to one offline HTML file."""

import json
import re
import shutil
from datetime import datetime

import pytest

from pipeline import cli, dashboard, db

RUNS = [("20261124T153000000000Z", 4, 280, 289), ("20261125T153000000000Z", 3, 289, 289)]


@pytest.fixture(scope="module")
def runs_db(corpus_db, tmp_path_factory):
    """The corpus database plus two runs' fetch figures, as two refreshes would record them."""
    database = tmp_path_factory.mktemp("runs") / "trials.duckdb"
    shutil.copyfile(corpus_db, database)
    con = db.connect(database)
    try:
        for day, (run_id, requests, received, total) in enumerate(RUNS, start=24):
            db.save_fetch(
                con,
                {
                    "run_id": run_id,
                    "topic": "leg-cramps",
                    "query_id": "cond-leg-cramps",
                    "mode": "full",
                    "since": None,
                    "params": json.dumps({"query.cond": "leg cramps"}),
                    "data_timestamp": f"2026-11-{day}T09:00:05",
                    "total_count": total,
                    "received": received,
                    "unique_received": received,
                    "pages": 1,
                    "requests": requests,
                    "fetched_at": datetime(2026, 11, day, 15, 30),
                },
            )
    finally:
        con.close()
    return database


@pytest.fixture(scope="module")
def corpus_page(corpus_db, tmp_path_factory):
    """Path of the dashboard rendered from the corpus database (no runs recorded)."""
    return dashboard.render_dashboard(
        corpus_db, tmp_path_factory.mktemp("page") / "site" / "dashboard.html"
    )


def sections(html: str) -> dict[str, str]:
    """Return each panel's HTML by panel id."""
    found = re.findall(r'<section class="panel[^"]*" id="([^"]+)".*?</section>', html, re.S)
    return {
        i: re.search(rf'<section class="panel[^"]*" id="{i}".*?</section>', html, re.S).group(0)
        for i in found
    }


def test_every_panel_draws_a_chart_and_pipeline_health_says_no_runs(corpus_page):
    html = corpus_page.read_text(encoding="utf-8")
    spec = dashboard.load_spec(dashboard.DEFAULT_SPEC)
    panels = sections(html)
    assert list(panels) == [p["id"] for p in spec["panels"]]
    for panel_id, text in panels.items():
        if panel_id == "pipeline-health":
            assert "No runs recorded yet" in text and "<svg" not in text
        else:
            assert len(dashboard.MARK.findall(text)) > 0, panel_id
            assert 'role="img"' in text and "<table>" in text, panel_id
    assert [p.name for p in corpus_page.parent.iterdir()] == ["dashboard.html"]


def test_pipeline_health_draws_the_runs_when_fetches_are_recorded(runs_db, tmp_path):
    out = dashboard.render_dashboard(runs_db, tmp_path / "dashboard.html")
    panel = sections(out.read_text(encoding="utf-8"))["pipeline-health"]
    assert "No runs recorded yet" not in panel
    assert len(dashboard.MARK.findall(panel)) >= 2 * 3
    assert "2026-11-25 15:30" in panel


def test_every_panel_query_and_fallback_runs(runs_db):
    spec = dashboard.load_spec(dashboard.DEFAULT_SPEC)
    files = [spec["summary"]] + [
        source["sql"] for p in spec["panels"] for source in p.get("sources") or [p]
    ]
    con = db.connect(runs_db, read_only=True)
    try:
        for name in files:
            data = dashboard.query(con, dashboard.DASHBOARD_DIR / name, spec["params"])
            assert not data.empty, name
    finally:
        con.close()


def test_page_is_self_contained(corpus_page):
    html = corpus_page.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "<script" not in html
    # No fetch beyond the page itself: every URL is an in-page anchor, data: or an SVG namespace.
    urls = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert all(u.startswith(("#", "data:")) for u in urls), urls
    assert not re.search(r"url\((?!#)", html)


def test_a_panel_source_needs_its_relations(tmp_path):
    panel = {
        "sources": [
            {"requires": ["pipeline_runs", "raw_fetches"], "sql": "a.sql"},
            {"requires": ["raw_fetches"], "sql": "b.sql"},
        ]
    }
    assert dashboard._source(panel, {"raw_fetches", "pipeline_runs"}) == "a.sql"
    assert dashboard._source(panel, {"raw_fetches"}) == "b.sql"
    assert dashboard._source(panel, set()) is None


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make demo"):
        dashboard.render_dashboard(tmp_path / "none.duckdb", tmp_path / "d.html")


def test_cli_writes_the_dashboard(corpus_db, tmp_path, capsys):
    out = tmp_path / "dash.html"
    assert cli.main(["dashboard", "--db", str(corpus_db), "--out", str(out)]) == 0
    assert out.exists() and str(out) in capsys.readouterr().out
