"""What `make conformance` hands Schemathesis (conformance.py): the official spec, narrowed only
where a real API answer says so, and the documented Essie expressions, answered over HTTP."""

import pytest
import requests
import yaml

from pipeline.emulator import Emulator
from pipeline.emulator.api import UNSUPPORTED
from pipeline.emulator.conformance import (
    DOCUMENTED_EXPRESSIONS,
    SPEC_PATH,
    gaps_answered,
    handed_spec,
    narrowed_spec,
)

OFFICIAL = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
ESSIE = ("query.", "filter.advanced", "postFilter.advanced")


@pytest.fixture(scope="module")
def served(corpus_studies):
    """One emulator for the module: its corpus is tokenised once for every expression."""
    with Emulator(corpus_studies) as emu:
        yield emu


def parameters(spec, path):
    return {p["name"]: p for p in spec["paths"][path]["get"].get("parameters", [])}


@pytest.mark.parametrize("expression", DOCUMENTED_EXPRESSIONS)
@pytest.mark.parametrize("name", ["query.term", "query.cond", "filter.advanced"])
def test_every_documented_expression_is_answered(served, expression, name):
    response = requests.get(
        served.base_url + "/studies", params={name: expression, "pageSize": 1}, timeout=10
    )
    assert response.status_code == 200, response.text
    assert set(response.json()) <= {"studies", "nextPageToken"}


def test_not_emulated_features_are_each_a_400_saying_so(served):
    assert gaps_answered(served.base_url) == (len(UNSUPPORTED) + 3, [])


def test_both_runs_keep_the_official_responses_and_leave_out_only_the_gaps():
    for spec in (handed_spec(OFFICIAL), narrowed_spec(OFFICIAL)):
        assert spec["paths"].keys() == OFFICIAL["paths"].keys()
        for path, operation in OFFICIAL["paths"].items():
            responses = spec["paths"][path]["get"]["responses"]
            if path == "/studies":
                # Declared beside the JSON: format=csv answers text/csv, as /studies/{nctId} says.
                assert responses["200"]["content"].pop("text/csv")
            assert responses == operation["get"]["responses"]
            left_out = parameters(OFFICIAL, path).keys() - parameters(spec, path).keys()
            assert left_out <= UNSUPPORTED | {"pageToken"}


def test_the_negative_run_keeps_every_official_value_schema():
    for path in OFFICIAL["paths"]:
        handed = parameters(handed_spec(OFFICIAL), path)
        for name, official in parameters(OFFICIAL, path).items():
            if name not in handed:
                continue
            schema, expected = dict(handed[name]["schema"]), dict(official["schema"])
            if official.get("style") == "pipeDelimited":
                # A pipeDelimited list has no empty form: at least one item.
                expected.pop("default", None)
                expected["minItems"] = max(1, expected.get("minItems", 0))
            if name == "format":
                expected["enum"] = ["csv", "json"]
            assert schema == expected, (path, name)


def test_the_positive_run_narrows_names_and_expressions_only():
    for path in OFFICIAL["paths"]:
        handed = parameters(handed_spec(OFFICIAL), path)
        narrowed = parameters(narrowed_spec(OFFICIAL), path)
        changed = {n for n in narrowed if narrowed[n]["schema"] != handed[n]["schema"]}
        assert all(n in ("fields", "sort") or n.startswith(ESSIE) for n in changed), path
    studies = parameters(narrowed_spec(OFFICIAL), "/studies")
    sort = studies["sort"]["schema"]["items"]["enum"]
    assert {"protocolSection.statusModule.startDateStruct.date:asc", "START-DATE"} <= set(sort)
    essie = studies["query.term"]["schema"]["anyOf"]
    documented = " ".join(essie[1]["enum"])
    for operator in ("AREA[", "RANGE[", "COVERAGE[", "EXPANSION[", "SEARCH[", "TILT["):
        assert operator in documented
    assert {"MISSING", "ALL", "NOT", "AND", "OR"} <= set(documented.replace("]", " ").split())
