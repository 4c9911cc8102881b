"""One ranked row of the view export_trials as a trial of the export (v2): reshaped, its rank
explained in words, and its record text made safe for every renderer (make_valid)."""

from __future__ import annotations

import re

from pipeline.config import vocabulary
from pipeline.core import text as text_mod
from pipeline.publish.wording import age_range, long_date, partial_date, phase_label

REGISTRY_URL = "https://clinicaltrials.gov/study/"
# The registry page's tab that shows a study's posted results.
RESULTS_TAB = "?tab=results"
STATUS_LABELS = vocabulary.labels("status")
COMPONENT_LABELS = vocabulary.labels("component")
SPONSOR_WORDS = vocabulary.labels("sponsor_class")
SEX_LABELS = vocabulary.labels("sex")
STD_AGES = ("CHILD", "ADULT", "OLDER_ADULT")

# A registry title is at most 300 characters; a longer record text is cut, so one odd record
# cannot blow up a page. The registry caps a brief summary at 5,000 characters and the
# eligibility criteria at 20,000.
MAX_TEXT = 1000
MAX_SUMMARY = 5000
MAX_CRITERIA = 20000
_MD_ESCAPE = re.compile(r"\\([^\w\s])")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: str) -> str:
    """Return one line of record text safe for every renderer (pipeline.core.text), capped."""
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


def from_row(r: dict, contacts: bool) -> dict:
    """Return the export's trial object of one export_trials row; central contacts only if
    `contacts`."""
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
            # Only that results are posted, when, and where to read them: never what they say.
            "results_posted": bool(r["has_results"]),
            "results_first_posted": partial_date(
                r["results_first_post_date"], r["results_first_post_date_precision"]
            )
            if r["has_results"]
            else None,
            "results_url": REGISTRY_URL + r["nct_id"] + RESULTS_TAB if r["has_results"] else None,
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
