"""The API emulator over real HTTP on loopback, checked against the official v2 spec."""

import contextlib
import copy
import json
import re
import signal
import subprocess
import sys
import time

import pytest
import requests
from realdata import corpus_records

from pipeline.emulator import Emulator, FaultPlan, load_corpus
from pipeline.emulator.essie import tokenize

COND = {"query.cond": "herniated disc OR sciatica"}


def nct(study):
    return study["protocolSection"]["identificationModule"]["nctId"]


def search(emu, params, timeout=10):
    return requests.get(emu.base_url + "/studies", params=params, timeout=timeout)


def ok(emu, params):
    response = search(emu, params)
    assert response.status_code == 200, response.text
    return response.json()


def crawl(emu, params):
    """Every page body of a query, following tokens with the other params unchanged."""
    bodies, token = [], None
    while True:
        body = ok(emu, {**params, "pageToken": token} if token else params)
        bodies.append(body)
        token = body.get("nextPageToken")
        if not token or not body["studies"]:
            return bodies


def copies(studies, n):
    """n distinct synthetic studies made from real ones, sharing everything but the id."""
    out = []
    for i in range(n):
        study = studies[i % len(studies)]
        ps = study["protocolSection"]
        ident = {**ps["identificationModule"], "nctId": f"NCT{90000000 + i:08d}"}
        out.append({**study, "protocolSection": {**ps, "identificationModule": ident}})
    return out


def last_update(study):
    return study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]


def dated(studies):
    return [
        s for s in studies if "lastUpdatePostDateStruct" in s["protocolSection"]["statusModule"]
    ]


@pytest.mark.parametrize("page_size", [7, 20])
def test_pages_cover_every_match_exactly_once(emulator, page_size):
    everything = [nct(s) for s in ok(emulator, {**COND, "pageSize": 1000})["studies"]]
    bodies = crawl(emulator, {**COND, "pageSize": page_size, "countTotal": "true"})
    ids = [nct(s) for body in bodies for s in body["studies"]]
    assert ids == everything == sorted(set(ids))
    assert len(ids) == bodies[0]["totalCount"] > 40
    assert all(len(body["studies"]) == page_size for body in bodies[:-1])
    assert all(set(body) <= {"studies", "nextPageToken", "totalCount"} for body in bodies)


def test_total_count_on_first_page_only(emulator):
    first = ok(emulator, {**COND, "countTotal": "true"})
    second = ok(emulator, {**COND, "countTotal": "true", "pageToken": first["nextPageToken"]})
    assert first["totalCount"] > 10 and "totalCount" not in second
    assert "totalCount" not in ok(emulator, COND)


def test_default_page_size_is_10_and_zero_means_default(emulator):
    assert len(ok(emulator, {})["studies"]) == 10
    assert len(ok(emulator, {"pageSize": 0})["studies"]) == 10


@pytest.mark.integration  # seconds, not milliseconds: out of make test-fast
def test_page_size_over_1000_is_coerced_to_1000(corpus_dir):
    with Emulator(copies(load_corpus(corpus_dir), 1005)) as emu:
        body = ok(emu, {"pageSize": 5000, "countTotal": "true"})
        assert len(body["studies"]) == 1000 and body["totalCount"] == 1005
        assert len(ok(emu, {"pageSize": 5000, "pageToken": body["nextPageToken"]})["studies"]) == 5


def test_largest_int32_page_size_is_coerced_to_the_cap(emulator):
    emulator.max_page_size = 3
    body = ok(emulator, {**COND, "pageSize": "2147483647"})
    assert len(body["studies"]) == 3 and "nextPageToken" in body


def test_exactly_full_last_page_gets_a_token_to_an_empty_page(corpus_dir):
    with Emulator(copies(load_corpus(corpus_dir), 6)) as emu:
        bodies = crawl(emu, {"pageSize": 3})
    assert [len(b["studies"]) for b in bodies] == [3, 3, 0]
    assert "nextPageToken" not in bodies[-1]


@pytest.mark.parametrize("value", ["-1", "ten", "2.5", "2147483648", "99999999999999999999"])
def test_bad_page_size_is_400(emulator, value):
    response = search(emulator, {"pageSize": value})
    assert response.status_code == 400 and "pageSize" in response.text


def test_page_size_may_change_between_pages(emulator):
    first = ok(emulator, {**COND, "pageSize": 5})
    second = ok(emulator, {**COND, "pageSize": 20, "pageToken": first["nextPageToken"]})
    assert len(second["studies"]) == 20
    assert nct(second["studies"][0]) > nct(first["studies"][-1])


@pytest.mark.parametrize(
    "change",
    [{"query.cond": "sciatica"}, {"filter.overallStatus": "COMPLETED"}, {"sort": "StartDate"}],
)
def test_token_reused_with_changed_query_is_400(emulator, change):
    token = ok(emulator, COND)["nextPageToken"]
    response = search(emulator, {**COND, **change, "pageToken": token})
    assert response.status_code == 400 and "pageToken" in response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("token", ["abracadabra", "", "Zm9v"])
def test_unknown_token_is_400(emulator, token):
    assert search(emulator, {**COND, "pageToken": token}).status_code == 400


@pytest.mark.parametrize("name", ["query.bogus", "filter.phase", "page_size", "filter.geo"])
def test_unknown_or_unsupported_parameter_is_400_naming_it(emulator, name):
    response = search(emulator, {name: "x"})
    assert response.status_code == 400 and name in response.text


@pytest.mark.parametrize(
    "sort",
    [
        "NoSuchField",
        "lastupdatepostdate",
        "LastUpdatePostDate:up",
        "BriefTitle",
        "StartDate,LastUpdatePostDate,EnrollmentCount",
        "protocolSection.identificationModule.briefTitle",
        "protocolSection.statusModule.startDateStruct",
        "ProtocolSection.StatusModule.StartDateStruct.Date",
    ],
)
def test_bad_sort_is_400(emulator, sort):
    response = search(emulator, {"sort": sort})
    assert response.status_code == 400 and "sort" in response.text


def test_sort_by_date_desc_then_missing_last(emulator):
    studies = ok(emulator, {"sort": "LastUpdatePostDate", "pageSize": 1000})["studies"]
    with_date = dated(studies)
    assert studies[: len(with_date)] == with_date and len(with_date) < len(studies)
    assert [last_update(s) for s in with_date] == sorted(map(last_update, with_date), reverse=True)
    asc = ok(emulator, {"sort": "LastUpdatePostDate:asc", "pageSize": 1000})["studies"]
    assert last_update(asc[0]) == min(map(last_update, with_date))


@pytest.mark.parametrize(
    "key, piece",
    [
        ("protocolSection.statusModule.startDateStruct.date", "StartDate"),
        ("protocolSection.statusModule.startDateStruct.date:asc", "StartDate:asc"),
        ("START-DATE", "StartDate"),
        ("protocolSection.designModule.enrollmentInfo.count:desc", "EnrollmentCount:desc"),
    ],
)
def test_sort_takes_field_paths_and_alt_names_as_the_spec_allows(emulator, key, piece):
    # The spec: every sort item is "a field/piece name" (pattern with dots and hyphens).
    params = {**COND, "pageSize": 1000}
    assert ids(emulator, {**params, "sort": key}) == ids(emulator, {**params, "sort": piece})
    assert ids(emulator, {**params, "sort": key}) != ids(emulator, params)


def test_sort_by_enrollment_then_date(emulator):
    params = {"sort": "EnrollmentCount:desc|StartDate", "pageSize": 1000, **COND}
    counts = [
        s["protocolSection"]["designModule"].get("enrollmentInfo", {}).get("count")
        for s in ok(emulator, params)["studies"]
    ]
    present = [c for c in counts if c is not None]
    assert present == sorted(present, reverse=True) and counts[: len(present)] == present


@pytest.mark.parametrize(
    "statuses", ["RECRUITING,NOT_YET_RECRUITING", "RECRUITING|NOT_YET_RECRUITING"]
)
def test_filter_overall_status(emulator, statuses):
    studies = ok(emulator, {"filter.overallStatus": statuses, "pageSize": 1000})["studies"]
    found = {s["protocolSection"]["statusModule"]["overallStatus"] for s in studies}
    assert found == {"RECRUITING", "NOT_YET_RECRUITING"} and len(studies) > 100


def test_unknown_status_is_400(emulator):
    response = search(emulator, {"filter.overallStatus": "RECRUITING,OPEN"})
    assert response.status_code == 400 and "OPEN" in response.text


def test_filter_ids_with_query(emulator):
    ids = "NCT00415220|NCT05803083,NCT99999999"
    assert [nct(s) for s in ok(emulator, {"filter.ids": ids})["studies"]] == [
        "NCT00415220",
        "NCT05803083",
    ]
    both = ok(emulator, {"filter.ids": ids, "query.cond": "sciatica"})["studies"]
    assert [nct(s) for s in both] == ["NCT00415220"]
    assert search(emulator, {"filter.ids": "NCT1234X"}).status_code == 400


def test_filter_advanced_range_on_last_update(emulator):
    params = {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2025-01-01,MAX]", "pageSize": 100}
    studies = ok(emulator, params)["studies"]
    assert studies and all(last_update(s) >= "2025-01-01" for s in studies)
    everything = dated(ok(emulator, {"pageSize": 1000})["studies"])
    assert len(studies) == sum(last_update(s) >= "2025-01-01" for s in everything)
    # The search docs' own form of a date bound: RANGE[01/01/2015, MAX].
    us = {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[01/01/2025, MAX]", "pageSize": 100}
    assert ok(emulator, us)["studies"] == studies


def test_filter_advanced_syntax_error_is_400(emulator):
    response = search(emulator, {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2025-01-01"})
    assert response.status_code == 400 and "filter.advanced" in response.text


def test_query_cond_matches_through_mesh_ancestor_only(emulator):
    # NCT00415220 (sciatica, disc displacement) has the MeSH ancestor "Neuromuscular Diseases";
    # no condition, title, keyword or MeSH term of it says "neuromuscular".
    study = requests.get(emulator.base_url + "/studies/NCT00415220", timeout=10).json()
    ps, browse = study["protocolSection"], study["derivedSection"]["conditionBrowseModule"]
    texts = [*ps["conditionsModule"]["conditions"], *ps["conditionsModule"]["keywords"]]
    texts += [ps["identificationModule"]["briefTitle"], ps["identificationModule"]["officialTitle"]]
    texts += [m["term"] for m in browse["meshes"]]
    assert not any("neuromuscular" in t.lower() for t in texts)
    assert "Neuromuscular Diseases" in [a["term"] for a in browse["ancestors"]]
    found = ok(emulator, {"query.cond": "neuromuscular disease", "pageSize": 1000})["studies"]
    assert "NCT00415220" in [nct(s) for s in found]


def test_query_term_searches_eligibility_text_but_query_cond_does_not(emulator):
    term = ok(emulator, {"query.term": '"menstrual cramps"', "pageSize": 1000})["studies"]
    assert "NCT05803083" in [nct(s) for s in term]
    cond = ok(emulator, {"query.cond": "cramp", "pageSize": 1000})["studies"]
    assert "NCT05803083" not in [nct(s) for s in cond] and len(cond) > 5
    assert {"NCT04901832", "NCT05457322"} <= {nct(s) for s in cond}


def test_query_intr_and_titles(emulator):
    intr = ok(emulator, {"query.intr": "magnesium", "pageSize": 1000})["studies"]
    assert intr and all("magnesium" in str(s["protocolSection"]).lower() for s in intr)
    titles = ok(emulator, {"query.titles": "cramping OR cramps", "pageSize": 1000})["studies"]
    for s in titles:
        ident = s["protocolSection"]["identificationModule"]
        text = " ".join(ident.get(k, "") for k in ("briefTitle", "officialTitle", "acronym"))
        assert "cramp" in text.lower()


def test_queries_and_filters_are_anded(emulator):
    cond = {nct(s) for s in ok(emulator, {**COND, "pageSize": 1000})["studies"]}
    recruiting = {**COND, "filter.overallStatus": "RECRUITING", "pageSize": 1000}
    both = {nct(s) for s in ok(emulator, recruiting)["studies"]}
    assert both and both < cond


def ids(emu, params):
    return [nct(s) for s in ok(emu, {**params, "pageSize": 1000})["studies"]]


def strings(node):
    """Every string value of a record, walked in the test."""
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [text for item in items for text in strings(item)]


def conditions(study):
    return study["protocolSection"].get("conditionsModule", {}).get("conditions", [])


def locations(study):
    return study["protocolSection"].get("contactsLocationsModule", {}).get("locations", [])


def test_expansion_none_matches_words_exactly_as_written(emulator, corpus_studies):
    # The search docs: EXPANSION[None] searches the term exactly as is; case counts.
    exact = re.compile(r"(?<!\w)Cramp(?!\w)")
    expected = [nct(s) for s in corpus_studies if any(map(exact.search, strings(s)))]
    found = ids(emulator, {"query.term": "EXPANSION[None]Cramp"})
    assert found == expected and 0 < len(found) < len(ids(emulator, {"query.term": "cramp"}))
    lower = ids(emulator, {"query.term": "EXPANSION[None]cramps"})
    assert lower and set(lower) < set(ids(emulator, {"query.term": "cramps"}))


def test_expansion_term_keeps_word_forms_and_lossy_needs_any_word(emulator):
    relaxed = set(ids(emulator, {"query.cond": "leg night"}))
    adjacent = set(ids(emulator, {"query.cond": "EXPANSION[Term]leg night"}))
    lossy = set(ids(emulator, {"query.cond": "EXPANSION[Lossy]leg night"}))
    either = set(ids(emulator, {"query.cond": "leg OR night"}))
    assert adjacent <= relaxed < lossy == either
    assert ids(emulator, {"query.cond": "EXPANSION[Term]cramp"}) == ids(
        emulator, {"query.cond": "cramps"}
    )


@pytest.mark.parametrize(
    "coverage, covers",
    [
        ("FullMatch", lambda words: words == ("muscl", "cramp")),
        ("StartsWith", lambda words: words[:1] == ("muscl",)),
        ("EndsWith", lambda words: words[-1:] == ("cramp",)),
        ("Contains", lambda words: "cramp" in words),
    ],
)
def test_coverage_compares_the_term_with_whole_field_values(
    emulator, corpus_studies, coverage, covers
):
    term = {"FullMatch": "muscle cramps", "StartsWith": "muscle", "EndsWith": "cramps"}
    expression = f"AREA[Condition]COVERAGE[{coverage}]{term.get(coverage, 'cramps')}"
    expected = [nct(s) for s in corpus_studies if any(covers(tokenize(c)) for c in conditions(s))]
    assert ids(emulator, {"filter.advanced": expression}) == expected and expected


def test_search_location_matches_within_one_location(emulator, corpus_studies):
    # NCT04839783 has a site in Australia (RECRUITING) and completed ones in the United States.
    both = "AREA[LocationCountry]Australia AND AREA[LocationStatus]COMPLETED"
    one_site = [
        nct(s)
        for s in corpus_studies
        if any(x.get("country") == "Australia" and x.get("status") == "COMPLETED"
               for x in locations(s))
    ]  # fmt: skip
    found = ids(emulator, {"filter.advanced": f"SEARCH[Location]({both})"})
    assert found == one_site and "NCT04839783" in ids(emulator, {"filter.advanced": both})
    assert "NCT04839783" not in found
    recruiting = "AREA[LocationCountry]Australia AND AREA[LocationStatus]RECRUITING"
    assert "NCT04839783" in ids(emulator, {"filter.advanced": f"SEARCH[Location]({recruiting})"})
    # Inside one location, a word with no AREA searches that location's fields.
    windsor = ids(emulator, {"query.cond": "SEARCH[Location](Windsor)"})
    assert "NCT04839783" in windsor
    assert ids(emulator, {"query.term": "SEARCH[Study](cramp)"}) == ids(
        emulator, {"query.term": "cramp"}
    )


def test_tilt_changes_no_answer_and_all_matches_every_study(emulator):
    # TILT biases relevance only; this emulator has no relevance ranking.
    for params in ({"query.cond": "cramp"}, {"query.cond": "cramp", "sort": "@relevance"}):
        tilted = {**params, "query.cond": "TILT[StudyFirstPostDate]cramp"}
        assert ids(emulator, tilted) == ids(emulator, params)
    assert ids(emulator, {"query.term": "ALL"}) == ids(emulator, {})
    assert ids(emulator, {"query.term": "cramp AND NOT ALL"}) == []


@pytest.mark.parametrize(
    "expression, message",
    [
        ("COVERAGE[Most]cramp", "COVERAGE[Most]"),
        ("EXPANSION[Synonyms]cramp", "EXPANSION[Synonyms]"),
        ("SEARCH[Contact](cramp)", "SEARCH[Contact]"),
        ("TILT[NoSuchPiece]cramp", "TILT"),
        ("SEARCH[Location](AREA[Condition]cramp)", "not emulated"),
        ("SEARCH[Location](SEARCH[Location](cramp))", "not emulated"),
        ("EXPANSION[None]cramp AND COVERAGE[FullMatch", "missing ']'"),
    ],
)
def test_operators_the_emulator_cannot_answer_are_400(emulator, expression, message):
    response = search(emulator, {"query.term": expression})
    assert response.status_code == 400 and message in response.text


def test_study_by_id_is_the_record_untouched(emulator, corpus_dir):
    response = requests.get(emulator.base_url + "/studies/NCT02552212", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    newer = load_corpus(corpus_dir / "studies")
    assert response.json() == next(s for s in newer if nct(s) == "NCT02552212")
    assert response.json()["derivedSection"]["miscInfoModule"]["versionHolder"] == "2024-01-03"


def test_study_errors_and_alias_redirect(emulator):
    base = emulator.base_url + "/studies/"
    missing = requests.get(base + "NCT99999999", timeout=10)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert requests.get(base + "cramps", timeout=10).status_code == 400
    moved = requests.get(base + "NCT02380456", timeout=10, allow_redirects=False)
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/NCT02300909")
    assert nct(requests.get(base + "NCT02380456", timeout=10).json()) == "NCT02300909"


@pytest.mark.parametrize(
    "path, query",
    [
        ("/studies", "fields="),
        ("/studies", "fields=NCTId,,BriefTitle"),
        ("/studies", "fields=NCTId| "),
        ("/studies", "filter.ids="),
        ("/studies", "filter.ids=NCT04839783|"),
        ("/studies", "postFilter.ids=,NCT04839783"),
        ("/studies", "filter.overallStatus="),
        ("/studies", "postFilter.overallStatus=RECRUITING,,COMPLETED"),
        ("/studies", "sort="),
        ("/studies", "fields=&format=csv"),
        ("/studies/NCT04839783", "fields="),
        ("/stats/field/values", "fields="),
        ("/stats/field/values", "types=ENUM,"),
        ("/stats/field/sizes", "fields="),
    ],
)
def test_empty_list_items_are_400(emulator, path, query):
    # The spec's lists are pipeDelimited arrays, which have no empty form: `fields=` is one
    # empty item, and no item schema (name pattern, NCT id pattern, enum) takes "".
    response = requests.get(f"{emulator.base_url}{path}?{query}", timeout=10)
    name = query.partition("=")[0]
    assert response.status_code == 400 and f"{name}: empty list item" in response.text


def test_unemulated_format_and_repeated_parameters_are_400(emulator):
    assert "not supported" in search(emulator, {"format": "ris"}).text
    repeated = requests.get(emulator.base_url + "/studies?pageSize=1&pageSize=2", timeout=10)
    assert repeated.status_code == 400 and "pageSize" in repeated.text


def test_version_timestamp_is_configurable(corpus_dir):
    with Emulator(corpus_dir, data_timestamp="2026-11-20T09:00:01") as emu:
        url = emu.base_url + "/version"
        assert requests.get(url, timeout=10).json() == {
            "apiVersion": "2.0.5",
            "dataTimestamp": "2026-11-20T09:00:01",
        }
        emu.data_timestamp = "2026-11-21T09:00:02"
        assert requests.get(url, timeout=10).json()["dataTimestamp"] == "2026-11-21T09:00:02"


def test_put_and_remove_study_at_runtime(emulator):
    study = requests.get(emulator.base_url + "/studies/NCT00415220", timeout=10).json()
    changed = {**study, "protocolSection": {**study["protocolSection"]}}
    changed["protocolSection"]["conditionsModule"] = {"conditions": ["Nocturnal Leg Cramps"]}
    emulator.put_study(changed)
    assert "NCT00415220" in [nct(s) for s in ok(emulator, {"query.cond": "leg cramps"})["studies"]]
    assert emulator.remove_study("NCT00415220") and not emulator.remove_study("NCT00415220")
    assert requests.get(emulator.base_url + "/studies/NCT00415220", timeout=10).status_code == 404


def test_load_corpus_detects_shapes_and_keeps_newest_version(corpus_dir):
    studies = load_corpus(corpus_dir)
    ids = [nct(s) for s in studies]
    assert ids == sorted(set(ids))
    assert {"NCT00184067", "NCT03281889", "NCT05803083", "NCT04694417"} <= set(ids)
    study = studies[ids.index("NCT02552212")]
    assert study["derivedSection"]["miscInfoModule"]["versionHolder"] == "2024-01-03"


@pytest.mark.parametrize("fault", ["429", "429-no-retry-after", "403", "500", "502", "503"])
def test_status_faults_are_plain_text_and_do_not_advance_the_cursor(emulator, fault):
    emulator.faults = FaultPlan(script={2: fault})
    first = ok(emulator, COND)
    params = {**COND, "pageToken": first["nextPageToken"]}
    failed = search(emulator, params)
    assert failed.status_code == int(fault[:3])
    assert failed.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert failed.headers.get("Retry-After") == ("0" if fault == "429" else None)
    assert ok(emulator, params)["studies"] == ok(emulator, params)["studies"]
    assert nct(ok(emulator, params)["studies"][0]) > nct(first["studies"][-1])
    assert [r["fault"] for r in emulator.request_log] == [None, fault, None, None, None]


def test_retry_after_is_configurable(emulator):
    emulator.faults = FaultPlan(script={1: "429"}, retry_after="7")
    assert search(emulator, COND).headers["Retry-After"] == "7"


def test_reset_raises_connection_error(emulator):
    emulator.faults = FaultPlan(script={1: "reset"})
    with pytest.raises(requests.ConnectionError):
        search(emulator, COND)
    assert ok(emulator, COND)["studies"]


@pytest.mark.integration  # waits out real timeouts (1-2 s): the full suite, not test-fast
def test_stall_hits_the_read_timeout_and_stop_does_not_wait(corpus_dir):
    emu = Emulator(corpus_dir, faults=FaultPlan(script={1: "stall"}, stall_seconds=30)).start()
    with pytest.raises(requests.ReadTimeout):
        search(emu, COND, timeout=1)  # only the held request meets this timeout
    assert ok(emu, COND)["studies"]
    started = time.monotonic()
    emu.stop()
    assert time.monotonic() - started < 5


@pytest.mark.integration  # waits out real timeouts (1-2 s): the full suite, not test-fast
def test_stall_drops_the_connection_after_stall_seconds_without_an_answer(emulator):
    emulator.faults = FaultPlan(script={1: "stall"}, stall_seconds=1)
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError, match="without response"):
        search(emulator, COND, timeout=30)
    assert time.monotonic() - started >= 1  # the hold is the server's, not a client timeout
    assert ok(emulator, COND)["studies"]
    assert [(r["fault"], r["status"]) for r in emulator.request_log] == [
        ("stall", None),
        (None, 200),
    ]


def test_slow_answers_after_stall_seconds(emulator):
    emulator.faults = FaultPlan(script={1: "slow"}, stall_seconds=0.2)
    assert ok(emulator, COND)["studies"]
    assert [r["status"] for r in emulator.request_log] == [200]


def test_truncate_breaks_the_body(emulator):
    emulator.faults = FaultPlan(script={1: "truncate"})
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        search(emulator, COND)


def test_empty_page_comes_with_a_token_to_the_same_page(emulator):
    emulator.faults = FaultPlan(script={2: "empty-page"})
    first = ok(emulator, COND)
    empty = ok(emulator, {**COND, "pageToken": first["nextPageToken"]})
    assert empty["studies"] == [] and empty["nextPageToken"]
    after = ok(emulator, {**COND, "pageToken": empty["nextPageToken"]})
    again = ok(emulator, {**COND, "pageToken": first["nextPageToken"]})
    assert after["studies"] == again["studies"]
    assert nct(after["studies"][0]) > nct(first["studies"][-1])


def test_repeat_serves_the_previous_last_study_again(emulator):
    emulator.faults = FaultPlan(script={2: "repeat"})
    bodies = crawl(emulator, {**COND, "pageSize": 10, "countTotal": "true"})
    ids = [nct(s) for body in bodies for s in body["studies"]]
    assert ids[10] == ids[9] and len(ids) == len(set(ids)) + 1
    assert len(set(ids)) == bodies[0]["totalCount"]


def test_faults_count_searches_only_unless_all_endpoints(emulator):
    emulator.faults = FaultPlan(script={1: "503"})
    assert requests.get(emulator.base_url + "/version", timeout=10).status_code == 200
    assert search(emulator, COND).status_code == 503
    emulator.faults = FaultPlan(script={1: "503"}, all_endpoints=True)
    assert requests.get(emulator.base_url + "/version", timeout=10).status_code == 503
    assert [r["n"] for r in emulator.request_log] == [1, 2, 3]
    emulator.reset_log()
    assert search(emulator, COND).status_code == 200 and emulator.request_log[0]["n"] == 1


def test_same_token_answers_with_the_token_it_was_given(emulator):
    emulator.faults = FaultPlan(rates={"same-token": 1.0})
    first = ok(emulator, COND)
    token = first["nextPageToken"]
    second = ok(emulator, {**COND, "pageToken": token})
    third = ok(emulator, {**COND, "pageToken": second["nextPageToken"]})
    assert second["nextPageToken"] == third["nextPageToken"] == token
    assert second["studies"] == third["studies"] and nct(second["studies"][0]) > nct(
        first["studies"][-1]
    )


def test_overrun_pages_go_on_past_the_total_count(emulator):
    emulator.faults = FaultPlan(rates={"overrun": 1.0})
    params = {**COND, "pageSize": 7}
    bodies = [ok(emulator, {**params, "countTotal": "true"})]
    total = bodies[0]["totalCount"]
    pages = -(-total // 7)
    for _ in range(pages):
        bodies.append(ok(emulator, {**params, "pageToken": bodies[-1]["nextPageToken"]}))
    ids = [nct(s) for b in bodies[:pages] for s in b["studies"]]
    assert len(ids) == len(set(ids)) == total
    # Past the last page the pages start over, each with a fresh token.
    assert bodies[pages]["studies"] == bodies[0]["studies"]
    assert len({b["nextPageToken"] for b in bodies}) == len(bodies)


@pytest.mark.parametrize(
    "fault, shape",
    [
        ("json-array", lambda b: isinstance(b, list) and len(b) == 10),
        ("studies-object", lambda b: isinstance(b["studies"], dict)),
        ("total-string", lambda b: isinstance(b["totalCount"], str)),
        ("token-number", lambda b: b["nextPageToken"] == 12345),
        ("other-json", lambda b: "studies" not in b and b["status"] == "ok"),
    ],
)
def test_body_faults_bend_the_page_shape(emulator, fault, shape):
    emulator.faults = FaultPlan(script={1: fault})
    assert shape(ok(emulator, {**COND, "countTotal": "true"}))
    assert isinstance(ok(emulator, COND)["studies"], list)


def test_body_faults_reach_version_and_study_with_all_endpoints(emulator):
    emulator.faults = FaultPlan(script={1: "timestamp-number", 2: "json-array"}, all_endpoints=True)
    assert requests.get(emulator.base_url + "/version", timeout=10).json()["dataTimestamp"] == (
        20261124
    )
    body = requests.get(emulator.base_url + "/studies/NCT00415220", timeout=10).json()
    assert isinstance(body, list) and nct(body[0]) == "NCT00415220"
    assert nct(requests.get(emulator.base_url + "/studies/NCT00415220", timeout=10).json())


def test_invalid_json_is_a_complete_answer_that_does_not_parse(emulator):
    emulator.faults = FaultPlan(script={1: "invalid-json"})
    response = search(emulator, COND)
    assert response.status_code == 200
    assert len(response.content) == int(response.headers["Content-Length"]) > 10
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def fault_sequence(emu, plan, n=30):
    emu.faults = plan
    emu.reset_log()
    for _ in range(n):
        with contextlib.suppress(requests.RequestException):
            search(emu, {"pageSize": 1}, timeout=5)
    return [r["fault"] for r in sorted(emu.request_log, key=lambda r: r["n"])]


def test_seeded_random_faults_are_reproducible(emulator):
    rates = {"503": 0.3, "reset": 0.1, "truncate": 0.1}
    first = fault_sequence(emulator, FaultPlan(rates=rates, seed=7))
    again = fault_sequence(emulator, FaultPlan(rates=rates, seed=7))
    other = fault_sequence(emulator, FaultPlan(rates=rates, seed=8))
    assert first == again != other
    assert {"503", "reset", "truncate", None} == set(first)


def test_script_and_rates_combine(emulator):
    plan = FaultPlan(script={1: "403", 3: "502"}, rates={"503": 1.0})
    assert fault_sequence(emulator, plan, n=4) == ["403", "503", "502", "503"]


@pytest.mark.parametrize("kwargs", [{"script": {1: "teapot"}}, {"rates": {"503": 0.7, "500": 0.5}}])
def test_bad_fault_plans_are_rejected(kwargs):
    with pytest.raises(ValueError):
        FaultPlan(**kwargs)


def test_fault_plan_from_cli_specs():
    plan = FaultPlan.from_specs(["2:503", "5:429-no-retry-after"], ["reset:0.25"], seed=3)
    assert plan.script == {2: "503", 5: "429-no-retry-after"} and plan.rates == {"reset": 0.25}


def test_cli_serves_until_interrupted(corpus_dir):
    command = [sys.executable, "-m", "pipeline.emulator", "--corpus", str(corpus_dir)]
    command += ["--port", "0", "--data-timestamp", "2026-11-22T09:00:00", "--fault", "1:503"]
    cwd = corpus_dir.parent
    # A shell's background job starts with SIGINT ignored, and the child would inherit that: the
    # child starts with Python's usual SIGINT handling, whoever runs the suite.
    reset = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=cwd, preexec_fn=reset
    ) as proc:
        try:
            line = proc.stdout.readline().strip()
            assert line.startswith("serving ") and " studies on http://127.0.0.1:" in line
            base_url = line.rsplit(" ", 1)[1]
            assert requests.get(base_url + "/studies", timeout=60).status_code == 503
            version = requests.get(base_url + "/version", timeout=60).json()
            assert version["dataTimestamp"] == "2026-11-22T09:00:00"
        finally:
            proc.send_signal(signal.SIGINT)
        # Generous: on a loaded machine the interpreter may take seconds to wind down.
        assert proc.wait(timeout=120) == 0


def odd_variants():
    """SYNTHETIC: odd records built in code from the real nocturnal leg-cramp record NCT03159260."""
    real = corpus_records()["NCT03159260"]
    numbers = iter(range(99100000, 99200000))

    def variant(edit):
        record = copy.deepcopy(real)
        # Each variant is a distinct study unless its id is what the edit changes.
        record["protocolSection"]["identificationModule"]["nctId"] = f"NCT{next(numbers)}"
        edit(record)
        return record

    def ps(record):
        return record["protocolSection"]

    def ident(record):
        return ps(record)["identificationModule"]

    def status(record):
        return ps(record)["statusModule"]

    return {
        "integer id": variant(lambda r: ident(r).update(nctId=99000001)),
        "no id": variant(lambda r: ident(r).pop("nctId")),
        "null id": variant(lambda r: ident(r).update(nctId=None)),
        "path id": variant(lambda r: ident(r).update(nctId="../../etc/passwd")),
        "short id": variant(lambda r: ident(r).update(nctId="NCT123")),
        "identification list": variant(lambda r: ps(r).update(identificationModule=[ident(r)])),
        "status list": variant(lambda r: ps(r).update(statusModule=[status(r)])),
        "status string": variant(lambda r: ps(r).update(statusModule="COMPLETED")),
        "status object": variant(lambda r: status(r).update(overallStatus={"x": ["COMPLETED"]})),
        "title list": variant(lambda r: ident(r).update(briefTitle=["Leg", {"a": 1}, None])),
        "conditions string": variant(
            lambda r: ps(r)["conditionsModule"].update(conditions="Leg cramps")
        ),
        "date list": variant(lambda r: status(r)["lastUpdatePostDateStruct"].update(date=[1])),
        "date garbage": variant(lambda r: status(r)["lastUpdatePostDateStruct"].update(date="zz")),
        "date number": variant(lambda r: status(r).update(lastUpdatePostDateStruct=20240101)),
        "enrollment string": variant(
            lambda r: ps(r)["designModule"].update(enrollmentInfo={"count": "many"})
        ),
        "enrollment bool": variant(
            lambda r: ps(r)["designModule"].update(enrollmentInfo={"count": True})
        ),
        "no protocolSection": variant(lambda r: r.pop("protocolSection")),
        "null protocolSection": variant(lambda r: r.update(protocolSection=None)),
        "list protocolSection": variant(lambda r: r.update(protocolSection=[ps(r)])),
        "derived string": variant(lambda r: r.update(derivedSection="x")),
        "controls": variant(
            lambda r: ident(r).update(
                nctId="NCT99000002", briefTitle="Cramps \x00 \x1b[31m \u202e \ud800 end"
            )
        ),
        "1 MB": variant(
            lambda r: ident(r).update(nctId="NCT99000003", briefTitle="cramps " * 150_000)
        ),
        "null record": None,
        "number record": 42,
        "string record": "nocturnal leg cramps",
        "list record": [real["protocolSection"]["conditionsModule"]],
        "bool record": True,
    }


ODD_SEARCHES = [
    {},
    {"query.cond": "cramp"},
    {"query.term": "cramp OR cramps"},
    {"query.titles": "cramps"},
    {"query.id": "NCT03159260"},
    {"query.intr": "magnesium"},
    {"filter.ids": "NCT03159260,NCT99000002"},
    {"filter.overallStatus": "COMPLETED"},
    {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2020-01-01,MAX]"},
    {"filter.advanced": "AREA[EnrollmentCount]RANGE[10,MAX]"},
    {"filter.advanced": "AREA[BriefTitle]MISSING"},
    {"sort": "LastUpdatePostDate"},
    {"sort": "EnrollmentCount:desc", "query.cond": "cramp"},
    {"query.cond": "cramp", "sort": "StartDate:asc,EnrollmentCount"},
]


@pytest.mark.integration  # seconds, not milliseconds: out of make test-fast
def test_odd_records_are_served_without_errors():
    odd = odd_variants()
    clean = list(corpus_records().values())
    with Emulator([*clean, *odd.values()]) as emu:
        assert len(emu.corpus) == len(clean) + len(odd)
        for params in ODD_SEARCHES:
            bodies = crawl(emu, {**params, "pageSize": 40, "countTotal": "true"})
            served = [s for b in bodies for s in b["studies"]]
            assert len(served) == bodies[0]["totalCount"], params
        everything = crawl(emu, {"pageSize": 1000})[0]["studies"]
        for name, record in odd.items():
            assert everything.count(record) == 1, name
        # Records are served untouched, whatever they hold; fields that are unusable match nothing.
        titles = ok(emu, {"query.titles": "cramps", "pageSize": 1000})["studies"]
        assert odd["integer id"] in titles and odd["controls"] in titles and odd["1 MB"] in titles
        assert odd["no protocolSection"] not in titles
        # A list where a string belongs is searched element by element; an object in it is not.
        brief = {"filter.advanced": "AREA[BriefTitle]leg", "pageSize": 1000}
        assert odd["title list"] in ok(emu, brief)["studies"]
        brief = {"filter.advanced": "AREA[BriefTitle](cramps OR a)", "pageSize": 1000}
        assert odd["title list"] not in ok(emu, brief)["studies"]
        term = ok(emu, {"query.term": "nocturnal", "pageSize": 1000})["studies"]
        assert odd["string record"] in term and odd["list record"] in term
        recent = {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2000-01-01,MAX]"}
        dated = ok(emu, {**recent, "pageSize": 1000})["studies"]
        assert odd["integer id"] in dated and odd["date garbage"] not in dated
        completed = ok(emu, {"filter.overallStatus": "COMPLETED", "pageSize": 1000})["studies"]
        assert odd["status list"] in completed and odd["integer id"] in completed
        assert odd["status object"] not in completed and odd["status string"] not in completed
        base = emu.base_url + "/studies/"
        assert requests.get(base + "NCT99000002", timeout=10).json() == odd["controls"]
        assert requests.get(base + "NCT99000001", timeout=10).status_code == 404
        assert requests.get(base + "NCT03159260", timeout=10).status_code == 200
