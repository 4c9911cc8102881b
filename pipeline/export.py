"""The top-trials exports for the site: build from the database's export views, validate, write.

The export is built from two views (sql/views/export_topics.sql, export_trials.sql); this module
only reshapes their rows into the documented JSON (schemas/top-trials.v2.schema.json), derives the
older v1 document from it (kept until V1_END_DATE) and writes the CSV.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import duckdb

from pipeline import text as text_mod
from pipeline import vocabulary
from pipeline.text import csv_text

SCHEMA_VERSION = "2.0"
V1_SCHEMA_VERSION = "1.0"
# The v1 file (top-trials/<topic>.json) is still written until this date; see
# docs/site-integration.md for the move to v2 (top-trials/<topic>.v2.json).
V1_END_DATE = "2027-06-30"
REGISTRY_URL = "https://clinicaltrials.gov/study/"
V1_MAX_LOCATIONS = 5
STATUS_LABELS = vocabulary.labels("status")
PHASE_LABELS = vocabulary.labels("phase")
COMPONENT_LABELS = vocabulary.labels("component")
SPONSOR_WORDS = vocabulary.labels("sponsor_class")
SEX_LABELS = vocabulary.labels("sex")
STD_AGES = ("CHILD", "ADULT", "OLDER_ADULT")
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
)


def phase_label(phases: list[str]) -> str | None:
    """Return 'Phase 2/3' style text for a list of API phases, or None when there are none."""
    numbered = [p for p in ("PHASE1", "PHASE2", "PHASE3", "PHASE4") if p in phases]
    if len(numbered) > 1:
        return "Phase " + "/".join(p[-1] for p in numbered)
    if numbered:
        return PHASE_LABELS[numbered[0]]
    for phase in phases:
        return PHASE_LABELS.get(phase, phase)
    return None


def partial_date(value, precision: str | None) -> str | None:
    """Return a DATE at its stated precision: '2019', '2019-03' or '2019-03-05'."""
    if value is None:
        return None
    text = value.isoformat()
    return {"year": text[:4], "month": text[:7]}.get(precision or "day", text)


def long_date(value: str | None) -> str:
    """Return '24 November 2026' for an ISO date or timestamp, 'March 2024' or '2024' if partial."""
    if not value:
        return ""
    if len(value) == 4:
        return value
    if len(value) == 7:
        return date.fromisoformat(value + "-01").strftime("%B %Y")
    day = date.fromisoformat(value[:10])
    return f"{day.day} {day:%B %Y}"


def age_text(registered: str | None) -> str | None:
    """Return a registered age in reader's words: '18 Years' -> '18 years'."""
    # "N/A" (or any text without a number) is how the registry's pages say "no limit".
    if not registered or not any(ch.isdigit() for ch in registered):
        return None
    return " ".join(registered.split()).lower()


def age_range(eligibility: dict | None) -> str:
    """Return the ages that may join in words: '18 to 65 years', '18 years and over'."""
    if eligibility is None:
        return "Not stated"
    low, high = age_text(eligibility["minimum_age"]), age_text(eligibility["maximum_age"])
    if low and high:
        low_n, _, low_unit = low.partition(" ")
        high_n, _, high_unit = high.partition(" ")
        if low_unit.rstrip("s") == high_unit.rstrip("s"):
            return f"{low_n} to {high_n} {high_unit}"
        return f"{low} to {high}"
    if low:
        return f"{low} and over"
    if high:
        return f"up to {high}".capitalize()
    return "No age limits listed"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# A registry title is at most 300 characters; a longer record text is cut, so one odd record
# cannot blow up a page. The registry caps a brief summary at 5,000 characters and the
# eligibility criteria at 20,000.
MAX_TEXT = 1000
MAX_SUMMARY = 5000
MAX_CRITERIA = 20000
_MD_ESCAPE = re.compile(r"\\([^\w\s])")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: str) -> str:
    """Return one line of record text safe for every renderer (pipeline.text), capped."""
    return text_mod.clip(" ".join(text_mod.clean_text(value).split()), MAX_TEXT)


def plain_text(value, limit: int) -> str | None:
    """Return record prose as plain text: controls out, line breaks kept, markdown escapes
    (the registry writes '\\>' for '>') undone, blank runs squeezed, capped; None when blank."""
    if not isinstance(value, str):
        return None
    text = _MD_ESCAPE.sub(r"\1", text_mod.clean_text(value, multiline=True))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text_mod.clip(text, limit) or None


def _clean(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _texts(values: list) -> list[str]:
    """Cleaned, non-empty, distinct texts in their first order."""
    out: list[str] = []
    for v in values:
        text = clean_text(v) if isinstance(v, str) else None
        if text and text not in out:
            out.append(text)
    return out


def _text_or_none(value) -> str | None:
    text = clean_text(value) if isinstance(value, str) else None
    return text or None


def _coordinate(value, bound: float) -> float | None:
    return float(value) if isinstance(value, int | float) and -bound <= value <= bound else None


def make_valid(trial: dict) -> dict:
    """Return a trial row with record text made safe: controls out, blanks as null, lists deduped.

    Run before validation, so validation fails only on a pipeline bug, never on a record.
    """
    summary, eligibility = trial["brief_summary"], trial["eligibility"]
    t = _clean({k: v for k, v in trial.items() if k not in ("brief_summary", "eligibility")})
    t["brief_summary"] = plain_text(summary, MAX_SUMMARY)
    if eligibility is not None:
        t["eligibility"] = _clean(eligibility) | {
            "criteria": plain_text(eligibility["criteria"], MAX_CRITERIA),
            "minimum_age": _text_or_none(eligibility["minimum_age"]),
            "maximum_age": _text_or_none(eligibility["maximum_age"]),
        }
        # Tokens outside the API's vocabulary say nothing a reader can use: unknown.
        if t["eligibility"]["sex"] not in SEX_LABELS:
            t["eligibility"]["sex"] = None
        t["eligibility"]["std_ages"] = [a for a in t["eligibility"]["std_ages"] if a in STD_AGES]
        t["eligibility"]["age_range"] = age_range(t["eligibility"])
    else:
        t["eligibility"] = None
    t["acronym"] = _text_or_none(trial["acronym"])
    t["phases"] = list(dict.fromkeys(t["phases"]))
    t["conditions"] = _texts(trial["conditions"])
    t["countries"] = _texts(trial["countries"])
    t["lead_sponsor"]["name"] = _text_or_none(trial["lead_sponsor"]["name"])
    # An intervention without a readable name says nothing to a reader: left out.
    t["interventions"] = [
        {"type": i["type"], "name": name}
        for i in trial["interventions"]
        if (name := _text_or_none(i["name"]))
    ]
    t["locations"] = [
        {
            k: _text_or_none(loc[k])
            for k in ("facility", "status", "city", "state", "zip", "country")
        }
        | {
            "status": loc["status"] if loc["status"] in STATUS_LABELS else None,
            "latitude": _coordinate(loc["latitude"], 90),
            "longitude": _coordinate(loc["longitude"], 180),
        }
        for loc in trial["locations"]
    ]
    t["central_contacts"] = [
        contact
        for c in trial["central_contacts"]
        if any((contact := {k: _text_or_none(v) for k, v in c.items()}).values())
    ]
    t["reasons"] = _texts(trial["reasons"])
    return t


def _explanation(r: dict, sections: list[dict]) -> list[dict]:
    """Return what earned a trial its rank, in words, biggest contribution first (no points)."""
    count = r["country_count"]
    words = {
        "status": r["status_reason"],
        "relevance": r["relevance_reason"],
        "phase": r["phase_reason"] or phase_label(list(r["phases"])),
        "enrollment": r["enrollment_reason"],
        "recency": "Updated on the registry "
        + long_date(partial_date(r["last_update_post_date"], "day")),
        "results": r["results_reason"],
        "sites": r["sites_reason"]
        or f"{r['site_count']} site" + ("s" if r["site_count"] > 1 else ""),
        "countries": f"Sites in {count} {'country' if count == 1 else 'countries'}",
        "sponsor": "Led by " + SPONSOR_WORDS.get(r["lead_sponsor_class"], "an organisation"),
        "article": "Relates to the article: " + "; ".join(s["label"] for s in sections),
    }
    points = dict(r["components"])
    order = list(COMPONENT_LABELS)
    shown = sorted(
        (c for c, p in points.items() if p > 0),
        key=lambda c: (-points[c], order.index(c) if c in order else len(order), c),
    )
    return [
        {"component": c, "label": COMPONENT_LABELS.get(c, c), "text": words.get(c) or ""}
        for c in shown
        if words.get(c)
    ]


def _trial(r: dict, contacts: bool) -> dict:
    sections = [dict(s) for s in r["article_sections"]]
    eligibility = (
        {
            "sex": r["sex"],
            "minimum_age": r["minimum_age"],
            "maximum_age": r["maximum_age"],
            "minimum_age_years": r["minimum_age_years"],
            "maximum_age_years": r["maximum_age_years"],
            "healthy_volunteers": r["healthy_volunteers"],
            "std_ages": list(r["std_ages"] or []),
            "criteria": r["criteria"],
        }
        if r["has_eligibility"]
        else None
    )
    return make_valid(
        {
            "rank": r["rank"],
            "nct_id": r["nct_id"],
            "url": REGISTRY_URL + r["nct_id"],
            "title": r["brief_title"],
            "acronym": r["acronym"],
            "status": r["overall_status"],
            "status_label": STATUS_LABELS.get(r["overall_status"], r["overall_status"]),
            "open_to_enrol": bool(r["open_to_enrol"]),
            "phases": list(r["phases"]),
            "phase_label": phase_label(list(r["phases"])),
            "brief_summary": r["brief_summary"],
            "conditions": list(r["conditions"]),
            "interventions": [dict(i) for i in r["interventions"]],
            "lead_sponsor": {"name": r["lead_sponsor_name"], "class": r["lead_sponsor_class"]},
            "enrollment": {"count": r["enrollment"], "type": r["enrollment_type"]},
            "start_date": partial_date(r["start_date"], r["start_date_precision"]),
            "primary_completion_date": partial_date(
                r["primary_completion_date"], r["primary_completion_date_precision"]
            ),
            "completion_date": partial_date(r["completion_date"], r["completion_date_precision"]),
            "first_posted": partial_date(r["study_first_post_date"], "day"),
            "last_update": partial_date(r["last_update_post_date"], "day"),
            "eligibility": eligibility,
            "site_count": r["site_count"],
            "country_count": r["country_count"],
            "countries": list(r["countries"]),
            "locations": [dict(loc) for loc in r["locations"]],
            "central_contacts": [dict(c) for c in r["central_contacts"]] if contacts else [],
            "relevance": {"tier": r["tier"], "reason": r["relevance_reason"]},
            "score": r["score"],
            "components": dict(r["components"]),
            "reasons": list(r["reasons"]),
            "rank_explanation": _explanation(r, sections),
            "article_sections": sections,
        }
    )


def topic_site_settings(topic: str) -> dict:
    """Return the topic file's [site] table (central_contacts, base_url); {} without one."""
    from pipeline.topics import TopicError, load_topic

    try:
        return dict(load_topic(topic).settings.get("site", {}))
    except TopicError:
        return {}


def build_export(
    con: duckdb.DuckDBPyConnection,
    topic: str,
    generated_at: str,
    run_id: str | None = None,
    central_contacts: bool | None = None,
) -> dict:
    """Return the top-trials export document (v2) of one topic, from the export views.

    Quarantined studies are not in top_trials; every record text is made safe (make_valid).
    `central_contacts` None follows the topic file's [site] central_contacts (default true).
    """
    heads = _rows(con, "select * from export_topics where topic = ?", [topic])
    if not heads:
        raise ValueError(f"topic {topic!r} is not loaded in this database")
    head = heads[0]
    if central_contacts is None:
        central_contacts = bool(topic_site_settings(topic).get("central_contacts", True))
    ranked = _rows(con, "select * from export_trials where topic = ? order by rank", [topic])
    trials = [_trial(r, central_contacts) for r in ranked]
    article = head["article"]
    return {
        "schema_version": SCHEMA_VERSION,
        "topic": topic,
        "topic_title": head["topic_title"],
        "article": {"slug": article, "title": head["article_title"]} if article else None,
        "generated_at": generated_at,
        "data_timestamp": head["data_timestamp"],
        "run_id": run_id,
        "studies_considered": head["studies_considered"],
        "studies_listed": len(trials),
        "excluded_by_reason": dict(head["excluded_by_reason"]),
        "withheld_incomplete": list(head["withheld_incomplete"]),
        "quarantined": head["quarantined"],
        "central_contacts_included": central_contacts,
        "score_weights": dict(head["score_weights"]),
        "trials": trials,
    }


V1_TRIAL_KEYS = (
    "rank", "nct_id", "url", "title", "acronym", "status", "status_label", "phases",
    "phase_label", "conditions", "interventions", "lead_sponsor", "enrollment", "start_date",
    "last_update", "site_count", "country_count", "countries", "locations", "relevance", "score",
    "components", "reasons", "article_sections",
)  # fmt: skip
V1_KEYS = (
    "topic", "topic_title", "article", "generated_at", "data_timestamp", "studies_considered",
    "studies_listed", "excluded_by_reason", "withheld_incomplete", "quarantined", "run_id",
    "score_weights",
)  # fmt: skip


def v1_document(doc: dict) -> dict:
    """Return the v1 export (schemas/top-trials.v1.schema.json) derived from a v2 document.

    v1 shows at most five sites with facility, city and country, and none of the v2 additions.
    """
    trials = []
    for t in doc["trials"]:
        old = {k: t[k] for k in V1_TRIAL_KEYS}
        old["locations"] = [
            {k: loc[k] for k in ("facility", "city", "country")}
            for loc in t["locations"][:V1_MAX_LOCATIONS]
        ]
        trials.append(old)
    return {"schema_version": V1_SCHEMA_VERSION} | {k: doc[k] for k in V1_KEYS} | {"trials": trials}


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
            "sex": SEX_LABELS.get(e.get("sex"), e.get("sex")),
            "healthy_volunteers": {True: "yes", False: "no"}.get(e.get("healthy_volunteers")),
            "locations": "; ".join(p for loc in t["locations"] if (p := _place(loc))),
            "first_posted": t["first_posted"],
            "completion_date": t["completion_date"],
        }
        rows.append([row[c] for c in CSV_COLUMNS])
    return csv_text(rows)


def export_paths(site_dir: Path, topic: str) -> tuple[Path, Path]:
    """Return the v1 JSON and the CSV export paths of a topic."""
    base = site_dir / "top-trials"
    return base / f"{topic}.json", base / f"{topic}.csv"


def v2_path(site_dir: Path, topic: str) -> Path:
    """Return the v2 JSON export path of a topic."""
    return site_dir / "top-trials" / f"{topic}.v2.json"


def _json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def export_files(docs: list[dict], site_dir: Path) -> list[tuple[Path, str]]:
    """Return (path, text) of every export file (v2 JSON, v1 JSON, CSV); nothing is written yet."""
    files = []
    for doc in docs:
        json_path, csv_path = export_paths(site_dir, doc["topic"])
        files.append((v2_path(site_dir, doc["topic"]), _json(doc)))
        files.append((json_path, _json(v1_document(doc))))
        files.append((csv_path, export_csv(doc)))
    return files
