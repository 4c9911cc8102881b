"""The client against the local emulator over real HTTP: paging, retries, faults, errors."""

import copy
import json
import math
import random

import pytest
from realdata import corpus_records

from pipeline.emulator import Emulator, FaultPlan, catalog
from pipeline.emulator.api import search_query
from pipeline.emulator.corpus import RawStudy
from pipeline.fetch.ctgov import (
    PAGE_SLACK,
    ApiRequestError,
    ApiResponseError,
    ApiUnavailable,
    Client,
    CtgovError,
    FetchStats,
    PagingError,
    retry_after_seconds,
)

QUERY = {"query.cond": "cramp OR cramps"}


class RecordedSleep:
    """Records the waits the client asks for instead of waiting (no test sleeps)."""

    def __init__(self):
        self.waits = []

    def __call__(self, seconds):
        self.waits.append(seconds)


def fast_client(emu, **kw):
    # Normal answers get a generous read timeout: the suite must pass on a loaded machine.
    opts = dict(min_interval=0, backoff=0, read_timeout=30, max_attempts=4)
    opts.update(kw)
    return Client(emu.base_url, **opts)


def expected_ids(emu, params):
    """Distinct ids the emulator returns for params, paged by hand with raw requests."""
    import requests

    ids, token = [], None
    while True:
        p = dict(params, pageSize=1000)
        if token:
            p["pageToken"] = token
        body = requests.get(emu.base_url + "/studies", params=p, timeout=10).json()
        ids += [s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]]
        token = body.get("nextPageToken")
        if not token or not body["studies"]:
            return ids


def test_collects_every_study_once_with_total_count(emulator):
    with fast_client(emulator) as client:
        stats = FetchStats()
        studies = list(client.iter_studies(QUERY, stats))
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in studies]
    assert len(ids) == len(set(ids)) > 10
    assert stats.total_count == len(ids) == stats.unique == stats.received
    assert stats.complete
    assert stats.pages == 1 and stats.requests == 1


def test_pages_follow_token_with_params_unchanged(emulator):
    emulator.max_page_size = 3
    with fast_client(emulator) as client:
        stats = FetchStats()
        ids = [
            s["protocolSection"]["identificationModule"]["nctId"]
            for s in client.iter_studies(QUERY, stats)
        ]
    searches = [r for r in emulator.request_log if r["path"].endswith("/studies")]
    assert ids == expected_ids(emulator, QUERY)
    assert stats.pages == -(-len(ids) // 3) + (1 if len(ids) % 3 == 0 else 0)
    first, rest = searches[0]["params"], searches[1:]
    assert first["countTotal"] == "true" and first["pageSize"] == "1000"
    for r in rest:
        assert "pageToken" in r["params"] and "countTotal" not in r["params"]
        assert {k: v for k, v in r["params"].items() if k != "pageToken"} == {
            k: v for k, v in first.items() if k != "countTotal"
        }


@pytest.mark.parametrize(
    "fault", ["429", "429-no-retry-after", "403", "500", "502", "503", "reset", "truncate"]
)
def test_retries_transient_fault_and_gets_everything(emulator, fault):
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: fault})
    with fast_client(emulator) as client:
        stats = FetchStats()
        ids = [
            s["protocolSection"]["identificationModule"]["nctId"]
            for s in client.iter_studies(QUERY, stats)
        ]
    assert ids == expected_ids(emulator, QUERY)
    assert stats.complete
    assert stats.requests == stats.pages + 1


@pytest.mark.integration  # waits out real timeouts (1-2 s): the full suite, not test-fast
def test_stall_that_drops_the_connection_is_retried(emulator):
    # The emulator holds the request 1 s, then closes without an answer: no client timeout.
    emulator.faults = FaultPlan(script={1: "stall"}, stall_seconds=1)
    with fast_client(emulator) as client:
        stats = FetchStats()
        studies = list(client.iter_studies(QUERY, stats))
    assert stats.complete and len(studies) == stats.total_count
    assert stats.requests == 2 == len(emulator.request_log)
    assert [r["fault"] for r in emulator.request_log] == ["stall", None]


@pytest.mark.integration  # waits out real timeouts (1-2 s): the full suite, not test-fast
def test_read_timeout_is_retried_then_gives_up(emulator):
    # Both requests are held far longer than the 1 s read timeout; no answer is timed.
    emulator.faults = FaultPlan(script={1: "stall", 2: "stall"}, stall_seconds=600)
    client = fast_client(emulator, read_timeout=1, max_attempts=2)
    with client, pytest.raises(ApiUnavailable, match=r"gave up after 2 attempts \(ReadTimeout\)"):
        list(client.iter_studies(QUERY))
    assert client.requests_made == 2 == len(emulator.request_log)


@pytest.mark.integration  # waits out real timeouts (1-2 s): the full suite, not test-fast
def test_slow_answer_within_the_read_timeout_is_not_retried(emulator):
    emulator.faults = FaultPlan(script={1: "slow"}, stall_seconds=1)
    with fast_client(emulator) as client:
        stats = FetchStats()
        list(client.iter_studies(QUERY, stats))
    assert stats.complete and stats.requests == 1


def test_invalid_json_is_retried(emulator):
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "invalid-json"})
    with fast_client(emulator) as client:
        stats = FetchStats()
        ids = [
            s["protocolSection"]["identificationModule"]["nctId"]
            for s in client.iter_studies(QUERY, stats)
        ]
    assert ids == expected_ids(emulator, QUERY)
    assert stats.complete and stats.requests == stats.pages + 1


def test_honours_retry_after(emulator):
    emulator.faults = FaultPlan(script={1: "429"}, retry_after="7")
    sleep = RecordedSleep()
    with fast_client(emulator, sleep=sleep, backoff=1) as client:
        list(client.iter_studies(QUERY))
    assert sleep.waits == [7.0]


def test_backoff_is_exponential_with_jitter_and_bounded(emulator):
    emulator.faults = FaultPlan(script={1: "503", 2: "503", 3: "503", 4: "503"})
    sleep = RecordedSleep()
    client = fast_client(emulator, sleep=sleep, backoff=1, max_attempts=4, rng=random.Random(1))
    with client, pytest.raises(ApiUnavailable, match="gave up after 4 attempts"):
        list(client.iter_studies(QUERY))
    assert len(sleep.waits) == 3
    assert all(0 <= w <= 2**i for i, w in enumerate(sleep.waits))
    assert client.requests_made == 4


def test_bad_request_raises_at_once_with_server_text(emulator):
    with fast_client(emulator) as client, pytest.raises(ApiRequestError) as err:
        list(client.iter_studies({"query.cond": "cramp", "sort": "NoSuchField"}))
    assert err.value.status == 400
    assert "NoSuchField" in str(err.value)
    assert client.requests_made == 1


def test_repeated_study_across_pages_is_deduplicated(emulator):
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "repeat"})
    with fast_client(emulator) as client:
        stats = FetchStats()
        ids = [
            s["protocolSection"]["identificationModule"]["nctId"]
            for s in client.iter_studies(QUERY, stats)
        ]
    assert len(ids) == len(set(ids)) == stats.total_count
    assert stats.received == stats.unique + 1 and len(stats.duplicates) == 1
    assert stats.complete


def test_a_different_record_with_a_seen_id_is_kept_and_counted_as_a_collision(
    emulator, corpus_studies
):
    # SYNTHETIC (issue 24): a real record served again under another study's nctId, on another
    # page. Unlike a repeat (same bytes), it is data: yielded, counted, named.
    emulator.max_page_size = 4
    first, *_, last = [
        s["protocolSection"]["identificationModule"]["nctId"]
        for s in emulator.corpus.search(search_query(QUERY))
    ]
    source = next(s for s in corpus_studies if nct_id_of(s) == last)
    impostor = copy.deepcopy(source)
    impostor["protocolSection"]["identificationModule"]["nctId"] = first
    emulator.put_study(RawStudy(json.dumps(impostor), source))  # indexed (and sorted) as `last`
    with fast_client(emulator) as client:
        stats = FetchStats()
        ids = [nct_id_of(s) for s in client.iter_studies(QUERY, stats)]
    assert ids.count(first) == 2 and last not in ids
    assert stats.collisions == [first] and stats.duplicates == []
    assert stats.unique == stats.received == stats.total_count and stats.complete


def nct_id_of(study) -> str:
    return study["protocolSection"]["identificationModule"]["nctId"]


def test_empty_page_with_token_stops_and_shows_mismatch(emulator):
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "empty-page"})
    with fast_client(emulator) as client:
        stats = FetchStats()
        studies = list(client.iter_studies(QUERY, stats))
    assert len(studies) == 4 and stats.pages == 2
    assert stats.total_count > 4 and not stats.complete


def test_paces_requests(emulator):
    emulator.max_page_size = 5
    sleep = RecordedSleep()
    with fast_client(emulator, min_interval=30, sleep=sleep) as client:
        list(client.iter_studies(QUERY))
    # The first request goes at once; each later one waits for the rest of the 30 s interval.
    assert len(sleep.waits) == client.requests_made - 1 > 0
    assert all(25 < w <= 30 for w in sleep.waits)


def test_before_request_hook_runs_before_every_request_retries_included(emulator):
    # The hook that flows/fleet.py fills with a slot of the fleet's shared rate limit.
    emulator.max_page_size = 5
    emulator.faults = FaultPlan(script={2: "503"})
    served_before_hook = []
    with fast_client(
        emulator, before_request=lambda: served_before_hook.append(len(emulator.request_log))
    ) as client:
        list(client.iter_studies(QUERY))
    # One call per request sent (the 503 and its retry included), each before the request.
    assert served_before_hook == list(range(client.requests_made))
    assert any(e["status"] == 503 for e in emulator.request_log)


def test_version_returns_data_timestamp(emulator):
    emulator.data_timestamp = "2026-11-25T09:00:07"
    with fast_client(emulator) as client:
        assert client.version() == "2026-11-25T09:00:07"


def test_sends_descriptive_user_agent(emulator):
    with fast_client(emulator) as client:
        client.version()
    assert "cramp-trials/" in emulator.request_log[-1]["user_agent"]


def test_unreachable_api_raises_unavailable():
    client = Client("http://127.0.0.1:9/api/v2", min_interval=0, backoff=0, max_attempts=2)
    with client, pytest.raises(ApiUnavailable, match="ConnectionError"):
        client.version()
    assert client.requests_made == 2


@pytest.mark.parametrize(
    "header, expected", [("0", 0.0), ("12", 12.0), (None, None), ("soon", None)]
)
def test_parses_retry_after(header, expected):
    assert retry_after_seconds(header) == expected


def test_parses_retry_after_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_unknown_study_is_a_request_error(emulator):
    with fast_client(emulator) as client, pytest.raises(ApiRequestError) as err:
        client.study("NCT99999999")
    assert err.value.status == 404


def test_emulator_used_in_tests_is_loopback(emulator):
    assert emulator.base_url.startswith("http://127.0.0.1:")
    with Emulator([]) as empty:
        assert empty.base_url.startswith("http://127.0.0.1:")


def one_line(exc, *parts):
    text = str(exc)
    assert "\n" not in text and all(part in text for part in parts), text
    return text


def test_repeated_page_token_fails_cleanly_after_two_requests(emulator):
    emulator.max_page_size = 4
    # Every search answers with the token it was asked with: paging would never end.
    emulator.faults = FaultPlan(rates={"same-token": 1.0})
    stats = FetchStats()
    with fast_client(emulator) as client, pytest.raises(PagingError) as err:
        list(client.iter_studies(QUERY, stats))
    one_line(err.value, emulator.base_url + "/studies?", "query.cond=cramp", "repeats")
    assert isinstance(err.value, CtgovError)
    assert client.requests_made == stats.requests == 2 == len(emulator.request_log)


def test_pages_past_total_count_fail_cleanly_at_the_bound(emulator):
    emulator.max_page_size = 4
    # Every page has a fresh token; after the last page the pages start over.
    emulator.faults = FaultPlan(rates={"overrun": 1.0})
    stats = FetchStats()
    with fast_client(emulator) as client, pytest.raises(PagingError) as err:
        list(client.iter_studies(QUERY, stats))
    expected = math.ceil(stats.total_count / 4)
    bound = expected + PAGE_SLACK + expected // 100
    one_line(err.value, emulator.base_url, f"totalCount {stats.total_count} allows {bound} pages")
    assert stats.total_count > 8
    assert client.requests_made == stats.pages == bound == len(emulator.request_log)
    assert stats.unique == stats.total_count and stats.received > stats.total_count


def test_max_pages_caps_any_query(emulator):
    emulator.max_page_size = 2
    emulator.faults = FaultPlan(rates={"overrun": 1.0})
    with fast_client(emulator, max_pages=3) as client, pytest.raises(PagingError, match="3 pages"):
        list(client.iter_studies(QUERY))
    assert client.requests_made == 3


def test_exactly_full_pages_end_with_one_empty_page_inside_the_bound(emulator):
    emulator.max_page_size = 1
    with fast_client(emulator) as client:
        stats = FetchStats()
        studies = list(client.iter_studies(QUERY, stats))
    # One study per page: the last page is full, so one more (empty) page is asked for.
    assert len(studies) == stats.total_count == stats.pages - 1 > 10
    assert stats.complete


@pytest.mark.parametrize(
    "fault, problem",
    [
        ("json-array", "the body is a list, not an object"),
        ("studies-object", "'studies' is an object, not a list"),
        ("total-string", "'totalCount' is a string, not a count"),
        ("token-number", "'nextPageToken' is a number, not a string"),
        ("other-json", "'studies' is missing, not a list"),
    ],
)
def test_page_of_the_wrong_shape_fails_at_once_with_one_line(emulator, fault, problem):
    emulator.faults = FaultPlan(script={1: fault})
    with fast_client(emulator) as client, pytest.raises(ApiResponseError) as err:
        list(client.iter_studies(QUERY))
    one_line(err.value, emulator.base_url + "/studies?", problem)
    assert client.requests_made == 1  # the same request would get the same answer


@pytest.mark.parametrize(
    "fault, problem",
    [
        ("timestamp-number", "'dataTimestamp' is a number"),
        ("other-json", "'dataTimestamp' is missing"),
    ],
)
def test_version_of_the_wrong_shape_fails_at_once_with_one_line(emulator, fault, problem):
    emulator.faults = FaultPlan(script={1: fault}, all_endpoints=True)
    with fast_client(emulator) as client, pytest.raises(ApiResponseError) as err:
        client.version()
    one_line(err.value, emulator.base_url + "/version", problem)
    assert client.requests_made == 1


def test_enums_return_every_type_the_registry_serves(emulator):
    with fast_client(emulator) as client:
        body = client.enums()
    assert body == catalog.enums_body()
    [status] = [e for e in body if e["type"] == "Status"]
    assert "RECRUITING" in [v["value"] for v in status["values"]]


@pytest.mark.parametrize(
    "fault, problem",
    [
        ("json-array", "enum type 0 is a list, not an object"),
        ("other-json", "the body is an object, not a list of enum types"),
    ],
)
def test_enums_of_the_wrong_shape_fail_at_once_with_one_line(emulator, fault, problem):
    # Counted are /studies/enums requests only: the search before it is not faulted.
    emulator.faults = FaultPlan(script={1: fault}, endpoint="/studies/enums")
    with fast_client(emulator) as client:
        assert client.version() == emulator.data_timestamp
        with pytest.raises(ApiResponseError) as err:
            client.enums()
    one_line(err.value, emulator.base_url + "/studies/enums", problem)
    assert client.requests_made == 2


def test_an_enum_value_without_a_string_value_fails_with_one_line(emulator):
    # SYNTHETIC: the served Status type loses the `value` of one item, built in code.
    body = copy.deepcopy(catalog.enums_body())
    body[0]["values"][0] = {"legacyValue": "Recruiting"}
    emulator.enums = body
    with fast_client(emulator) as client, pytest.raises(ApiResponseError) as err:
        client.enums()
    one_line(err.value, emulator.base_url + "/studies/enums", "has no string 'value'")


def odd_records():
    """SYNTHETIC: odd records built in code from one real record that matches QUERY."""
    real = corpus_records()["NCT03159260"]

    def variant(edit):
        record = copy.deepcopy(real)
        edit(record)
        return record

    def ident(record):
        return record["protocolSection"]["identificationModule"]

    return [
        variant(lambda r: ident(r).update(nctId=99000001)),  # an integer id
        variant(lambda r: ident(r).pop("nctId")),  # no id
        variant(lambda r: r["protocolSection"].update(identificationModule=[ident(r)])),
        variant(lambda r: r["protocolSection"].update(statusModule=["RECRUITING"])),
        variant(lambda r: ident(r).update(nctId="NCT123")),  # a string id of the wrong form
        [real["protocolSection"]["conditionsModule"]],  # a record that is a list
        "nocturnal leg cramps",  # a record that is a string
    ]


def test_odd_records_in_a_page_pass_through_as_served():
    odd = odd_records()
    with Emulator([*corpus_records().values(), *odd]) as emu:
        emu.max_page_size = 4
        query = {"query.term": "cramp OR cramps"}
        with fast_client(emu) as client:
            stats = FetchStats()
            got = list(client.iter_studies(query, stats))
        assert stats.complete and len(got) == stats.total_count == stats.received
        for record in odd:
            assert got.count(record) == 1, record
        assert sum(1 for g in got if isinstance(g, dict) and "protocolSection" in g) > 10
