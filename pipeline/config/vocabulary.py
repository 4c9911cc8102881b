"""The project's one vocabulary (sql/seeds/vocabulary.csv): labels for statuses, phases,
enrollment types and score components, read by SQL (table `vocabulary`) and by Python (here)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from pipeline.core import resources

PATH = resources.path("sql/seeds/vocabulary.csv")
TONES = ("open", "soon", "closed")


@dataclass(frozen=True)
class Term:
    kind: str
    value: str
    label: str
    reason: str | None
    tone: str | None
    sort: int


@cache
def terms() -> tuple[Term, ...]:
    """Every row of the vocabulary, in file order."""
    with PATH.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Term(
                kind=row["kind"],
                value=row["value"],
                label=row["label"],
                reason=row["reason"] or None,
                tone=row["tone"] or None,
                sort=int(row["sort"]),
            )
            for row in csv.DictReader(fh)
        )


def labels(kind: str) -> dict[str, str]:
    """Return {value: label} of one kind (status, phase, enrollment_type, component)."""
    return {t.value: t.label for t in terms() if t.kind == kind}


def label(kind: str, value: str) -> str:
    """Return one value's label; a value the vocabulary lacks is shown in words."""
    return labels(kind).get(value) or value.replace("_", " ").capitalize()


def status_tone(status: str | None) -> str:
    """Return a status's tone: open (taking participants), soon (about to), else closed."""
    return _status_tones().get(status or "") or "closed"


@cache
def _status_tones() -> dict[str, str | None]:
    return {t.value: t.tone for t in terms() if t.kind == "status"}


def rows() -> list[tuple]:
    """The vocabulary as rows of the `vocabulary` table."""
    return [(t.kind, t.value, t.label, t.reason, t.tone, t.sort) for t in terms()]
