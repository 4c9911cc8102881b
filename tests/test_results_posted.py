"""Posted results, said plainly: studies' results columns from the records' JSON, the export's
results fields (v2.1, backwards-compatible; v1 untouched), the CSV columns and the line on the
page, fragment and full list: that results are posted, when, and where to read them."""

import copy
import csv
import io
import re
from datetime import date

import pytest
from realdata import corpus_records, sql
from sitedata import (
    export_of,
    relevant_variant,
    render_fragment,
    render_list,
    render_page,
    site_export,
    site_records,
)

from pipeline.config.article import load_article
from pipeline.publish.export_csv import export_csv
from pipeline.publish.export_v1 import v1_document
from pipeline.publish.export_validation import ExportInvalid, validate_export
from pipeline.publish.wording import results_posted
from pipeline.reading import top

RESULTS_FIELDS = ("results_posted", "results_first_posted", "results_url")
# The leg-cramps list of the bundled corpus ranks three real trials with results posted (hand
# transcriptions of their registry pages: hasResults and the date, no resultsSection); the site
# tests' list adds two real API records that carry a resultsSection (made relevant, SYNTHETIC).
RANKED_WITH_RESULTS = {
    "NCT03159260": "2019-03-25",
    "NCT01811355": "2017-06-27",
    "NCT02298868": "2015-02-05",
}
SITE_WITH_RESULTS = RANKED_WITH_RESULTS | {"NCT04431453": "2023-12-22", "NCT02210780": "2020-05-07"}


def _registered(record: dict) -> tuple[bool | None, str | None]:
    """(hasResults, resultsFirstPostDateStruct.date) as the record gives them."""
    status = record.get("protocolSection", {}).get("statusModule", {})
    posted = status.get("resultsFirstPostDateStruct", {}).get("date")
    return record.get("hasResults"), posted


def _trial(doc: dict, nct_id: str) -> dict:
    return next(t for t in doc["trials"] if t["nct_id"] == nct_id)


@pytest.fixture
def article():
    return load_article("inside-leg-cramps-cause")


def test_studies_hold_has_results_and_the_date_results_were_first_posted(corpus_db):
    rows = sql(
        corpus_db,
        "select nct_id, has_results, results_first_post_date, results_first_post_date_precision,"
        " results_first_post_date_type from study_overview",
    )
    records = corpus_records()
    assert len(rows) == len(records)
    with_date = 0
    for nct_id, has_results, posted, precision, kind in rows:
        registered, day = _registered(records[nct_id])
        struct = records[nct_id]["protocolSection"]["statusModule"].get(
            "resultsFirstPostDateStruct", {}
        )
        assert has_results == registered, nct_id
        assert posted == (date.fromisoformat(day) if day else None), nct_id
        assert precision == ("day" if day else None)
        assert kind == struct.get("type"), nct_id
        with_date += posted is not None
    # Every record with a results date says hasResults, and the other way round.
    assert with_date == sum(bool(r.get("hasResults")) for r in records.values()) == 19


def test_the_real_ranked_list_says_which_trials_have_results_posted(corpus_db, ranked_ids):
    doc = top.top_document(corpus_db, "leg-cramps", len(ranked_ids))
    validate_export(doc)
    posted = {t["nct_id"]: t["results_first_posted"] for t in doc["trials"] if t["results_posted"]}
    assert posted == RANKED_WITH_RESULTS
    for t in doc["trials"]:
        registered, day = _registered(corpus_records()[t["nct_id"]])
        assert t["results_posted"] is bool(registered)
        assert t["results_first_posted"] == (day if registered else None)
        url = f"https://clinicaltrials.gov/study/{t['nct_id']}?tab=results"
        assert t["results_url"] == (url if registered else None)


def test_v1_stays_as_it_was():
    old = v1_document(site_export())
    validate_export(old, version=1)
    assert old["schema_version"] == "1.0"
    assert not any(set(RESULTS_FIELDS) & set(t) for t in old["trials"])


def test_a_2_0_document_without_the_results_fields_is_still_valid():
    doc = site_export()
    assert doc["schema_version"] == "2.1"
    for t in doc["trials"]:
        for field in RESULTS_FIELDS:
            del t[field]
    doc["schema_version"] = "2.0"
    validate_export(doc)


def _link_without_results(doc):
    t = next(t for t in doc["trials"] if not t["results_posted"])
    t["results_url"] = t["url"] + "?tab=results"


def _date_without_results(doc):
    next(t for t in doc["trials"] if not t["results_posted"])["results_first_posted"] = "2020-01-02"


def _another_trials_link(doc):
    a, b = [t for t in doc["trials"] if t["results_posted"]][:2]
    a["results_url"] = b["results_url"]


def _no_link_with_results(doc):
    del next(t for t in doc["trials"] if t["results_posted"])["results_url"]


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_link_without_results, "results_url: should be None"),
        (_date_without_results, "results_first_posted: set without results"),
        (_another_trials_link, "results_url: should be https://clinicaltrials.gov/study/"),
        (_no_link_with_results, "results_url: should be https://clinicaltrials.gov/study/"),
    ],
)
def test_results_fields_that_do_not_agree_are_rejected(spoil, message):
    doc = site_export()
    spoil(doc)
    with pytest.raises(ExportInvalid, match=re.escape(message)):
        validate_export(doc)


def test_csv_says_results_posted_with_the_date_and_the_link():
    doc = site_export()
    text = export_csv(doc)
    assert text.splitlines()[0].endswith(",results_posted,results_first_posted,results_url")
    rows = {r["nct_id"]: r for r in csv.DictReader(io.StringIO(text))}
    for nct_id, row in rows.items():
        day = SITE_WITH_RESULTS.get(nct_id)
        assert row["results_posted"] == ("yes" if day else "no")
        assert row["results_first_posted"] == (day or "")
        url = f"https://clinicaltrials.gov/study/{nct_id}?tab=results"
        assert row["results_url"] == (url if day else "")


@pytest.mark.parametrize(
    "posted, words",
    [
        ("2024-03-03", "Results posted on 3 March 2024"),
        ("2024-03", "Results posted in March 2024"),
        ("2024", "Results posted in 2024"),
        (None, "Results posted"),
    ],
)
def test_results_posted_in_words(posted, words):
    assert results_posted(posted) == words


def _results_lines(html: str) -> dict[str, str]:
    """{nct_id: the results line's HTML} of every row of a rendered trials table."""
    lines = {}
    for nct_id, body in re.findall(r'<tr data-nct-id="(NCT\d{8})"(.*?)</tr>', html, flags=re.S):
        found = re.findall(r'<span class="tt-sub tt-results">(.*?)</span>\n', body)
        assert len(found) <= 1, nct_id
        if found:
            lines[nct_id] = found[0]
    return lines


def _line(nct_id: str, words: str) -> str:
    return (
        f'{words} — <a href="https://clinicaltrials.gov/study/{nct_id}?tab=results" '
        f'rel="noopener">read them on ClinicalTrials.gov'
        f'<span class="tt-hidden"> ({nct_id})</span></a>'
    )


def test_page_fragment_and_list_say_results_are_posted_with_the_date_and_link(article):
    doc = site_export()
    expected = {
        t["nct_id"]: _line(t["nct_id"], results_posted(t["results_first_posted"]))
        for t in doc["trials"]
        if t["results_posted"]
    }
    assert expected["NCT04431453"] == _line("NCT04431453", "Results posted on 22 December 2023")
    top10 = {t["nct_id"] for t in doc["trials"][:10]}
    assert _results_lines(render_page(doc, article)) == {
        k: v for k, v in expected.items() if k in top10
    }
    assert _results_lines(render_fragment(doc)) == {k: v for k, v in expected.items() if k in top10}
    assert _results_lines(render_list(doc)) == expected
    assert set(expected) == set(SITE_WITH_RESULTS)


def test_the_line_says_nothing_of_what_the_results_found():
    # The line is fixed words around the date: no outcome, count or p-value from resultsSection.
    doc = site_export()
    for line in _results_lines(render_list(doc)).values():
        text = re.sub(r"<[^>]+>", "", line)
        assert re.fullmatch(
            r"Results posted on \d{1,2} [A-Z][a-z]+ \d{4} — read them on ClinicalTrials\.gov"
            r" \(NCT\d{8}\)",
            text,
        ), text
    record = corpus_records()["NCT04431453"]
    measures = [
        m["title"] for m in record["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
    ]
    html = render_list(doc)
    assert measures and not any(m in html for m in measures)


def test_synthetic_results_without_a_date_a_month_a_stray_and_an_impossible_date():
    # SYNTHETIC: real records changed in code. NCT04431453 (results posted) loses its results
    # date; NCT02210780's date is cut to its month; NCT04523987 (no results) gets a results date
    # but keeps hasResults false, and the list believes hasResults.
    no_date = relevant_variant(corpus_records()["NCT04431453"])
    del no_date["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"]
    month = relevant_variant(corpus_records()["NCT02210780"])
    month["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"]["date"] = "2020-05"
    stray = relevant_variant(corpus_records()["NCT04523987"])
    assert stray["hasResults"] is False
    stray["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"] = copy.deepcopy(
        month["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"]
    )
    # And NCT00763412 (results posted) is given a day that does not exist: no date, not a crash.
    impossible = relevant_variant(corpus_records()["NCT00763412"])
    impossible["protocolSection"]["statusModule"]["resultsFirstPostDateStruct"]["date"] = (
        "2017-02-30"
    )
    changes = {
        "NCT04431453": no_date,
        "NCT02210780": month,
        "NCT04523987": stray,
        "NCT00763412": impossible,
    }
    doc = export_of(site_records(changes, corpus=False))
    validate_export(doc)
    undated = _trial(doc, "NCT04431453")
    assert (undated["results_posted"], undated["results_first_posted"]) == (True, None)
    assert _trial(doc, "NCT02210780")["results_first_posted"] == "2020-05"
    assert {k: _trial(doc, "NCT04523987")[k] for k in RESULTS_FIELDS} == {
        "results_posted": False,
        "results_first_posted": None,
        "results_url": None,
    }
    lines = _results_lines(render_list(doc))
    assert lines == {
        "NCT04431453": _line("NCT04431453", "Results posted"),
        "NCT02210780": _line("NCT02210780", "Results posted in May 2020"),
        "NCT00763412": _line("NCT00763412", "Results posted"),
    }
