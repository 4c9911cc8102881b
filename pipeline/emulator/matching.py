"""Whether a study satisfies a parsed Essie expression (pipeline.emulator.essie builds the tree).

EXPANSION: None compares the tokens as written (case and symbols count), its words consecutive in
one value; Term and Concept (no synonyms here) compare stems, words consecutive; Relaxation (the
default) wants every word anywhere in the area; Lossy any word. A quoted phrase is always
consecutive. COVERAGE: FullMatch, StartsWith, EndsWith hold the term against one whole field
value (all of it, its start, its end); Contains (the default) anywhere. SEARCH[Location] holds its
operand within one location. RANGE compares dates (a partial study date counts as its first day,
a partial upper bound covers its whole period), numbers, or ages and durations in days; MISSING:
no value; ALL: every study; an expression of symbols only matches nothing.
"""

from __future__ import annotations

from typing import Protocol

from pipeline.emulator.essie import (
    DATE_PATTERN,
    TIME_PATTERN,
    All,
    And,
    Area,
    Missing,
    Not,
    Nothing,
    Or,
    Range,
    Search,
    Term,
    document_scopes,
)
from pipeline.emulator.pieces import NUMERIC_PIECES, TIME_PIECES

# Days per unit, to compare ages and durations given in different units.
_UNIT_DAYS = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0}
_UNIT_DAYS |= {"hour": 1 / 24, "minute": 1 / 1440}
# Expansions under which the words of an unquoted term must still be consecutive.
_ADJACENT = frozenset({"None", "Term", "Concept"})


class Document(Protocol):
    """What matching needs from a study: token chunks and raw values per piece or area."""

    def tokens(
        self, scope: str, exact: bool = False
    ) -> tuple[tuple[frozenset[str], tuple[tuple[str, ...], ...]], ...]:
        """Return (token set, token sequence per value) chunks; a phrase stays in one value.

        exact: tokens as written (EXPANSION[None]) instead of stems."""

    def values(self, piece: str) -> list:
        """Return the raw values of a piece."""

    def parts(self, document: str) -> list[Document]:
        """Return the nested documents of that name (SEARCH[Location]: one per location)."""


def time_days(value: object) -> float | None:
    """Return an age or duration such as "18 Years" in days, or None when it is not one."""
    m = TIME_PATTERN.fullmatch(value.strip()) if isinstance(value, str) else None
    return float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()] if m else None


def _has_sequence(seqs: tuple[tuple[str, ...], ...], words: tuple[str, ...]) -> bool:
    n = len(words)
    first = words[0]
    for seq in seqs:
        for i in range(len(seq) - n + 1):
            if seq[i] == first and seq[i : i + n] == words:
                return True
    return False


def is_date(value: object) -> bool:
    """Return whether a record value is a usable date: a YYYY, YYYY-MM or YYYY-MM-DD string."""
    return isinstance(value, str) and DATE_PATTERN.fullmatch(value) is not None


def _in_range(value: object, lo: str, hi: str, numeric: bool) -> bool:
    # A value of the wrong type, or a date that is not YYYY[-MM[-DD]], is in no range.
    if numeric:
        if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
            return False
        return (lo == "MIN" or value >= float(lo)) and (hi == "MAX" or value <= float(hi))
    if not is_date(value):
        return False
    # A partial bound covers its whole period: [2024-03,2024-03] holds every March day.
    full = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    lo_full = lo + "-01-01"[len(lo) - 4 :] if lo != "MIN" and len(lo) < 10 else lo
    return (lo == "MIN" or full >= lo_full) and (hi == "MAX" or full[: len(hi)] <= hi)


def _term_matches(term: Term, doc: Document, scope: str) -> bool:
    chunks = doc.tokens(scope, term.expansion == "None")
    words, n = term.words, len(term.words)
    if term.coverage != "Contains":
        # The term against one whole field value: all of it, its start or its end.
        whole = {"FullMatch": lambda s: s == words, "StartsWith": lambda s: s[:n] == words}
        covers = whole.get(term.coverage, lambda s: s[len(s) - n :] == words)
        return any(covers(seq) for _, seqs in chunks for seq in seqs)
    present = (any(w in tokens for tokens, _ in chunks) for w in words)
    if term.expansion == "Lossy" and not term.phrase:
        return any(present)
    if not all(present):
        return False
    if n == 1 or not (term.phrase or term.expansion in _ADJACENT):
        return True
    return any(_has_sequence(seqs, words) for _, seqs in chunks)


def matches(node: object, doc: Document, scope: str) -> bool:
    """Return whether a study document satisfies the expression, searching scope by default."""
    match node:
        case Term():
            return _term_matches(node, doc, scope)
        case And(items=items):
            return all(matches(item, doc, scope) for item in items)
        case Or(items=items):
            return any(matches(item, doc, scope) for item in items)
        case Not(item=item):
            return not matches(item, doc, scope)
        case Area(scope=inner, item=item):
            return matches(item, doc, inner)
        case Search(document=document, item=item):
            # Inside one location, words search the area when it is a location one, else every
            # string of that location.
            inner = scope if scope in document_scopes(document) else "BasicSearch"
            return any(matches(item, part, inner) for part in doc.parts(document))
        case Range(lo=lo, hi=hi) if scope in TIME_PIECES:
            low = float("-inf") if lo == "MIN" else time_days(lo)
            high = float("inf") if hi == "MAX" else time_days(hi)
            days = (time_days(v) for v in doc.values(scope))
            return any(d is not None and low <= d <= high for d in days)
        case Nothing():
            return False
        case All():
            return True
        case Range(lo=lo, hi=hi):
            numeric = scope in NUMERIC_PIECES
            return any(_in_range(v, lo, hi, numeric) for v in doc.values(scope))
        case Missing():
            return not doc.values(scope)
    raise TypeError(f"not an Essie node: {node!r}")
