"""The top-trials export v2 built from the export views on real records: every site with its
coordinates and status, eligibility with ages in years, contacts, v1 derived, CSV, distances."""

import copy
import csv
import io
import json
import math
import re

import pytest
from jsonschema import Draft202012Validator
from realdata import corpus_records
from sitedata import export_of, relevant_variant, site_export, site_records

from pipeline.publish import finder
from pipeline.publish.export import export_files
from pipeline.publish.export_csv import export_csv
from pipeline.publish.export_v1 import v1_document
from pipeline.publish.export_validation import load_schema, validate_export
from pipeline.publish.wording import age_range


def _trial(doc: dict, nct_id: str) -> dict:
    return next(t for t in doc["trials"] if t["nct_id"] == nct_id)


def _protocol(nct_id: str) -> dict:
    return corpus_records()[nct_id]["protocolSection"]


def test_every_schema_node_has_a_description():
    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            keywords = {"type", "$ref", "enum", "const", "properties", "items", "anyOf", "pattern"}
            if keywords & set(node) and "description" not in node:
                missing.append(path)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for name, sub in value.items():
                        walk(sub, f"{path}.{key}.{name}")
                elif key in ("items", "additionalProperties", "propertyNames"):
                    walk(value, f"{path}.{key}")
                elif key == "anyOf":
                    for i, sub in enumerate(value):
                        walk(sub, f"{path}.anyOf[{i}]")

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    walk(schema, "$")
    assert missing == []


def test_export_is_valid_v2_and_v1_is_derived_from_it():
    doc = site_export()
    validate_export(doc)
    assert doc["schema_version"] == "2.1"
    old = v1_document(doc)
    validate_export(old, version=1)
    assert [t["nct_id"] for t in old["trials"]] == [t["nct_id"] for t in doc["trials"]]
    assert all(len(t["locations"]) <= 5 for t in old["trials"])
    assert "eligibility" not in old["trials"][0]


def test_every_site_with_its_coordinates_and_status():
    doc = site_export()
    for nct_id in ("NCT02210780", "NCT05814159"):
        registered = _protocol(nct_id)["contactsLocationsModule"]["locations"]
        trial = _trial(doc, nct_id)
        assert len(trial["locations"]) == len(registered) == trial["site_count"] > 5
        for loc, reg in zip(trial["locations"], registered, strict=True):
            assert (loc["city"], loc["country"], loc["status"]) == (
                reg.get("city"),
                reg.get("country"),
                reg.get("status"),
            )
            point = reg.get("geoPoint", {})
            assert (loc["latitude"], loc["longitude"]) == (point.get("lat"), point.get("lon"))
            assert loc["zip"] == reg.get("zip") and loc["state"] == reg.get("state")


def test_eligibility_as_registered_and_in_years():
    doc = site_export()
    japan = _trial(doc, "NCT05814159")["eligibility"]
    assert japan["minimum_age"] == "8 Months" and japan["maximum_age"] is None
    assert japan["minimum_age_years"] == pytest.approx(8 / 12)
    assert japan["age_range"] == "8 months and over"
    pakistan = _trial(doc, "NCT05326594")["eligibility"]
    assert pakistan["minimum_age_years"] == pytest.approx(1.5)
    assert pakistan["maximum_age_years"] == 50
    assert pakistan["age_range"] == "18 months to 50 years"
    singapore = _trial(doc, "NCT04523987")
    assert singapore["eligibility"]["age_range"] == "21 to 99 years"
    assert singapore["eligibility"]["sex"] == _protocol("NCT04523987")["eligibilityModule"]["sex"]
    assert singapore["open_to_enrol"] is True
    children = _trial(doc, "NCT04431453")
    assert children["eligibility"]["minimum_age"] is None
    assert children["eligibility"]["age_range"] == "Up to 18 years"
    assert children["open_to_enrol"] is False
    criteria = singapore["eligibility"]["criteria"]
    assert "\n" in criteria and "\\>" not in criteria


# SYNTHETIC: real records with their minimum age rewritten in code, one unit each, so that one
# database holds them all.
AGE_UNITS = [
    ("NCT04523987", "6 Weeks", 6 * 7 / 365.25, "6 weeks to 99 years"),
    ("NCT06171568", "30 Days", 30 / 365.25, "30 days and over"),
    ("NCT02210780", "12 Hours", 12 / (365.25 * 24), "12 hours to 64 years"),
    ("NCT03475563", "90 Minutes", 90 / (365.25 * 24 * 60), "90 minutes and over"),
    ("NCT05814159", "N/A", None, "No age limits listed"),
]


def test_age_units_convert_to_years():
    changes = {}
    for nct_id, minimum, _, _ in AGE_UNITS:
        record = relevant_variant(corpus_records()[nct_id])
        record["protocolSection"]["eligibilityModule"]["minimumAge"] = minimum
        changes[nct_id] = record
    doc = export_of(site_records(changes, corpus=False))
    for nct_id, _, years, words in AGE_UNITS:
        trial = _trial(doc, nct_id)
        e = trial["eligibility"]
        assert e["minimum_age_years"] == (None if years is None else pytest.approx(years))
        assert e["age_range"] == words, nct_id
        assert finder.matches(trial, finder.Filters(age=0.5)) is (years is None or years <= 0.5)


def test_missing_values_stay_unknown():
    # SYNTHETIC: the real Paris record without its eligibility and location modules.
    record = relevant_variant(corpus_records()["NCT06171568"])
    del record["protocolSection"]["eligibilityModule"]
    del record["protocolSection"]["contactsLocationsModule"]["locations"]
    trial = _trial(export_of(site_records({"NCT06171568": record}, corpus=False)), "NCT06171568")
    assert trial["eligibility"] is None
    assert trial["locations"] == [] and trial["site_count"] == 0
    assert len(trial["central_contacts"]) == 2
    assert age_range(None) == "Not stated"
    # Unknown limits never hide a trial from a reader.
    assert finder.matches(trial, finder.Filters(age=40, sex="MALE"))
    assert finder.nearest_km(trial, 48.85, 2.35) is None


def test_central_contacts_follow_the_setting():
    doc = site_export()
    contacts = _trial(doc, "NCT06171568")["central_contacts"]
    registered = _protocol("NCT06171568")["contactsLocationsModule"]["centralContacts"]
    assert [c["name"] for c in contacts] == [c.get("name") for c in registered]
    assert [c["email"] for c in contacts] == [c.get("email") for c in registered]
    assert doc["central_contacts_included"] is True
    without = export_of(site_records(corpus=False), central_contacts=False)
    assert without["central_contacts_included"] is False
    assert all(t["central_contacts"] == [] for t in without["trials"])
    validate_export(without)


def test_rank_explanation_is_words_biggest_part_first():
    doc = site_export()
    for t in doc["trials"]:
        parts = [p["component"] for p in t["rank_explanation"]]
        points = [t["components"][c] for c in parts]
        assert points == sorted(points, reverse=True)
        assert all(not any(ch.isdigit() for ch in p["label"]) for p in t["rank_explanation"])
    first = doc["trials"][0]["rank_explanation"][0]
    assert first == {"component": "status", "label": "Recruitment status", "text": "Recruiting now"}


def test_csv_gains_labels_ages_and_places(tmp_path):
    doc = site_export()
    rows = list(csv.DictReader(io.StringIO(export_csv(doc))))
    assert [r["nct_id"] for r in rows] == [t["nct_id"] for t in doc["trials"]]
    japan = next(r for r in rows if r["nct_id"] == "NCT05814159")
    assert japan["age_range"] == "8 months and over"
    assert japan["status_label"] == "Recruiting" and japan["open_to_enrol"] == "yes"
    assert "Chiba-shi" in japan["locations"] and japan["countries"] == "Japan"
    files = dict(export_files([doc], tmp_path))
    assert sorted(p.name for p in files) == [
        "leg-cramps.csv",
        "leg-cramps.json",
        "leg-cramps.v2.json",
    ]
    assert json.loads(files[tmp_path / "top-trials" / "leg-cramps.json"])["schema_version"] == "1.0"


# Great-circle distances between real registry coordinates (GeoNames city points, as in the
# records) and the published figures for those city pairs, km.
CITY_PAIRS = [
    ("NCT02210780", "New York", "NCT02210780", "Los Angeles", 3936),
    ("NCT02210780", "Boston", "NCT02210780", "New York", 306),
    ("NCT02210780", "Seattle", "NCT02210780", "Portland", 234),
    ("NCT06171568", "Paris", "NCT04523987", "Singapore", 10735),
]


def _point(nct_id: str, city: str) -> tuple[float, float]:
    locs = _protocol(nct_id)["contactsLocationsModule"]["locations"]
    point = next(loc["geoPoint"] for loc in locs if loc.get("city") == city)
    return point["lat"], point["lon"]


@pytest.mark.parametrize("a_id, a_city, b_id, b_city, km", CITY_PAIRS)
def test_distances_between_known_cities(a_id, a_city, b_id, b_city, km):
    a, b = _point(a_id, a_city), _point(b_id, b_city)
    assert finder.haversine_km(*a, *b) == pytest.approx(km, rel=0.01)
    assert finder.haversine_km(*a, *b) == pytest.approx(finder.haversine_km(*b, *a))
    assert finder.haversine_km(*a, *a) == 0


def test_finder_sorts_by_nearest_site_and_keeps_rank_order_otherwise():
    doc = site_export()
    boston = _point("NCT02210780", "Boston")
    by_id = {t["nct_id"]: t for t in doc["trials"]}
    shown = finder.find(doc["trials"], finder.Filters(place=boston, nearest_first=True))
    assert finder.nearest_km(by_id[shown[0]], *boston) < 1  # a site in Boston itself
    assert len(shown) == len(doc["trials"])
    distances = [finder.nearest_km(by_id[i], *boston) for i in shown]
    known = [d for d in distances if d is not None]
    assert known == sorted(known) and distances[len(known) :] == [None] * (len(shown) - len(known))
    near = finder.find(doc["trials"], finder.Filters(place=boston, within_km=500))
    assert "NCT02210780" in near and "NCT04523987" not in near  # Singapore is far
    opened = finder.find(doc["trials"], finder.Filters(open_only=True))
    assert opened == [t["nct_id"] for t in doc["trials"] if t["open_to_enrol"]]
    places = dict(finder.places(doc["trials"]))
    assert {"label": "Boston, Massachusetts", "lat": boston[0], "lon": boston[1]} in places[
        "United States"
    ]
    assert math.isinf(finder.Filters().within_km or math.inf)


def test_rejects_a_location_with_a_contact_field():
    doc = copy.deepcopy(site_export())
    doc["trials"][0]["locations"][0]["contact_email"] = "someone@example.org"
    with pytest.raises(Exception, match="contact_email"):
        validate_export(doc)


def test_trials_top_json_says_when_it_was_made(corpus_db):
    from pipeline.reading import top

    doc = top.top_document(corpus_db, "leg-cramps", 3)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", doc["generated_at"])
    assert len(doc["trials"]) == 3 and doc["schema_version"] == "2.1"
