"""Record values in a reader's words: dates at their stated precision, ages and phases.

Shared by the export (pipeline/publish/export_trial.py) and the pages (pipeline/publish/site.py).
"""

from __future__ import annotations

from datetime import date

from pipeline.config import vocabulary

PHASE_LABELS = vocabulary.labels("phase")


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


def results_posted(posted: str | None) -> str:
    """Return when a trial's results were first posted, in words: 'Results posted on 3 March
    2024' ('in March 2024' for a month or a year; 'Results posted' without a date)."""
    if not posted:
        return "Results posted"
    return f"Results posted {'on' if len(posted) == 10 else 'in'} {long_date(posted)}"


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
