"""Third-party API v2 clients from PyPI (ctgov, pytrials) pointed at the emulator.

Neither takes a base URL argument: each keeps the address in a module or class constant, which is
set to the emulator's (a configuration value; their HTTP code runs unchanged over loopback).
"""

import ctgov
import ctgov.client
import pytest
import pytrials.client as pytrials_client

QUERY = "herniated disc OR sciatica"


def nct(study):
    return study["protocolSection"]["identificationModule"]["nctId"]


@pytest.fixture
def ctgov_client(emulator, monkeypatch):
    monkeypatch.setattr(ctgov.client, "BASE_URL", emulator.base_url + "/")
    return ctgov.Client(delay=0, retries=1, timeout=30)


def test_ctgov_search_pages_through_every_match(ctgov_client, emulator, corpus_studies):
    emulator.max_page_size = 4  # the client asks for 1000 a page: force many pages
    studies = ctgov_client.studies(QUERY)
    searches = [r for r in emulator.request_log if r["path"].endswith("/studies")]
    assert len(searches) > 3 and all("pageToken" in r["params"] for r in searches[1:])
    assert len(studies) == ctgov_client.count(QUERY) > 4
    assert len({nct(s) for s in studies}) == len(studies)
    assert [nct(s) for s in studies] == sorted(nct(s) for s in studies)


def test_ctgov_fields_filters_and_single_study(ctgov_client, corpus_studies):
    fields = ["protocolSection.identificationModule.nctId", "protocolSection.designModule.phases"]
    narrowed = ctgov_client.studies(
        QUERY, fields=fields, filters={"overallStatus": "COMPLETED"}, max_studies=5
    )
    assert narrowed and all(set(s) == {"protocolSection"} for s in narrowed)
    assert all(
        set(s["protocolSection"]) <= {"identificationModule", "designModule"} for s in narrowed
    )
    one = ctgov_client.study(nct(narrowed[0]))
    assert one == next(s for s in corpus_studies if nct(s) == nct(narrowed[0]))
    with pytest.raises(ctgov.CTGovError, match="404"):
        ctgov_client.study("NCT99999999")


def test_pytrials_csv_and_json_searches(emulator, monkeypatch):
    monkeypatch.setattr(pytrials_client.ClinicalTrials, "_BASE_URL", emulator.base_url + "/")
    client = pytrials_client.ClinicalTrials()
    assert client.api_info[0] == "2.0.5"
    rows = client.get_study_fields("sciatica", ["NCT Number", "Conditions"], max_studies=5)
    assert rows[0] == ["NCT Number", "Conditions"] and 1 < len(rows) <= 6
    full = client.get_full_studies("sciatica", max_studies=5, fmt="json")
    assert [nct(s) for s in full["studies"]] == [row[0] for row in rows[1:]]
    csv_rows = client.get_full_studies("sciatica", max_studies=5)
    assert csv_rows[0][0] == "NCT Number" and len(csv_rows) == len(rows)
