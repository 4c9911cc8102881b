"""Hostile data, round two (issue 24): nothing one record holds blocks a publish.

Each test serves SYNTHETIC variants of real corpus records, built in code, beside the clean corpus
from the emulator on loopback and runs a refresh (pipeline.jobs.run, no Prefect), then imports the
same records with `trials import`: a record nested thousands of levels deep, a record whose nctId
key appears twice.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from realdata import export_of, record_of, run_options, set_id, sql

from pipeline.core import jsontext
from pipeline.emulator import Emulator
from pipeline.emulator.corpus import RawStudy
from pipeline.jobs import run

NEXT_TIMESTAMP = "2026-11-25T09:00:03"
LATER_TIMESTAMP = "2026-11-26T09:00:04"


def nested(levels: int, kind: str) -> object:
    """A value `levels` containers deep: lists in lists, or objects in objects (built without
    recursion; copy.deepcopy of it would recurse)."""
    value: object = "cramps"
    for _ in range(levels):
        value = [value] if kind == "list" else {"x": value}
    return value


def deep_variant(studies, nct_id: str, new_id: str, levels: int, kind: str) -> dict:
    """SYNTHETIC: the real record nct_id under new_id, its brief summary nested `levels` deep."""
    record = set_id(record_of(studies, nct_id), new_id)
    record["protocolSection"]["descriptionModule"]["briefSummary"] = nested(levels, kind)
    return record


def quarantine_of(path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for nct_id, code in sql(path, "select nct_id, reason_code from quarantine"):
        found.setdefault(nct_id, set()).add(code)
    return found


@pytest.mark.parametrize(("levels", "kind"), [(990, "list"), (10_000, "object")])
def test_a_record_nested_thousands_of_levels_deep_is_quarantined_and_the_run_publishes(
    corpus_studies, ranked_ids, tmp_path, levels, kind
):
    hostile = deep_variant(corpus_studies, ranked_ids[0], "NCT99240001", levels, kind)
    depth = jsontext.depth(hostile)
    assert depth > levels
    with Emulator(corpus_studies) as emu:
        emu.put_study(hostile)
        result = run.refresh_run(run_options(emu, tmp_path))
    assert result.outcome == "published"
    published = tmp_path / "trials.duckdb"
    # The other records of the page landed and rank; the deep one is quarantined, kept verbatim.
    listed = {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
    assert set(ranked_ids) <= listed and "NCT99240001" not in listed
    assert quarantine_of(published)["NCT99240001"] == {"nested_too_deeply"}
    [(stored, recorded)] = sql(
        published,
        "select r.record::varchar, d.depth from raw_studies as r join raw_deep_records as d"
        " using (nct_id, content_hash) where nct_id = 'NCT99240001'",
    )
    assert recorded == depth and stored == jsontext.dumps(hostile)  # == on the values recurses
    assert "quarantined_records" in result.warnings
    # The same records through `trials import`: a page of the clean top record and the deep one.
    from trials import main

    page = tmp_path / "page.json"
    clean = set_id(record_of(corpus_studies, ranked_ids[1]), "NCT99240002")
    page.write_text(jsontext.dumps({"studies": [clean, hostile]}), encoding="utf-8")
    imported = tmp_path / "imported.duckdb"
    assert main(["import", "--db", str(imported), str(page)]) == 0
    found = quarantine_of(imported)
    assert found["NCT99240001"] == {"nested_too_deeply"} and "NCT99240002" not in found
    assert sql(imported, "select depth from raw_deep_records") == [(depth,)]
    assert sql(imported, "select nct_id from top_trials where nct_id = 'NCT99240002'")


def claiming_variant(studies, own_id: str, claimed_id: str) -> RawStudy:
    """SYNTHETIC: the real record own_id served as JSON whose identificationModule names nctId
    twice, `"nctId": own_id, ..., "nctId": claimed_id` (the last one wins in every JSON reader
    that keeps one: json.loads, ijson, JSON.parse). The emulator indexes it as own_id."""
    record = record_of(studies, own_id)
    ident = record["protocolSection"]["identificationModule"]
    ident["second-id"] = claimed_id
    text = json.dumps(record).replace('"second-id"', '"nctId"')
    del ident["second-id"]
    assert text.count('"nctId"') == 2 and json.loads(text) != record
    return RawStudy(text, record)


def test_a_record_claiming_another_studys_id_keeps_both_withholds_the_id_and_publishes(
    corpus_studies, ranked_ids, tmp_path
):
    own, claimed = ranked_ids[0], ranked_ids[1]
    published = tmp_path / "trials.duckdb"
    with Emulator(corpus_studies) as emu:
        assert run.refresh_run(run_options(emu, tmp_path)).outcome == "published"
        [(genuine,)] = sql(
            published, f"select content_hash from current_records where nct_id = '{claimed}'"
        )
        emu.put_study(claiming_variant(corpus_studies, own, claimed))
        emu.data_timestamp = NEXT_TIMESTAMP
        result = run.refresh_run(run_options(emu, tmp_path, full=True))
        assert result.outcome == "published"
        # The gate counts the impostor as the record the server counted: no mismatch.
        for fetch in result.fetches:
            assert fetch["unique_received"] == fetch["total_count"], fetch
        assert any(f["collisions"] == [claimed] for f in result.fetches)
        versions = sql(
            published,
            "select count(*), count(distinct last_seen_at) from raw_studies where nct_id = ?",
            [claimed],
        )
        assert versions == [(2, 1)]  # both kept, seen together
        assert quarantine_of(published)[claimed] == {"duplicate_nct_id"}
        # The current version is the one first seen earliest: the study before the collision.
        assert sql(
            published, "select content_hash from current_records where nct_id = ?", [claimed]
        ) == [(genuine,)]
        listed = {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
        assert claimed not in listed and own not in listed
        assert set(ranked_ids[2:]) <= listed
        # An answer with one record for the id releases it.
        emu.put_study(record_of(corpus_studies, own))
        emu.data_timestamp = LATER_TIMESTAMP
        assert run.refresh_run(run_options(emu, tmp_path, full=True)).outcome == "published"
    assert claimed not in quarantine_of(published)
    assert {own, claimed} <= {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}


def test_a_record_that_reads_as_the_very_study_it_claims_counts_as_the_server_counted_it(
    corpus_studies, ranked_ids, tmp_path
):
    # Found by `make fuzz`: the repeated key takes the first key's place when read, so a copy of
    # the claimed study under another first id reads as that study byte for byte. Sent twice and
    # counted twice by the server, received twice, landed once: complete, not a mismatch.
    claimed = ranked_ids[1]
    copy_of = record_of(corpus_studies, claimed)
    impostor = set_id(record_of(corpus_studies, claimed), "NCT99240006")
    text = json.dumps(impostor).replace('"NCT99240006"', f'"NCT99240006", "nctId": "{claimed}"')
    assert json.loads(text) == copy_of
    with Emulator(corpus_studies) as emu:
        emu.put_study(RawStudy(text, impostor))
        result = run.refresh_run(run_options(emu, tmp_path))
    assert result.outcome == "published"
    fetches = [f for f in result.fetches if f["duplicates"]]
    assert fetches  # every query that found the study found it twice
    for fetch in fetches:
        assert fetch["duplicates"] == [claimed] and fetch["received"] == fetch["total_count"]
    assert claimed in {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
    assert claimed not in quarantine_of(tmp_path / "trials.duckdb")


def test_an_import_file_with_two_records_for_one_id_keeps_both_and_picks_the_same_one(
    corpus_studies, ranked_ids, tmp_path
):
    from trials import main

    own, claimed = ranked_ids[0], ranked_ids[1]
    impostor = claiming_variant(corpus_studies, own, claimed)
    genuine = json.dumps(record_of(corpus_studies, claimed))
    page = tmp_path / "page.json"
    page.write_text('{"studies": [' + genuine + ", " + impostor.text + "]}", encoding="utf-8")
    picks = []
    for name in ("a.duckdb", "b.duckdb"):
        imported = tmp_path / name
        assert main(["import", "--db", str(imported), str(page)]) == 0
        assert sql(imported, "select count(*) from raw_studies where nct_id = ?", [claimed]) == [
            (2,)
        ]
        assert quarantine_of(imported).get(claimed) == {"duplicate_nct_id"}
        assert not sql(imported, "select 1 from top_trials where nct_id = ?", [claimed])
        picks += sql(
            imported, "select content_hash from current_records where nct_id = ?", [claimed]
        )
    assert picks[0] == picks[1]


def many_sites_variant(studies, nct_id: str, new_id: str, sites: int) -> dict:
    """SYNTHETIC: the real record nct_id under new_id, recruiting, its one real site repeated as
    `sites` sites, each its own facility at its own coordinates (in the real site's country)."""
    record = set_id(record_of(studies, nct_id), new_id)
    record["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING"
    contacts = record["protocolSection"]["contactsLocationsModule"]
    [real] = contacts["locations"][:1]
    contacts["locations"] = [
        {
            **real,
            "facility": f"Site {i}",
            "city": f"Town {i}",
            "geoPoint": {"lat": 10 + (i % 500) / 10, "lon": -120 + (i // 500) / 10},
        }
        for i in range(sites)
    ]
    return record


def test_a_trial_with_thousands_of_sites_shows_ten_and_exports_them_all(
    corpus_studies, ranked_ids, tmp_path
):
    from pipeline.publish import finder
    from pipeline.publish.site import SITES_SHOWN

    sites = 3_000
    hostile = many_sites_variant(corpus_studies, "NCT02423395", "NCT99240003", sites)
    with Emulator(corpus_studies) as emu:
        emu.put_study(hostile)
        assert run.refresh_run(run_options(emu, tmp_path)).outcome == "published"
    site = tmp_path / "site"
    [trial] = [t for t in export_of(site)["trials"] if t["nct_id"] == "NCT99240003"]
    assert trial["site_count"] == len(trial["locations"]) == sites  # the export is complete
    rows = list(csv.DictReader((site / "top-trials" / "leg-cramps.csv").open(encoding="utf-8")))
    [row] = [r for r in rows if r["nct_id"] == "NCT99240003"]
    assert row["locations"].count(";") == sites - 1
    pages = [
        site / "inside-leg-cramps-cause.html",
        site / "fragments" / "leg-cramps-top-trials.html",
        site / "top-trials" / "leg-cramps.html",
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert_bounded(html, trial, sites, SITES_SHOWN, finder.MAX_POINTS)
    # The same record through `trials import`: the database holds every site, a page drawn from
    # it the first ten.
    from pipeline.config.article import load_article
    from pipeline.publish import export
    from pipeline.publish import site as site_pages
    from pipeline.warehouse import db
    from trials import main

    path = tmp_path / "record.json"
    path.write_text(json.dumps(hostile), encoding="utf-8")
    imported = tmp_path / "imported.duckdb"
    assert main(["import", "--db", str(imported), str(path)]) == 0
    assert sql(imported, "select count(*) from locations where nct_id = 'NCT99240003'") == [
        (sites,)
    ]
    con = db.connect(imported, read_only=True)
    try:
        doc = export.build_export(con, "leg-cramps", "2026-11-25T10:00:00Z", run_id="import")
    finally:
        con.close()
    [trial] = [t for t in doc["trials"] if t["nct_id"] == "NCT99240003"]
    assert len(trial["locations"]) == sites
    article = load_article("inside-leg-cramps-cause")
    written = site_pages.write_site(doc, article, tmp_path / "imported-site", limit=50)
    for page in written.values():
        html = page.read_text(encoding="utf-8")
        assert_bounded(html, trial, sites, SITES_SHOWN, finder.MAX_POINTS)


def assert_bounded(html: str, trial: dict, sites: int, shown: int, points: int) -> None:
    """The page lists `shown` sites of the trial, counts the rest, links to the registry's full
    list and gives its distance filter at most `points` coordinates."""
    row = html[html.index(f'data-nct-id="{trial["nct_id"]}"') :]
    row = row[: row.index("</tr>")]
    listed = row[row.index('class="tt-sites"') :]
    listed = listed[: listed.index("</ul>")]
    assert listed.count("<li>") == shown
    assert "Site 9," in listed and "Site 10," not in row and f"Site {sites - 1}" not in row
    assert f"and {sites - shown:,} more" in listed
    assert f'href="{trial["url"]}#contacts-and-locations"' in listed
    coords = row.split('data-coords="', 1)[1].split('"', 1)[0]
    assert len(coords.split(";")) == points


def counts_said(site: Path, dashboard_html: str, report: str | None) -> dict[str, str]:
    """What each reader-facing output says about how many trials there are."""
    import re

    doc = export_of(site)
    listed, withheld = doc["studies_listed"], doc["quarantined"]
    page = (site / "inside-leg-cramps-cause.html").read_text(encoding="utf-8")
    fragment = (site / "fragments" / "leg-cramps-top-trials.html").read_text(encoding="utf-8")
    full = (site / "top-trials" / "leg-cramps.html").read_text(encoding="utf-8")
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)", dashboard_html))
    status = dashboard_html[dashboard_html.index('id="status"') :]
    said = {
        "export": f"{listed}/{withheld}",
        "csv": str(sum(1 for _ in (site / "top-trials" / "leg-cramps.csv").open()) - 1),
        "dashboard": figures["Relevant trials"],
        "dashboard status chart": re.search(r"(\d+) trials? in \d+ status", status).group(1),
        "dashboard studies": figures["Studies checked"],
    }
    for name, html in (("page", page), ("fragment", fragment)):
        said[name] = re.search(
            r"(\d+) trials? in the ClinicalTrials.gov registry match", html
        ).group(1)
        said[name + " withheld"] = re.search(r"\((\d+) more (?:is|are) withheld", html).group(1)
        said[name + " checked"] = re.search(
            r"(\d+) registry stud(?:y was|ies were) checked", html
        ).group(1)
    said["full list"] = re.search(r"All (\d+) listed trials", full).group(1)
    if report is not None:
        said["report"] = re.search(r"top trials for leg-cramps \((.*)\):", report).group(1)
    return said


def test_every_reader_facing_count_says_the_same_or_what_it_counts(
    corpus_studies, ranked_ids, tmp_path
):
    from pipeline.dashboard.page import render_dashboard
    from pipeline.publish.export import build_export
    from pipeline.reading.report import run_text

    # SYNTHETIC: two relevant real records under new ids, one with a status outside the
    # vocabulary, one nested too deeply: quarantined, relevant, not listed.
    odd = set_id(record_of(corpus_studies, ranked_ids[0]), "NCT99240004")
    odd["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED_FOR_LUNCH"
    deep = deep_variant(corpus_studies, ranked_ids[1], "NCT99240005", 2_000, "list")
    with Emulator(corpus_studies) as emu:
        emu.put_study(odd)
        emu.put_study(deep)
        result = run.refresh_run(run_options(emu, tmp_path, build_dashboard=True))
    site = tmp_path / "site"
    doc = export_of(site)
    listed, withheld = doc["studies_listed"], doc["quarantined"]
    assert withheld >= 2 and listed == len(doc["trials"])
    said = counts_said(
        site, (site / "dashboard.html").read_text(encoding="utf-8"), run_text(result.as_dict())
    )
    expected = {
        "export": f"{listed}/{withheld}",
        "csv": str(listed),
        "dashboard": f"{listed} listed, {withheld} withheld",
        "dashboard status chart": str(listed),
        "dashboard studies": str(doc["studies_considered"]),
        "page": str(listed),
        "page withheld": str(withheld),
        "page checked": str(doc["studies_considered"]),
        "fragment": str(listed),
        "fragment withheld": str(withheld),
        "fragment checked": str(doc["studies_considered"]),
        "full list": str(listed),
        "report": f"{listed} listed, {withheld} withheld",
    }
    assert said == expected
    # The same records through `trials import`: the dashboard of the imported database counts
    # what an export of it lists.
    from trials import main

    path = tmp_path / "records.json"
    clean = [record_of(corpus_studies, nct_id) for nct_id in ranked_ids]
    path.write_text(jsontext.dumps([*clean, odd, deep]), encoding="utf-8")
    imported = tmp_path / "imported.duckdb"
    assert main(["import", "--db", str(imported), str(path)]) == 0
    from pipeline.warehouse import db

    con = db.connect(imported, read_only=True)
    try:
        doc = build_export(con, "leg-cramps", "2026-11-25T10:00:00Z", run_id="import")
    finally:
        con.close()
    assert (doc["studies_listed"], doc["quarantined"]) == (len(ranked_ids), 2)
    out = tmp_path / "imported-dashboard.html"
    render_dashboard(imported, out, topic="leg-cramps")
    html = out.read_text(encoding="utf-8")
    assert f"<dt>Relevant trials</dt><dd>{len(ranked_ids)} listed, 2 withheld<" in html
    status = html[html.index('id="status"') :]
    assert f"{len(ranked_ids)} trials in " in status
