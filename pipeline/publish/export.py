"""The top-trials export of a topic: its document (v2) from the database's export views, and the
files it is published as.

The document is built from two views (sql/views/export_topics.sql, export_trials.sql): the head
row of the topic and one row per ranked trial, which pipeline/publish/export_trial.py reshapes into
a
trial (schemas/top-trials.v2.schema.json). Each document becomes three files: the v2 JSON, the
older v1 JSON derived from it (pipeline/publish/export_v1.py, kept until 2027-06-30) and the CSV
(pipeline/publish/export_csv.py). Validation: pipeline/publish/export_validation.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from pipeline.publish import export_trial
from pipeline.publish.export_csv import export_csv
from pipeline.publish.export_v1 import v1_document

# 2.1 added results_posted, results_first_posted and results_url to every trial; readers of 2.0
# keep working (docs/site-integration.md). A change that breaks readers raises the major number.
SCHEMA_VERSION = "2.1"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def topic_site_settings(topic: str) -> dict:
    """Return the topic file's [site] table (central_contacts, base_url); {} without one."""
    from pipeline.config.topics import TopicError, load_topic

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
    trials = [export_trial.from_row(r, central_contacts) for r in ranked]
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
    """Return (path, text) of every export file (v2 JSON, v1 JSON, CSV); nothing is written yet.

    The caller writes them atomically (pipeline/core/files.py) when it publishes the site.
    """
    files = []
    for doc in docs:
        json_path, csv_path = export_paths(site_dir, doc["topic"])
        files.append((v2_path(site_dir, doc["topic"]), _json(doc)))
        files.append((json_path, _json(v1_document(doc))))
        files.append((csv_path, export_csv(doc)))
    return files
