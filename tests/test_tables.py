"""Normalised tables (sql/tables/) built from every real record in corpus/, in a real DuckDB."""

from __future__ import annotations

import re
from datetime import date

import pytest
from realdata import build_db, corpus_records

from tools import enums


def mesh_id(raw: str) -> str:
    """The MeSH UI normalisation of sql/macros/normalize_mesh_id.sql, restated to count rows."""
    match = re.fullmatch(r"([CD])000(\d{6})", raw)
    if match and int(match[2]) < (66300 if match[1] == "D" else 588000):
        return match[1] + match[2]
    return raw


def expected_counts(study: dict) -> dict[str, int]:
    """Row counts each table should hold for one record, computed from the JSON."""
    ps = study["protocolSection"]
    cond = ps.get("conditionsModule", {})
    arms = ps.get("armsInterventionsModule", {})
    outcomes = ps.get("outcomesModule", {})
    sponsors = ps.get("sponsorCollaboratorsModule", {})
    lead = sponsors.get("leadSponsor", {})
    derived = study.get("derivedSection", {})

    def meshes(module: str) -> int:
        browse = derived.get(module, {})
        return len(
            {
                (mesh_id(m["id"]), kind)
                for kind in ("meshes", "ancestors")
                for m in browse.get(kind, [])
            }
        )

    return {
        "study_overview": 1,
        "study_conditions": len(cond.get("conditions", [])),
        "study_keywords": len(cond.get("keywords", [])),
        "condition_meshes": meshes("conditionBrowseModule"),
        "study_interventions": len(arms.get("interventions", [])),
        "intervention_meshes": meshes("interventionBrowseModule"),
        "arm_groups": len(arms.get("armGroups", [])),
        "study_sponsors": int(bool(lead.get("name") or lead.get("class")))
        + len(sponsors.get("collaborators", [])),
        # Only `locations`: some website exports also carry a non-API `locations_nested` copy.
        "locations": len(ps.get("contactsLocationsModule", {}).get("locations", [])),
        "planned_outcomes": sum(
            len(outcomes.get(key, []))
            for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
        ),
        "study_eligibility": int("eligibilityModule" in ps),
        "study_designs": int("designInfo" in ps.get("designModule", {})),
    }


RECORDS = corpus_records()
COUNTED = tuple(expected_counts(next(iter(RECORDS.values()))))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = build_db(list(RECORDS.values()), tmp_path_factory.mktemp("tables"))
    yield con
    con.close()


@pytest.fixture(scope="module")
def counts(con) -> dict[str, dict[str, int]]:
    return {
        # Table names come from the fixed COUNTED tuple.
        name: dict(con.execute("select nct_id, count(*) from " + name + " group by all").fetchall())
        for name in COUNTED
    }


@pytest.fixture(scope="module")
def study_rows(con) -> dict[str, dict]:
    cur = con.execute("select * from study_overview")
    columns = [d[0] for d in cur.description]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in cur.fetchall()}


@pytest.fixture(scope="module")
def ordered_names(con) -> dict[str, dict[str, list[str]]]:
    return {
        name: dict(
            con.execute(
                "select nct_id, list(name order by ordinal) from " + name + " group by all"
            ).fetchall()
        )
        for name in ("study_conditions", "study_keywords", "study_interventions")
    }


def test_corpus_holds_every_distinct_record():
    assert len(RECORDS) > 280
    assert any(nct.startswith("NCT0") for nct in RECORDS)


@pytest.mark.parametrize("nct_id", sorted(RECORDS))
def test_child_rows_match_the_record(nct_id, counts):
    expected = expected_counts(RECORDS[nct_id])
    actual = {name: counts[name].get(nct_id, 0) for name in expected}
    assert actual == expected


@pytest.mark.parametrize("nct_id", sorted(RECORDS))
def test_study_row_mirrors_the_record(nct_id, study_rows, ordered_names):
    study = RECORDS[nct_id]
    ps = study["protocolSection"]
    row = study_rows[nct_id]
    design = ps.get("designModule", {})
    assert row["brief_title"] == ps["identificationModule"].get("briefTitle")
    assert row["overall_status"] == ps.get("statusModule", {}).get("overallStatus")
    assert row["study_type"] == design.get("studyType")
    assert row["phases"] == design.get("phases", [])
    assert row["enrollment"] == design.get("enrollmentInfo", {}).get("count")
    assert row["has_results"] == study.get("hasResults")
    lead = ps.get("sponsorCollaboratorsModule", {}).get("leadSponsor", {})
    assert row["lead_sponsor_name"] == lead.get("name")
    cond = ps.get("conditionsModule", {})
    assert ordered_names["study_conditions"].get(nct_id, []) == cond.get("conditions", [])
    assert ordered_names["study_keywords"].get(nct_id, []) == cond.get("keywords", [])
    interventions = ps.get("armsInterventionsModule", {}).get("interventions", [])
    assert ordered_names["study_interventions"].get(nct_id, []) == [
        i["name"] for i in interventions
    ]


def test_partial_dates_get_first_day_and_precision(study_rows):
    # NCT02552212: start "2015-09" (ACTUAL), completion "2020-05", first posted "2015-09-17".
    row = study_rows["NCT02552212"]
    assert RECORDS["NCT02552212"]["protocolSection"]["statusModule"]["startDateStruct"] == {
        "date": "2015-09",
        "type": "ACTUAL",
    }
    assert (row["start_date"], row["start_date_precision"], row["start_date_type"]) == (
        date(2015, 9, 1),
        "month",
        "ACTUAL",
    )
    assert (row["completion_date"], row["completion_date_precision"]) == (date(2020, 5, 1), "month")
    assert row["study_first_post_date_precision"] == "day"
    assert row["version_holder"] == date(2024, 1, 3)


def test_missing_dates_are_null_without_precision(study_rows):
    # Transcribed NCT04694417 states no dates at all.
    row = study_rows["NCT04694417"]
    assert row["start_date"] is None
    assert row["start_date_precision"] is None
    assert row["start_date_type"] is None


def test_multi_phase_study_keeps_both_phases(study_rows):
    assert study_rows["NCT04431453"]["phases"] == ["PHASE2", "PHASE3"]
    assert study_rows["NCT05863234"]["phases"] == ["PHASE1", "PHASE2"]


def test_study_without_phases_has_empty_list(study_rows):
    no_phase = [
        n
        for n, s in RECORDS.items()
        if "phases" not in s["protocolSection"].get("designModule", {})
    ]
    assert no_phase
    assert all(study_rows[n]["phases"] == [] for n in no_phase)


def test_ages_convert_to_years(con):
    rows = dict(
        (r[0], r[1:])
        for r in con.execute(
            "select nct_id, minimum_age, maximum_age, minimum_age_years, maximum_age_years "
            "from study_eligibility where nct_id in ('NCT05326594', 'NCT05814159', 'NCT04431453')"
        ).fetchall()
    )
    assert rows["NCT05326594"] == ("18 Months", "50 Years", 1.5, 50.0)
    assert rows["NCT05814159"][0] == "8 Months"
    assert rows["NCT05814159"][2] == pytest.approx(8 / 12)
    assert rows["NCT05814159"][1] is None and rows["NCT05814159"][3] is None
    # NCT04431453 gives only a maximum.
    assert rows["NCT04431453"] == (None, "18 Years", None, 18.0)


def test_other_age_units_and_na(tmp_path):
    # Synthetic variants built in code from a real record (NCT05814159): the corpus has only
    # Years and Months, the registry also sends Weeks, Days, Hours, Minutes and "N/A".
    base = RECORDS["NCT05814159"]
    cases = {
        "NCT90000001": ("4 Weeks", "N/A"),
        "NCT90000002": ("28 Days", "1 Year"),
        "NCT90000003": ("12 Hours", "30 Minutes"),
    }
    variants = []
    for nct, (low, high) in cases.items():
        ps = dict(base["protocolSection"])
        ps["identificationModule"] = {**ps["identificationModule"], "nctId": nct}
        ps["eligibilityModule"] = {**ps["eligibilityModule"], "minimumAge": low, "maximumAge": high}
        variants.append({**base, "protocolSection": ps})
    con = build_db(variants, tmp_path)
    years = dict(
        (r[0], r[1:])
        for r in con.execute(
            "select nct_id, minimum_age_years, maximum_age_years from study_eligibility"
        ).fetchall()
    )
    assert years["NCT90000001"][0] == pytest.approx(4 * 7 / 365.25)
    assert years["NCT90000001"][1] is None
    assert years["NCT90000002"] == (pytest.approx(28 / 365.25), 1.0)
    assert years["NCT90000003"][0] == pytest.approx(12 / (365.25 * 24))
    assert years["NCT90000003"][1] == pytest.approx(30 / (365.25 * 24 * 60))


def test_padded_mesh_ids_lose_the_padding(con):
    rows = con.execute(
        "select nct_id, mesh_id, mesh_id_raw from condition_meshes "
        "where mesh_term = 'Muscle Cramp' and kind = 'mesh' order by nct_id"
    ).fetchall()
    assert rows
    assert {(mid, raw) for _, mid, raw in rows} == {("D009120", "D000009120")}
    assert con.execute(
        "select mesh_id, mesh_id_raw from condition_meshes "
        "where nct_id = 'NCT00763412' and mesh_term = 'Cystic Fibrosis'"
    ).fetchall() == [("D003550", "D000003550")]


def test_genuine_nine_digit_mesh_ids_stay(con):
    rows = con.execute(
        "select distinct mesh_id, mesh_id_raw from condition_meshes where mesh_term = 'COVID-19'"
    ).fetchall()
    assert rows == [("D000086382", "D000086382")]
    # Fluticasone D000068298 arrives in this nine-digit form in 2026 data: it is official.
    assert con.execute(
        "select distinct mesh_id from intervention_meshes where mesh_id_raw = 'D000068298'"
    ).fetchall() == [("D000068298",)]


@pytest.mark.parametrize("table", ["condition_meshes", "intervention_meshes"])
def test_each_mesh_term_has_one_id_after_normalisation(con, table):
    # The corpus mixes data dates, so the same descriptor arrives in both forms
    # (e.g. D000065609 and D065609, CYP1A2 inhibitors); normalised, every term has one id.
    # Table names come from the parametrize list.
    terms = (
        "select mesh_term, count(distinct mesh_id_raw) as raw_ids, count(distinct mesh_id) as ids"
    )
    raw_ids, ids = con.execute(
        "select max(raw_ids), max(ids) from (" + terms + " from " + table + " group by all)"
    ).fetchone()
    assert raw_ids == 2
    assert ids == 1


def test_transcribed_records_load_with_their_gaps(study_rows):
    assert study_rows["NCT03448536"]["missing_required"] == []
    assert study_rows["NCT04694417"]["missing_required"] == ["overall_status", "study_type"]
    assert study_rows["NCT05281289"]["missing_required"] == ["study_type"]
    assert study_rows["NCT04245540"]["missing_required"] == ["brief_title"]
    assert study_rows["NCT06211049"]["missing_required"] == ["brief_title"]
    assert study_rows["NCT04431453"]["missing_required"] == []


def test_lead_sponsor_comes_first(con):
    rows = con.execute(
        "select ordinal, lead_or_collaborator, name from study_sponsors "
        "where nct_id = 'NCT04431453' order by ordinal"
    ).fetchall()
    assert rows[0] == (1, "lead", "Gilead Sciences")
    assert all(role == "collaborator" for _, role, _ in rows[1:])


def test_locations_carry_geo_points_and_no_contacts(con):
    columns = [r[0] for r in con.execute("describe locations").fetchall()]
    assert not [c for c in columns if re.search("contact|phone|email|investigator", c)]
    site = RECORDS["NCT04431453"]["protocolSection"]["contactsLocationsModule"]["locations"][0]
    assert con.execute(
        "select facility, city, latitude, longitude from locations "
        "where nct_id = 'NCT04431453' and ordinal = 1"
    ).fetchone() == (
        site["facility"],
        site["city"],
        site["geoPoint"]["lat"],
        site["geoPoint"]["lon"],
    )


def test_spec_enum_values_file_is_generated_from_the_spec():
    assert enums.TARGET.read_text(encoding="utf-8") == enums.render(), (
        "sql/tables/spec_enum_values.sql is stale: run python -m tools.enums"
    )


def test_enum_values_hold_the_spec_sets(con):
    statuses = con.execute(
        "select list(value order by ordinal) from enum_values where enum_name = 'Status'"
    ).fetchone()[0]
    assert len(statuses) == 14
    assert {"RECRUITING", "AVAILABLE", "NO_LONGER_AVAILABLE"} <= set(statuses)
