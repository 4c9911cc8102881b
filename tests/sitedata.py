"""The site tests' data: the bundled corpus plus SYNTHETIC topic-relevant variants of real API
records that have sites with coordinates, ages in years and months, sex and central contacts.

Most bundled topic records are transcriptions without sites or ages, so a finder has little to
filter. SYNTHETIC: each record below is a real corpus record, unchanged except that the topic's
first primary term is added to its conditions, so the relevance rules rank it. Every site,
coordinate, age, status and contact is the registry's own.
"""

from __future__ import annotations

import copy
import functools
import tempfile
from pathlib import Path

from realdata import build_db, corpus_records

from pipeline.config.topics import load_topic
from pipeline.publish import site
from pipeline.publish.export import build_export

TOPIC = "leg-cramps"
GENERATED_AT = "2026-11-25T10:00:00Z"
# Real records with sites: Singapore (recruiting, 21 to 99 years), Paris (not yet recruiting,
# two contacts), 42 US sites (completed, 18 to 64), Spain (unknown status, contacts), Japan (18
# sites, from 8 months), Pakistan (18 months to 50 years), 32 sites up to 18 years, and
# Providence (recruiting, women only: the sex filter has something to leave out).
SITE_RECORDS = (
    "NCT06388018",
    "NCT04523987",
    "NCT06171568",
    "NCT02210780",
    "NCT03475563",
    "NCT05814159",
    "NCT05326594",
    "NCT04431453",
)


def relevant_variant(record: dict) -> dict:
    """Return a SYNTHETIC copy of a real record with the topic's first primary term added to
    its conditions (nothing else changes)."""
    term = load_topic(TOPIC).settings["relevance"]["primary_terms"][0]
    changed = copy.deepcopy(record)
    conditions = changed["protocolSection"].setdefault("conditionsModule", {})
    conditions["conditions"] = [*conditions.get("conditions", []), term.title()]
    return changed


def site_records(changes: dict[str, dict] | None = None, corpus: bool = True) -> list[dict]:
    """Return the corpus (or, with corpus False, only the SITE_RECORDS) with the SITE_RECORDS
    made relevant; `changes` replaces records by id."""
    records = dict(corpus_records()) if corpus else {}
    for nct_id in SITE_RECORDS:
        records[nct_id] = relevant_variant(corpus_records()[nct_id])
    records.update(changes or {})
    return list(records.values())


def export_of(records: list[dict], **kw) -> dict:
    """Return the v2 export of TOPIC from a database built from `records`."""
    with tempfile.TemporaryDirectory() as tmp:
        con = build_db(records, Path(tmp))
        try:
            return build_export(con, TOPIC, GENERATED_AT, run_id="site-test", **kw)
        finally:
            con.close()


@functools.cache
def _site_export() -> dict:
    return export_of(site_records())


def site_export() -> dict:
    """Return (a copy of) the v2 export of the corpus with the site records made relevant."""
    return copy.deepcopy(_site_export())


# The page, fragment and list as strings (write_site writes the same, through the same
# renderers): the render tests read them without a site folder.
def render_page(export: dict, article, limit: int = 10, base_url: str | None = None) -> str:
    """Return the article page as HTML with the top `limit` trials in place of its marker line."""
    site.validate_export(export)
    body = article.body()
    site.check_anchors(export, body)
    return site._render_page(export, article, body, limit, site._base_url(export, base_url))


def render_fragment(export: dict, limit: int = 10, base_url: str | None = None) -> str:
    """Return the trials section alone (no <html>), with its own scoped styles and script.

    Its links start with `base_url` (default: the topic's [site] base_url); without one they are
    relative to data/site/fragments/.
    """
    site.validate_export(export)
    return site._render_fragment(export, limit, site._base_url(export, base_url))


def render_list(export: dict, base_url: str | None = None) -> str:
    """Return the full-list page: every ranked trial with the finder, as one HTML file."""
    site.validate_export(export)
    return site._render_list(export, site._base_url(export, base_url))
