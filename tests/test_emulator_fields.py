"""`fields` on the emulator: narrowed records are the full records restricted to those paths."""

import csv
import io
import json
import re

import pytest
import requests

from pipeline.emulator import Emulator

COND = {"query.cond": "herniated disc OR sciatica OR asthma OR cramp"}


def get(emu, path, params):
    return requests.get(emu.base_url + path, params=params, timeout=10)


def crawl(emu, params):
    """Every study of a query, page after page (the other params unchanged)."""
    studies, token = [], None
    while True:
        response = get(emu, "/studies", {**params, "pageToken": token} if token else params)
        assert response.status_code == 200, response.text
        body = response.json()
        studies += body["studies"]
        token = body.get("nextPageToken")
        if not token or not body["studies"]:
            return studies


def restrict(node, paths):
    """The node keeping only the dotted paths (lists element by element; emptied parts dropped)."""
    heads = {}
    for path in paths:
        head, _, rest = path.partition(".")
        heads.setdefault(head, []).append(rest)
    if isinstance(node, list):
        items = [restrict(item, paths) for item in node]
        return [i for i in items if i is not None] or None
    if not isinstance(node, dict):
        return None
    out = {}
    for head, rests in heads.items():
        if head in node:
            value = node[head] if "" in rests else restrict(node[head], rests)
            if value is not None:
                out[head] = value
    return out or None


FIELD_CASES = [
    ("NCTId", ["protocolSection.identificationModule.nctId"]),
    (
        "NCTId|BriefTitle,OverallStatus|HasResults",
        [
            "protocolSection.identificationModule.nctId",
            "protocolSection.identificationModule.briefTitle",
            "protocolSection.statusModule.overallStatus",
            "hasResults",
        ],
    ),
    (
        "ConditionsModule,InterventionName,protocolSection.designModule.enrollmentInfo.count",
        [
            "protocolSection.conditionsModule",
            "protocolSection.armsInterventionsModule.interventions.name",
            "protocolSection.designModule.enrollmentInfo.count",
        ],
    ),
    (
        "LocationCity|DerivedSection",
        ["protocolSection.contactsLocationsModule.locations.city", "derivedSection"],
    ),
    (
        "TitleSearch",
        [
            "protocolSection.identificationModule.briefTitle",
            "protocolSection.identificationModule.officialTitle",
            "protocolSection.identificationModule.acronym",
        ],
    ),
]


@pytest.mark.parametrize(("fields", "paths"), FIELD_CASES)
def test_fields_narrowed_pages_equal_full_records_restricted(corpus_studies, fields, paths):
    with Emulator(corpus_studies) as emu:
        emu.max_page_size = 7  # several pages
        full = crawl(emu, {**COND, "pageSize": 7})
        narrow = crawl(emu, {**COND, "pageSize": 7, "fields": fields})
    assert len(full) == len(narrow) > 7
    for whole, part in zip(full, narrow, strict=True):
        assert part == (restrict(whole, paths) or {})
    # The narrowing is real: the first path is served, and the pages are much smaller.
    assert any(restrict(p, paths[:1]) for p in narrow)
    assert len(json.dumps(narrow)) < len(json.dumps(full)) / 2


def test_fields_on_a_single_study(emulator, corpus_studies):
    study = corpus_studies[0]
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    response = get(emulator, f"/studies/{nct}", {"fields": "NCTId,StatusModule"})
    assert response.status_code == 200, response.text
    paths = ["protocolSection.identificationModule.nctId", "protocolSection.statusModule"]
    assert response.json() == restrict(study, paths)


@pytest.mark.parametrize("path", ["/studies", "/studies/NCT02552212"])
def test_unknown_field_is_400_naming_it(emulator, path):
    response = get(emulator, path, {"fields": "NCTId,NoSuchField"})
    assert response.status_code == 400
    assert "NoSuchField" in response.text


def test_at_query_selects_the_searched_pieces(emulator):
    body = get(emulator, "/studies", {"query.titles": "asthma", "fields": "@query"}).json()
    assert body["studies"]
    for study in body["studies"]:
        assert set(study) == {"protocolSection"}
        assert set(study["protocolSection"]["identificationModule"]) <= {
            "briefTitle",
            "officialTitle",
            "acronym",
        }


def csv_crawl(emu, params):
    """Every CSV page of a query (header row on the first only), paged by x-next-page-token."""
    pages, token = [], None
    while True:
        response = get(emu, "/studies", {**params, "pageToken": token} if token else params)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/csv")
        pages.append(list(csv.reader(io.StringIO(response.text))))
        token = response.headers.get("x-next-page-token")
        if not token or len(pages[-1]) == (1 if len(pages) == 1 else 0):
            return pages


def joined(study, module, key, field=None):
    values = study["protocolSection"].get(module, {}).get(key, [])
    return "|".join(v[field] if field else v for v in values)


def test_csv_pages_equal_the_full_json(corpus_studies):
    with Emulator(corpus_studies) as emu:
        emu.max_page_size = 7
        full = crawl(emu, {**COND, "pageSize": 7})
        first = get(emu, "/studies", {**COND, "format": "csv", "countTotal": "true"})
        pages = csv_crawl(emu, {**COND, "pageSize": 7, "format": "csv"})
    assert int(first.headers["x-total-count"]) == len(full)
    header, rows = pages[0][0], [row for page in pages for row in page][1:]
    assert all(header not in page for page in pages[1:])  # the header row comes once
    assert len(rows) == len(full) > 7
    for study, row in zip(full, rows, strict=True):
        record = dict(zip(header, row, strict=True))
        ps = study["protocolSection"]
        assert record["NCT Number"] == ps["identificationModule"]["nctId"]
        assert record["Study URL"].endswith("/study/" + record["NCT Number"])
        assert record["Study Title"] == ps["identificationModule"].get("briefTitle", "")
        assert record["Study Status"] == ps["statusModule"].get("overallStatus", "")
        assert record["Conditions"] == joined(study, "conditionsModule", "conditions")
        assert record["Phases"] == joined(study, "designModule", "phases")
        count = ps.get("designModule", {}).get("enrollmentInfo", {}).get("count")
        assert record["Enrollment"] == ("" if count is None else str(count))
        lead = ps.get("sponsorCollaboratorsModule", {}).get("leadSponsor", {})
        assert record["Sponsor"] == lead.get("name", "")
        assert record["Study Results"] == ("YES" if study.get("hasResults") else "NO")
        locations = ps.get("contactsLocationsModule", {}).get("locations", [])
        assert record["Locations"].count("|") == max(len(locations) - 1, 0)


def test_csv_fields_are_columns_and_unknown_ones_400(emulator):
    response = get(emulator, "/studies", {"format": "csv", "fields": "NCT Number|Conditions"})
    assert next(csv.reader(io.StringIO(response.text))) == ["NCT Number", "Conditions"]
    bad = get(emulator, "/studies", {"format": "csv", "fields": "NCT Number,No Such Column"})
    assert bad.status_code == 400 and "No Such Column" in bad.text


def test_legacy_markup_drops_markdown_escapes(emulator, corpus_studies):
    study = next(
        s
        for s in corpus_studies
        if "\\" in s["protocolSection"].get("eligibilityModule", {}).get("eligibilityCriteria", "")
    )
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    legacy = get(emulator, f"/studies/{nct}", {"markupFormat": "legacy"}).json()
    text = legacy["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    original = study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    assert text != original and text == re.sub(r"\\(.)", r"\1", original)
    assert (
        legacy["protocolSection"]["identificationModule"]
        == study["protocolSection"]["identificationModule"]
    )
