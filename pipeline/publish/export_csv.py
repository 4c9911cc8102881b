"""The top-trials export as CSV: one row per trial, for spreadsheets."""

from __future__ import annotations

from pipeline.config import vocabulary
from pipeline.core.text import csv_text

SEX_LABELS = vocabulary.labels("sex")
CSV_COLUMNS = (
    "topic",
    "generated_at",
    "data_timestamp",
    "rank",
    "nct_id",
    "url",
    "title",
    "status",
    "phases",
    "conditions",
    "interventions",
    "lead_sponsor",
    "lead_sponsor_class",
    "enrollment",
    "enrollment_type",
    "start_date",
    "site_count",
    "country_count",
    "countries",
    "last_update",
    "score",
    "tier",
    "reasons",
    "article_sections",
    # Added with v2, after the v1 columns so readers by position keep working.
    "status_label",
    "phase_label",
    "open_to_enrol",
    "age_range",
    "minimum_age",
    "maximum_age",
    "sex",
    "healthy_volunteers",
    "locations",
    "first_posted",
    "completion_date",
    # Added with v2.1, after the others for the same reason.
    "results_posted",
    "results_first_posted",
    "results_url",
)


def _place(loc: dict) -> str:
    return ", ".join(v for v in (loc["city"], loc["state"], loc["country"]) if v)


def export_csv(doc: dict) -> str:
    """Return the export's trials as CSV, one row per trial, lists joined with '; '.

    Written by `text.csv_text`: a cell starting with = + - @ TAB or CR is prefixed with an
    apostrophe (no formula runs in a spreadsheet) and any cell holding CR or LF is quoted, so a
    record's text can never split a row.
    """
    rows = [CSV_COLUMNS]
    for t in doc["trials"]:
        e = t["eligibility"] or {}
        row = {
            "topic": doc["topic"],
            "generated_at": doc["generated_at"],
            "data_timestamp": doc["data_timestamp"],
            "rank": t["rank"],
            "nct_id": t["nct_id"],
            "url": t["url"],
            "title": t["title"],
            "status": t["status"],
            "phases": "; ".join(t["phases"]),
            "conditions": "; ".join(t["conditions"]),
            "interventions": "; ".join(
                f"{i['type']}: {i['name']}" if i["type"] else str(i["name"])
                for i in t["interventions"]
            ),
            "lead_sponsor": t["lead_sponsor"]["name"],
            "lead_sponsor_class": t["lead_sponsor"]["class"],
            "enrollment": t["enrollment"]["count"],
            "enrollment_type": t["enrollment"]["type"],
            "start_date": t["start_date"],
            "site_count": t["site_count"],
            "country_count": t["country_count"],
            "countries": "; ".join(t["countries"]),
            "last_update": t["last_update"],
            "score": t["score"],
            "tier": t["relevance"]["tier"],
            "reasons": "; ".join(t["reasons"]),
            "article_sections": "; ".join(s["label"] for s in t["article_sections"]),
            "status_label": t["status_label"],
            "phase_label": t["phase_label"],
            "open_to_enrol": "yes" if t["open_to_enrol"] else "no",
            "age_range": e.get("age_range", "Not stated"),
            "minimum_age": e.get("minimum_age"),
            "maximum_age": e.get("maximum_age"),
            "sex": SEX_LABELS.get(e.get("sex") or "", e.get("sex")),
            "healthy_volunteers": {True: "yes", False: "no"}.get(e.get("healthy_volunteers")),  # type: ignore[arg-type]
            "locations": "; ".join(p for loc in t["locations"] if (p := _place(loc))),
            "first_posted": t["first_posted"],
            "completion_date": t["completion_date"],
            "results_posted": "yes" if t["results_posted"] else "no",
            "results_first_posted": t["results_first_posted"],
            "results_url": t["results_url"],
        }
        rows.append([row[c] for c in CSV_COLUMNS])  # type: ignore[arg-type]
    return csv_text(rows)
