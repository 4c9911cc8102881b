"""The v1 top-trials export (schemas/top-trials.v1.schema.json), derived from the v2 document.

The v1 file (top-trials/<topic>.json) is still written until V1_END_DATE; see
docs/site-integration.md for the move to v2 (top-trials/<topic>.v2.json). After that date this
module goes, with the v1 schema.
"""

from __future__ import annotations

V1_SCHEMA_VERSION = "1.0"
V1_END_DATE = "2027-06-30"
V1_MAX_LOCATIONS = 5
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
