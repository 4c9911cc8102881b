"""The dashboard: panels read the published database and render to one offline HTML file."""

import re

import pandas as pd
import pytest
from realdata import RUNS

import trials as cli
from pipeline.dashboard import captions
from pipeline.dashboard import charts as dashboard_charts
from pipeline.dashboard import page as dashboard
from pipeline.dashboard import panels as dashboard_queries
from pipeline.warehouse import db

# The topic the dashboard draws: the one the corpus database ranks.
PARAMS = {"topic": "leg-cramps"}


def sections(html: str) -> dict[str, str]:
    """Return each panel's HTML by panel id."""
    found = re.findall(r'<section class="panel[^"]*" id="([^"]+)".*?</section>', html, re.S)
    return {
        i: re.search(rf'<section class="panel[^"]*" id="{i}".*?</section>', html, re.S).group(0)
        for i in found
    }


def test_every_panel_draws_a_chart_and_pipeline_health_says_no_runs(corpus_dashboard):
    html = corpus_dashboard.read_text(encoding="utf-8")
    spec = dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)
    panels = sections(html)
    assert list(panels) == [p["id"] for p in spec["panels"]]
    for panel_id, text in panels.items():
        if panel_id == "pipeline-health":
            assert "No runs recorded yet" in text and "<svg" not in text
        else:
            assert len(dashboard_charts.MARK.findall(text)) > 0, panel_id
            assert 'role="img"' in text and "<table>" in text, panel_id
    assert [p.name for p in corpus_dashboard.parent.iterdir()] == ["dashboard.html"]


def test_pipeline_health_draws_one_bar_per_run_skipped_and_failed_included(runs_dashboard):
    panel = sections(runs_dashboard.read_text(encoding="utf-8"))["pipeline-health"]
    assert "No runs recorded yet" not in panel
    drawings = re.findall(r'<div class="fit [^"]*">(.*?)</svg></div>', panel, re.S)
    assert len(drawings) == len(dashboard_charts.WIDTHS[True])
    for drawing in drawings:
        bars = re.findall(r"<title>([^<]*)</title>", drawing)
        assert len(bars) == len(RUNS)
        for (run_id, outcome, *_), bar in zip(RUNS, bars, strict=True):
            assert f"{run_id[:4]}-{run_id[4:6]}-{run_id[6:8]} {run_id[9:11]}:{run_id[11:13]}" in bar
            assert f"outcome: {outcome};" in bar
    assert "The last 4 runs" in panel and "2 published, 1 skipped" in panel and "1 failed" in panel
    assert "1 run received fewer records than the API" in panel


def test_every_panel_query_and_fallback_runs(runs_db):
    spec = dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)
    files = [spec["summary"]] + [
        source["sql"] for p in spec["panels"] for source in p.get("sources") or [p]
    ]
    con = db.connect(runs_db, read_only=True)
    try:
        for name in files:
            data = dashboard_queries.query(con, dashboard_queries.DASHBOARD_DIR / name, PARAMS)
            assert not data.empty, name
    finally:
        con.close()


def test_page_is_self_contained(corpus_dashboard):
    html = corpus_dashboard.read_text(encoding="utf-8")
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
    assert dashboard_queries.panel_source(panel, {"raw_fetches", "pipeline_runs"}) == "a.sql"
    assert dashboard_queries.panel_source(panel, {"raw_fetches"}) == "b.sql"
    assert dashboard_queries.panel_source(panel, set()) is None


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make demo"):
        dashboard.render_dashboard(tmp_path / "none.duckdb", tmp_path / "d.html")


def test_cli_writes_the_dashboard(corpus_db, tmp_path, capsys):
    out = tmp_path / "dash.html"
    assert cli.main(["dashboard", "--db", str(corpus_db), "--out", str(out)]) == 0
    assert out.exists() and str(out) in capsys.readouterr().out


def _top(data, key, value):
    """Return (name, total) of the key with the largest summed value; ties go to the first name."""
    totals = data.groupby(key)[value].sum()
    best = totals.max()
    return min(str(k) for k, v in totals.items() if v == best), int(best)


def expected_caption(panel_id: str, d) -> tuple[list[str], list[float]]:
    """Return the names and the numbers (in order) a panel's caption must state, computed here
    with pandas from the panel's own rows."""
    trials = int(d["trials"].sum()) if "trials" in d else 0
    if panel_id == "status":
        name, top = _top(d, "status", "trials")
        opened = int(d.loc[d["_open"], "trials"].sum())
        return [name], [trials, d["status"].nunique(), opened, top]
    if panel_id == "phase":
        name, top = _top(d, "phase", "trials")
        return [name], [int(d.loc[d["phase_order"] < 8, "trials"].sum()), trials, top]
    if panel_id == "interventions":
        name, top = _top(d, "intervention_type", "trials")
        return [name], [d["intervention_type"].nunique(), top]
    if panel_id == "countries":
        name, top = _top(d, "country", "trials")
        shown, every = d["country"].nunique(), int(d["_countries"].max())
        return [name], [every, *([shown] if shown < every else []), top]
    if panel_id == "sponsors":
        name, top = _top(d, "sponsor_class", "trials")
        return [name], [d["sponsor_class"].nunique(), top, trials]
    if panel_id == "enrollment":
        stated = d[d["band_order"] > 0]
        name, top = _top(stated, "participants", "trials")
        return [name], [int(stated["trials"].sum()), trials, top]
    if panel_id == "timeline":
        years = d.groupby("start_year")["trials"].sum()
        busiest = sorted(y for y, n in years.items() if n == years.max())
        named = busiest if len(busiest) <= 3 else [len(busiest)]
        first, last = min(years.index), max(years.index)
        return [], [trials, int(first), int(last), int(years.max()), *map(int, named)]
    if panel_id == "top-trials":
        per_trial = d.drop_duplicates("rank")
        name, top = _top(d, "component", "points")
        scores = [round(per_trial["score"].min(), 1), round(per_trial["score"].max(), 1)]
        points = d.groupby("component")["points"].sum().max()
        return [name], [len(per_trial), int(per_trial["_open"].sum()), *scores, round(points, 1)]
    if panel_id == "relevance":
        tiers = [int(d.loc[d["tier_order"] == t, "studies"].sum()) for t in (1, 2, 3)]
        labels = [d.loc[d["tier_order"] == t, "relevance"].iloc[0] for t in (1, 2, 3)]
        relevant, withheld = tiers[0] + tiers[1], int(d["_withheld"].sum())
        listed = [relevant - withheld, withheld] if withheld else []
        return labels, [int(d["studies"].sum()), relevant, *tiers, *listed]
    if panel_id == "pipeline-health":
        outcomes = d["outcome"].value_counts()
        short = int((d["received"] < d["total_count"]).sum())
        failed = len(d) - outcomes.get("published", 0) - outcomes.get("skipped", 0)
        return [d["run"].min(), d["run"].max()], [
            len(d),
            outcomes.get("published", 0),
            outcomes.get("skipped", 0),
            failed,
            short,
        ]
    if panel_id == "results":
        by = d.groupby("reporting")["trials"].sum()
        unfinished = int(by.get("Not finished yet", 0))
        posted = int(sum(n for k, n in by.items() if k.startswith("Posted")))
        on_time = int(by.get("Posted within a year", 0))
        return [], [trials - unfinished, posted, on_time, unfinished]
    raise AssertionError(f"no expectation for panel {panel_id}")


def test_every_caption_states_the_numbers_of_its_own_chart(runs_db):
    spec = dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)
    con = db.connect(runs_db, read_only=True)
    present = dashboard_queries.relations(con)
    try:
        for p in spec["panels"]:
            data = dashboard_queries.query(
                con,
                dashboard_queries.DASHBOARD_DIR / dashboard_queries.panel_source(p, present),
                PARAMS,
            )
            text = captions.caption(
                p["caption"], data, dashboard_queries.DASHBOARD_DIR / p["caption_sql"], p["id"]
            )
            names, numbers = expected_caption(p["id"], data)
            for name in names:
                assert name in text, (p["id"], name, text)
                text = text.replace(name, " ")
            stated = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
            assert stated == [float(n) for n in numbers], (p["id"], text)
    finally:
        con.close()


def test_captions_and_labels_hold_no_topic_words_outside_the_database():
    spec_text = dashboard_queries.DEFAULT_SPEC.read_text(encoding="utf-8")
    sql_text = " ".join(p.read_text() for p in dashboard_queries.DASHBOARD_DIR.rglob("*.sql"))
    # The topic slug in [params] picks the topic; no other word of it is written here.
    spec_text = spec_text.replace('topic = "leg-cramps"', "")
    for word in ("cramp", "leg "):
        assert word not in spec_text.lower() and word not in sql_text.lower(), word


def test_the_page_title_and_tier_labels_come_from_the_topic(corpus_dashboard, corpus_db):
    html = corpus_dashboard.read_text(encoding="utf-8")
    con = db.connect(corpus_db, read_only=True)
    try:
        [title] = con.execute("select title from topics where topic = 'leg-cramps'").fetchone()
        labels = [
            r[0]
            for r in con.execute(
                "select label from topic_tiers where topic = 'leg-cramps' order by tier_order"
            ).fetchall()
        ]
    finally:
        con.close()
    assert f"<h1>{title}: trials overview</h1>" in html
    relevance = sections(html)["relevance"]
    assert all(label in relevance for label in labels) and len(labels) == 3


def test_a_caption_naming_an_unknown_value_is_a_one_line_error(tmp_path):
    sql = tmp_path / "c.sql"
    sql.write_text("select count(*) as n from chart")
    data = pd.DataFrame({"x": [1, 2]})
    assert captions.caption("{n:row/rows}", data, sql, "panel p") == "2 rows"
    with pytest.raises(captions.CaptionError, match=r"^panel p: caption cannot be filled"):
        captions.caption("{m} rows", data, sql, "panel p")
