"""The baseline a user might write: json.loads, pandas.json_normalize per module, row inserts.

Deliberately the common notebook pattern, not a strawman: one pass over the NDJSON, each study
flattened with `pandas.json_normalize` (the protocolSection for the study row, each list field for
its child table), rows sent to DuckDB with `executemany`. It does less than the project's path
(no partial-date typing, no MeSH normalisation, no text matching, no raw JSON kept), so it flatters
the baseline.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import duckdb
import pandas as pd

STUDY_COLUMNS = {
    "identificationModule.nctId": "nct_id",
    "identificationModule.briefTitle": "brief_title",
    "identificationModule.officialTitle": "official_title",
    "identificationModule.acronym": "acronym",
    "statusModule.overallStatus": "overall_status",
    "statusModule.startDateStruct.date": "start_date",
    "statusModule.completionDateStruct.date": "completion_date",
    "statusModule.lastUpdatePostDateStruct.date": "last_update_post_date",
    "sponsorCollaboratorsModule.leadSponsor.name": "lead_sponsor_name",
    "sponsorCollaboratorsModule.leadSponsor.class": "lead_sponsor_class",
    "designModule.studyType": "study_type",
    "designModule.enrollmentInfo.count": "enrollment",
    "designModule.enrollmentInfo.type": "enrollment_type",
    "designModule.designInfo.allocation": "allocation",
    "designModule.designInfo.primaryPurpose": "primary_purpose",
    "eligibilityModule.sex": "sex",
    "eligibilityModule.minimumAge": "minimum_age",
    "eligibilityModule.maximumAge": "maximum_age",
    "eligibilityModule.eligibilityCriteria": "criteria",
}
# Child tables: (table, path of the list in the study, columns of each list item).
CHILDREN = (
    ("conditions", ("protocolSection", "conditionsModule", "conditions"), None),
    ("keywords", ("protocolSection", "conditionsModule", "keywords"), None),
    (
        "interventions",
        ("protocolSection", "armsInterventionsModule", "interventions"),
        ("type", "name", "description"),
    ),
    (
        "arm_groups",
        ("protocolSection", "armsInterventionsModule", "armGroups"),
        ("label", "type", "description"),
    ),
    (
        "locations",
        ("protocolSection", "contactsLocationsModule", "locations"),
        ("facility", "status", "city", "state", "zip", "country", "geoPoint.lat", "geoPoint.lon"),
    ),
    (
        "primary_outcomes",
        ("protocolSection", "outcomesModule", "primaryOutcomes"),
        ("measure", "timeFrame", "description"),
    ),
    (
        "secondary_outcomes",
        ("protocolSection", "outcomesModule", "secondaryOutcomes"),
        ("measure", "timeFrame", "description"),
    ),
    (
        "collaborators",
        ("protocolSection", "sponsorCollaboratorsModule", "collaborators"),
        ("name", "class"),
    ),
    (
        "condition_meshes",
        ("derivedSection", "conditionBrowseModule", "meshes"),
        ("id", "term"),
    ),
    (
        "intervention_meshes",
        ("derivedSection", "interventionBrowseModule", "meshes"),
        ("id", "term"),
    ),
)


def _get(study: dict, path: tuple[str, ...]) -> list:
    node: object = study
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, list) else []


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "create table study_overview ("
        + ", ".join(f"{c} varchar" for c in STUDY_COLUMNS.values())
        + ")"
    )
    for table, _, columns in CHILDREN:
        names = ["value"] if columns is None else [c.replace(".", "_") for c in columns]
        con.execute(
            f"create table {table} (nct_id varchar, ordinal integer, "
            + ", ".join(f"{n} varchar" for n in names)
            + ")"
        )


def _insert_study(con: duckdb.DuckDBPyConnection, study: dict) -> None:
    flat = pd.json_normalize(study.get("protocolSection", {}))
    row = [
        None if col not in flat or pd.isna(flat.at[0, col]) else str(flat.at[0, col])
        for col in STUDY_COLUMNS
    ]
    con.execute(f"insert into study_overview values ({', '.join('?' * len(row))})", row)
    nct_id = row[0]
    for table, path, columns in CHILDREN:
        items = _get(study, path)
        if not items:
            continue
        if columns is None:
            frame = pd.DataFrame({"value": items})
            columns = ("value",)
        else:
            frame = pd.json_normalize(items).reindex(columns=list(columns))
        frame = frame.astype(object).where(frame.notna(), None)
        frame.insert(0, "ordinal", range(1, len(frame) + 1))
        frame.insert(0, "nct_id", nct_id)
        marks = ", ".join("?" * (len(columns) + 2))
        con.executemany(f"insert into {table} values ({marks})", frame.values.tolist())


def load_naive(ndjson: Path, database: Path, limit: int | None = None) -> int:
    """Load the first `limit` studies of an NDJSON file the naive way; return how many."""
    con = duckdb.connect(str(database))
    count = 0
    try:
        _create(con)
        with ndjson.open(encoding="utf-8") as fh:
            for line in islice(fh, limit):
                _insert_study(con, json.loads(line))
                count += 1
    finally:
        con.close()
    return count
