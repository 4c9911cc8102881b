"""The top-trials exports for the site: build from the database, validate, write atomically."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from pipeline import text as text_mod
from pipeline import vocabulary
from pipeline.text import csv_text

SCHEMA_VERSION = "1.0"
REGISTRY_URL = "https://clinicaltrials.gov/study/"
MAX_LOCATIONS = 5
STATUS_LABELS = vocabulary.labels("status")
PHASE_LABELS = vocabulary.labels("phase")
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


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _grouped(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> dict[str, list]:
    out: dict[str, list] = {}
    for nct_id, value in con.execute(sql, [ids]).fetchall():
        out.setdefault(nct_id, []).append(value)
    return out


# A registry title is at most 300 characters; a longer record text is cut, so one odd record
# cannot blow up a page.
MAX_TEXT = 1000


def clean_text(value: str) -> str:
    """Return one line of record text safe for every renderer (pipeline.text), capped."""
    return text_mod.clip(" ".join(text_mod.clean_text(value).split()), MAX_TEXT)


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


def make_valid(trial: dict) -> dict:
    """Return a trial row with record text made safe: controls out, blanks as null, lists deduped.

    Run before validation, so validation fails only on a pipeline bug, never on a record.
    """
    t = _clean(trial)
    t["acronym"] = _text_or_none(trial["acronym"])
    t["conditions"] = _texts(trial["conditions"])
    t["countries"] = _texts(trial["countries"])
    t["lead_sponsor"]["name"] = _text_or_none(trial["lead_sponsor"]["name"])
    # An intervention without a readable name says nothing to a reader: left out.
    t["interventions"] = [
        {"type": i["type"], "name": name}
        for i in trial["interventions"]
        if (name := _text_or_none(i["name"]))
    ]
    t["locations"] = [{k: _text_or_none(v) for k, v in loc.items()} for loc in trial["locations"]]
    t["reasons"] = _texts(trial["reasons"])
    return t


def build_export(
    con: duckdb.DuckDBPyConnection, topic: str, generated_at: str, run_id: str | None = None
) -> dict:
    """Return the top-trials export document of one topic (see schemas/).

    Quarantined studies are not in top_trials; every record text is made safe (make_valid).
    """
    head = con.execute(
        """
        select t.title, t.article, t.article_title,
            (select max(data_timestamp) from study_records),
            (select count(*) from study_relevance where topic = t.topic)
        from topics as t where t.topic = ?
        """,
        [topic],
    ).fetchone()
    if head is None:
        raise ValueError(f"topic {topic!r} is not loaded in this database")
    title, article, article_title, data_timestamp, considered = head
    excluded = dict(
        con.execute(
            "select reason, count(*) from study_relevance where topic = ? and tier = 'excluded'"
            " group by reason order by count(*) desc, reason",
            [topic],
        ).fetchall()
    )
    withheld, quarantined = con.execute(
        """
        select
            list(distinct r.nct_id order by r.nct_id)
                filter (where q.reason_code = 'missing_required'
                        and regexp_full_match(r.nct_id, 'NCT[0-9]{8}')),
            count(distinct r.nct_id)
        from study_relevance as r
        inner join quarantine as q on q.nct_id = r.nct_id
        where r.topic = ? and r.tier <> 'excluded' and not r.removed_from_topic
        """,
        [topic],
    ).fetchone()
    weights = dict(
        con.execute(
            "select component, weight from topic_weights where topic = ? order by component",
            [topic],
        ).fetchall()
    )
    ranked = _rows(con, "select * from top_trials where topic = ? order by rank", [topic])
    ids = [r["nct_id"] for r in ranked]
    conditions = _grouped(
        con, "select nct_id, name from conditions where list_contains(?, nct_id) order by all", ids
    )
    interventions = _grouped(
        con,
        "select nct_id, {'type': intervention_type, 'name': name} from interventions"
        " where list_contains(?, nct_id) order by nct_id, ordinal",
        ids,
    )
    # Facility, city and country only: never contacts.
    locations = _grouped(
        con,
        "select nct_id, {'facility': facility, 'city': city, 'country': country} from locations"
        " where list_contains(?, nct_id) order by nct_id, ordinal",
        ids,
    )
    labels = {
        r["theme_id"]: r
        for r in _rows(
            con,
            "select distinct theme_id, label, anchor from article_themes where article = ?",
            [article],
        )
    }
    trials = [
        make_valid(
            {
                "rank": r["rank"],
                "nct_id": r["nct_id"],
                "url": REGISTRY_URL + r["nct_id"],
                "title": r["brief_title"],
                "acronym": r["acronym"],
                "status": r["overall_status"],
                "status_label": STATUS_LABELS.get(r["overall_status"], r["overall_status"]),
                "phases": list(r["phases"]),
                "phase_label": phase_label(list(r["phases"])),
                "conditions": conditions.get(r["nct_id"], []),
                "interventions": interventions.get(r["nct_id"], []),
                "lead_sponsor": {"name": r["lead_sponsor_name"], "class": r["lead_sponsor_class"]},
                "enrollment": {"count": r["enrollment"], "type": r["enrollment_type"]},
                "start_date": partial_date(r["start_date"], r["start_date_precision"]),
                "last_update": partial_date(r["last_update_post_date"], "day"),
                "site_count": r["site_count"],
                "country_count": r["country_count"],
                "countries": list(r["countries"]),
                "locations": locations.get(r["nct_id"], [])[:MAX_LOCATIONS],
                "relevance": {"tier": r["tier"], "reason": r["relevance_reason"]},
                "score": r["score"],
                "components": dict(r["components"]),
                "reasons": list(r["reasons"]),
                "article_sections": [
                    {"id": t, "label": labels[t]["label"], "anchor": labels[t]["anchor"]}
                    for t in r["theme_ids"]
                ],
            }
        )
        for r in ranked
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "topic": topic,
        "topic_title": title,
        "article": {"slug": article, "title": article_title} if article else None,
        "generated_at": generated_at,
        "data_timestamp": data_timestamp,
        "studies_considered": considered,
        "studies_listed": len(trials),
        "excluded_by_reason": excluded,
        "withheld_incomplete": withheld or [],
        "quarantined": quarantined,
        "run_id": run_id,
        "score_weights": weights,
        "trials": trials,
    }


def export_csv(doc: dict) -> str:
    """Return the export's trials as CSV, one row per trial, lists joined with '; '.

    Written by `text.csv_text`: a cell starting with = + - @ TAB or CR is prefixed with an
    apostrophe (no formula runs in a spreadsheet) and any cell holding CR or LF is quoted, so a
    record's text can never split a row.
    """
    rows = [CSV_COLUMNS]
    for t in doc["trials"]:
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
        }
        rows.append([row[c] for c in CSV_COLUMNS])
    return csv_text(rows)


def export_paths(site_dir: Path, topic: str) -> tuple[Path, Path]:
    """Return the JSON and CSV export paths of a topic."""
    base = site_dir / "top-trials"
    return base / f"{topic}.json", base / f"{topic}.csv"


def export_files(docs: list[dict], site_dir: Path) -> list[tuple[Path, str]]:
    """Return (path, text) of every export file; nothing is written yet."""
    files = []
    for doc in docs:
        json_path, csv_path = export_paths(site_dir, doc["topic"])
        files.append((json_path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n"))
        files.append((csv_path, export_csv(doc)))
    return files
