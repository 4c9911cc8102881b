"""Property: the emulator serves any mutation of real records over HTTP without an error.

SYNTHETIC: every served record is a real corpus record (tests/realdata.py) changed in code by a
seeded grammar of hostile edits: wrong types, lists for objects and back, missing modules and
fields, odd ids, control and right-to-left characters, lone surrogates, 1 MB strings, garbage
dates. EMULATOR_FUZZ_EXAMPLES raises the number of examples (default 40, ~5 records each).
"""

import copy
import os

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realdata import corpus_records

from pipeline.emulator import Emulator, load_corpus

EXAMPLES = int(os.environ.get("EMULATOR_FUZZ_EXAMPLES", "40"))
RECORDS = [corpus_records()[k] for k in sorted(corpus_records())]
CLEAN = RECORDS[::8]  # a fixed sample of clean records served alongside the mutated ones

PATHS = [
    (),
    ("protocolSection",),
    ("protocolSection", "identificationModule"),
    ("protocolSection", "identificationModule", "nctId"),
    ("protocolSection", "identificationModule", "nctIdAliases"),
    ("protocolSection", "identificationModule", "briefTitle"),
    ("protocolSection", "identificationModule", "officialTitle"),
    ("protocolSection", "statusModule"),
    ("protocolSection", "statusModule", "overallStatus"),
    ("protocolSection", "statusModule", "lastUpdatePostDateStruct"),
    ("protocolSection", "statusModule", "lastUpdatePostDateStruct", "date"),
    ("protocolSection", "statusModule", "startDateStruct", "date"),
    ("protocolSection", "conditionsModule"),
    ("protocolSection", "conditionsModule", "conditions"),
    ("protocolSection", "conditionsModule", "keywords"),
    ("protocolSection", "designModule", "enrollmentInfo", "count"),
    ("protocolSection", "designModule", "phases"),
    ("protocolSection", "armsInterventionsModule", "interventions"),
    ("protocolSection", "sponsorCollaboratorsModule", "leadSponsor", "name"),
    ("derivedSection",),
    ("derivedSection", "conditionBrowseModule", "meshes"),
    ("derivedSection", "miscInfoModule", "versionHolder"),
    ("hasResults",),
]
SPECIAL = [
    "",
    " ",
    "NCT123",
    "nct00000001",
    "NCT03159260 ",
    "../../etc/passwd",
    "<script>alert(1)</script> leg cramps",
    '=HYPERLINK("x")',
    "Cramps \x00 NUL",
    "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07",
    "\u202enocturnal cramps\u202c",
    "lone \ud800 surrogate",
    "2099-01-01",
    "2024-13",
    "soon",
    "cramps " * 150_000,  # ~1 MB
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(SPECIAL),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
EDITS = st.tuples(
    st.sampled_from(PATHS), st.sampled_from(["set", "wrap", "unwrap", "delete"]), VALUES
)


def edit(record, path, how, value):
    """Return record changed at path; a path that does not resolve leaves it as it is."""
    if not path:
        return {"set": value, "wrap": [record]}.get(how, record)
    parent = record
    for key in path[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    key = path[-1]
    if not isinstance(parent, dict) or (how != "set" and key not in parent):
        return record
    if how == "set":
        parent[key] = value
    elif how == "wrap":
        parent[key] = [parent[key]]
    elif how == "delete":
        del parent[key]
    elif isinstance(parent[key], dict):
        parent[key] = list(parent[key].values())
    elif isinstance(parent[key], list):
        parent[key] = parent[key][0] if parent[key] else {}
    return record


@st.composite
def mutated(draw):
    record = copy.deepcopy(draw(st.sampled_from(RECORDS)))
    for path, how, value in draw(st.lists(EDITS, min_size=1, max_size=4)):
        record = edit(record, path, how, value)
    return record


SEARCHES = [
    {},
    {"query.cond": "cramp OR cramps"},
    {"query.term": "cramp"},
    {"query.titles": "leg cramps"},
    {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2020-01-01,MAX]"},
    {"query.cond": "cramp", "sort": "LastUpdatePostDate,EnrollmentCount:desc"},
    {"filter.overallStatus": "RECRUITING|COMPLETED", "sort": "StartDate:asc"},
]


def crawl(session, base_url, params):
    """Every record a search returns, page by page; each answer must be 200 and a JSON page."""
    out, token, first = [], None, None
    while True:
        query = {**params, "pageSize": 7, "countTotal": "true"}
        if token:
            query["pageToken"] = token
        response = session.get(base_url + "/studies", params=query, timeout=30)
        assert response.status_code == 200, (params, response.text)
        assert response.headers["Content-Type"] == "application/json"
        body = response.json()
        assert isinstance(body, dict) and isinstance(body["studies"], list)
        first = body["totalCount"] if first is None else first
        out += body["studies"]
        token = body.get("nextPageToken")
        if not token or not body["studies"]:
            assert len(out) == first, params
            return out


@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # seeded: the same examples on every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(mutated(), min_size=1, max_size=8))
def test_emulator_answers_every_search_over_mutated_real_records(records):
    served = load_corpus([*CLEAN, *records])
    with Emulator([*CLEAN, *records]) as emu, requests.Session() as session:
        # Everything is listed, in the documented order, exactly as given.
        assert crawl(session, emu.base_url, {}) == served
        for params in SEARCHES[1:]:
            crawl(session, emu.base_url, params)
        for record in records:
            ident = record.get("protocolSection") if isinstance(record, dict) else None
            ident = ident.get("identificationModule") if isinstance(ident, dict) else None
            nct_id = ident.get("nctId") if isinstance(ident, dict) else None
            if isinstance(nct_id, str) and nct_id.startswith("NCT") and nct_id[3:].isdigit():
                response = session.get(f"{emu.base_url}/studies/{nct_id}", timeout=30)
                assert response.status_code in (200, 404), response.text
                assert response.status_code == 404 or isinstance(response.json(), dict | list)
        assert not [r for r in emu.request_log if r["status"] not in (200, 404)]
