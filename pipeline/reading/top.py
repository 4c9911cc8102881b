"""`trials top`: the ranked list of a published database, for the terminal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline.core.text import terminal_json, terminal_text
from pipeline.publish import export
from pipeline.warehouse import db

COMPONENTS = (
    "relevance",
    "status",
    "phase",
    "enrollment",
    "recency",
    "results",
    "sites",
    "countries",
    "sponsor",
    "article",
)


def ranked_topics(con) -> list[str]:
    """Return the slugs of the ranked topics a database holds, sorted."""
    return [r[0] for r in con.execute(db.statement("ranked_topic_slugs")).fetchall()]


def pick_topic(con, topic: str | None, db_path: Path) -> str:
    """Return `topic` if the database ranks it, or, given None, the one topic it ranks.

    Raises ValueError (one line naming the database and its ranked topics) otherwise."""
    slugs = ranked_topics(con)
    listed = ", ".join(slugs) or "none"
    if topic is None and len(slugs) == 1:
        return slugs[0]
    if topic is None and slugs:
        raise ValueError(f"{db_path} ranks several topics ({listed}): choose one with --topic")
    if topic is None:
        raise ValueError(f"{db_path} ranks no topic yet; run `trials refresh` or `make demo`")
    if topic not in slugs:
        raise ValueError(f"topic {topic!r} is not ranked in {db_path} (ranked topics: {listed})")
    return topic


def top_document(db_path: Path, topic: str | None, limit: int) -> dict:
    """Return the export document of `topic` (default: the database's one ranked topic) from a
    published database, cut to `limit` trials."""
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    with db.connect(db_path, read_only=True) as con:
        # The moment the list is read, as the export's other producers stamp it.
        generated_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
        doc = export.build_export(con, pick_topic(con, topic, db_path), generated_at=generated_at)
    doc["trials"] = doc["trials"][:limit]
    return doc


def render_table(doc: dict, explain: bool = False) -> str:
    """Return the ranking as a fixed-width text table, with reasons and components if asked.

    Every text from the records passes `terminal_text`: no escape sequence reaches the terminal.
    """
    tt = terminal_text
    lines = [
        f"{tt(doc['topic'])}: {doc['studies_considered']} studies considered, data timestamp "
        f"{tt(doc['data_timestamp'] or 'n/a')}",
        f"{'rank':>4}  {'nct_id':<11}  {'score':>6}  {'status':<24}  {'phase':<14}  title",
    ]
    for t in doc["trials"]:
        lines.append(
            f"{t['rank']:>4}  {tt(t['nct_id']):<11}  {t['score']:>6.2f}  {tt(t['status']):<24}  "
            f"{tt(t['phase_label'] or '-'):<14}  {tt(t['title'])[:70]}"
        )
        if explain:
            lines.append("        why: " + "; ".join(tt(r) for r in t["reasons"]))
            if t["article_sections"]:
                lines.append(
                    "        article: " + "; ".join(tt(s["label"]) for s in t["article_sections"])
                )
            parts = ", ".join(f"{c} {t['components'][c]:.2f}" for c in COMPONENTS)
            lines.append(f"        score = {parts}")
    return "\n".join(lines)


def render_json(doc: dict) -> str:
    """Return the ranking as JSON (the export document's shape), safe to print on a terminal."""
    return terminal_json(json.dumps(doc, indent=2, ensure_ascii=False))
