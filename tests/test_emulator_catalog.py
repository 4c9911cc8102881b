"""The emulator's descriptive endpoints, sort, age ranges and methods, checked against the spec."""

import json
from collections import Counter

import jsonschema
import pytest
import requests
import yaml

from pipeline.emulator.pieces import METADATA_PATH
from pipeline.emulator.server import DEFAULT_CORPUS

SPEC = yaml.safe_load((DEFAULT_CORPUS / "spec" / "ctg-oas-v2.0.5.yaml").read_text())
SCHEMAS = SPEC["components"]["schemas"]


def get(emu, path, params=None):
    return requests.get(emu.base_url + path, params=params, timeout=30)


def conforms(body, schema_name):
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    jsonschema.validate(body, schema)


@pytest.mark.integration  # seconds, not milliseconds: out of make test-fast
@pytest.mark.parametrize(
    ("path", "params", "schema"),
    [
        ("/studies/metadata", {}, "FieldNodeList"),
        ("/studies/enums", {}, "EnumInfoList"),
        ("/studies/search-areas", {}, "SearchDocumentList"),
        ("/stats/size", {}, "GzipStats"),
        ("/stats/field/values", {}, "FieldValuesStatsList"),
        ("/stats/field/sizes", {}, "ListSizesList"),
    ],
)
def test_descriptive_endpoints_answer_in_the_spec_shape(emulator, path, params, schema):
    response = get(emulator, path, params)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()
    conforms(response.json(), schema)


def test_metadata_is_the_recorded_tree(emulator):
    assert get(emulator, "/studies/metadata").json() == json.loads(METADATA_PATH.read_text())


def test_enums_list_every_enum_type_of_the_spec_with_its_values(emulator):
    body = get(emulator, "/studies/enums").json()
    served = {e["type"]: [v["value"] for v in e["values"]] for e in body}
    spec = {name: s["enum"] for name, s in SCHEMAS.items() if "enum" in s}
    spec.pop("FieldStatsType")  # the /stats type names, not a value type of study data
    assert served == spec
    pieces = {e["type"]: e["pieces"] for e in body}
    assert pieces["Status"] == ["OverallStatus", "LastKnownStatus"]
    assert "Phase" in pieces["Phase"]


def test_stats_count_the_corpus(emulator, corpus_studies):
    size = get(emulator, "/stats/size").json()
    assert size["totalStudies"] == len(corpus_studies)
    (phase,) = get(emulator, "/stats/field/values", {"fields": "Phase"}).json()
    phases = [s["protocolSection"].get("designModule", {}).get("phases") for s in corpus_studies]
    expected = Counter(p for ps in phases if ps for p in set(ps))
    assert {v["value"]: v["studiesCount"] for v in phase["topValues"]} == expected
    assert phase["missingStudiesCount"] == sum(1 for ps in phases if not ps)
    (sizes,) = get(emulator, "/stats/field/sizes", {"fields": "Phase"}).json()
    assert {t["size"]: t["studiesCount"] for t in sizes["topSizes"]} == Counter(
        len(ps) for ps in phases if ps
    )
    typed = get(emulator, "/stats/field/values", {"types": "BOOLEAN"}).json()
    assert typed and {e["type"] for e in typed} == {"BOOLEAN"}


@pytest.mark.parametrize("path", ["/stats/field/values", "/stats/field/sizes"])
def test_stats_of_an_unknown_field_are_404(emulator, path):
    response = get(emulator, path, {"fields": "NoSuchField"})
    assert response.status_code == 404 and "NoSuchField" in response.text


def test_sort_by_the_spec_example_enrollment_then_arm_groups(emulator, corpus_studies):
    params = {"sort": "EnrollmentCount:desc|NumArmGroups", "pageSize": 1000}
    studies = get(emulator, "/studies", params).json()["studies"]
    counts = [
        s["protocolSection"].get("designModule", {}).get("enrollmentInfo", {}) for s in studies
    ]
    present = [c["count"] for c in counts if "count" in c]
    assert len(studies) == len(corpus_studies)
    assert present == sorted(present, reverse=True) and len(present) > 100


def years(age):
    number, unit = age.split()
    return float(number) / {"Year": 1, "Month": 12, "Week": 52.18, "Day": 365.25}[unit.rstrip("s")]


def test_age_range_from_the_spec_example(emulator, corpus_studies):
    expression = "AREA[MinimumAge]RANGE[MIN, 16 years] AND AREA[MaximumAge]RANGE[16 years, MAX]"
    params = {"filter.advanced": expression, "pageSize": 1000}
    found = {
        s["protocolSection"]["identificationModule"]["nctId"]
        for s in get(emulator, "/studies", params).json()["studies"]
    }
    expected = set()
    for study in corpus_studies:
        ages = study["protocolSection"].get("eligibilityModule", {})
        low, high = ages.get("minimumAge"), ages.get("maximumAge")
        if low and high and years(low) <= 16 <= years(high):
            expected.add(study["protocolSection"]["identificationModule"]["nctId"])
    assert found == expected and expected


def test_symbol_only_query_matches_nothing(emulator):
    response = get(emulator, "/studies", {"query.term": "-", "countTotal": "true"})
    assert response.status_code == 200
    assert response.json() == {"totalCount": 0, "studies": []}


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "QUERY", "PROPFIND"]
)
def test_other_methods_are_405_with_a_json_body(emulator, method):
    # QUERY (the safe method with a body) and any other token: JSON 405, not http.server's 501.
    with requests.Session() as session:
        url = emulator.base_url + "/studies"
        response = session.request(method, url, json={"query.cond": "cramp"}, timeout=10)
        assert response.status_code == 405
        assert response.headers["Allow"] == "GET"
        assert response.headers["Content-Type"] == "application/json"
        assert "GET" in response.json()["error"]
        # The body was read: the same keep-alive connection answers the next request.
        assert session.get(url, params={"pageSize": 1}, timeout=10).status_code == 200


def test_head_is_405_without_a_body(emulator):
    response = requests.head(emulator.base_url + "/version", timeout=10)
    assert response.status_code == 405 and response.headers["Allow"] == "GET"
    assert response.content == b"" and int(response.headers["Content-Length"]) > 0
