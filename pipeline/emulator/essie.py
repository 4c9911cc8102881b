"""A subset of the Essie search-expression language of ClinicalTrials.gov, parsed and matched.

Grammar, highest precedence first (as on the real site):

    term     := word | "quoted phrase" | RANGE[lo,hi] | MISSING | ( expr )
    unary    := NOT unary | AREA[Piece] unary | term
    and_expr := unary ((AND)? unary)*        adjacent terms are ANDed
    expr     := and_expr (OR and_expr)*

Operators are upper-case only; lower-case "and"/"or"/"not" are plain words. Words and phrases match
case-insensitively on stemmed tokens (lower-cased, trailing "ing"/"es"/"s" then "e" dropped), so
walk, walks and walking match each other; a phrase matches consecutive tokens of one field value.
AREA[Piece] restricts its operand to one piece (e.g. Condition) or search area (e.g. TitleSearch);
RANGE[lo,hi] compares a date piece (bounds YYYY, YYYY-MM, YYYY-MM-DD, MIN or MAX), a numeric
piece or an age piece (bounds such as "16 years", "6 months", in days); an expression of symbols
only (`-`) matches nothing; MISSING matches a study that has no value for the piece. There are no
synonyms, no weights, no SEARCH/EXPANSION/COVERAGE operators and no backslash escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from pipeline.emulator.pieces import AREAS, DATE_PIECES, NUMERIC_PIECES, PIECES, TIME_PIECES

_SCOPES = {name.lower(): name for name in [*PIECES, *AREAS]}
_WORD = re.compile(r"\w+")
_LEXEME = re.compile(
    r'\s+|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"|(?P<quote>")'
    r"|AREA\[(?P<area>[^\]]*)\]|RANGE\[(?P<range>[^\]]*)\]|(?P<word>[^\s()\"]+)"
)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_TIME = re.compile(r"(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?", re.IGNORECASE)
# Days per unit, to compare ages and durations given in different units.
_UNIT_DAYS = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0}
_UNIT_DAYS |= {"hour": 1 / 24, "minute": 1 / 1440}


class EssieError(ValueError):
    """A syntax error in an Essie expression."""


class Document(Protocol):
    """What matching needs from a study: token chunks and raw values per piece or area."""

    def tokens(self, scope: str) -> tuple[tuple[frozenset[str], tuple[tuple[str, ...], ...]], ...]:
        """Return (token set, token sequence per value) chunks; a phrase stays in one value."""

    def values(self, piece: str) -> list:
        """Return the raw values of a piece."""


@dataclass(frozen=True)
class Term:
    """Stemmed words; more than one must appear consecutively (a phrase)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    """Every item matches."""

    items: tuple


@dataclass(frozen=True)
class Or:
    """At least one item matches."""

    items: tuple


@dataclass(frozen=True)
class Not:
    """The item does not match."""

    item: object


@dataclass(frozen=True)
class Area:
    """The item matches within one piece or search area."""

    scope: str
    item: object


@dataclass(frozen=True)
class Range:
    """A value of the AREA's date or numeric piece lies in [lo, hi]."""

    lo: str
    hi: str


@dataclass(frozen=True)
class Missing:
    """The AREA's piece has no value."""


@dataclass(frozen=True)
class Nothing:
    """An expression with no words at all (only symbols, e.g. `-`): matches no study."""


def time_days(value: object) -> float | None:
    """Return an age or duration such as "18 Years" in days, or None when it is not one."""
    m = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    return float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()] if m else None


def stem(word: str) -> str:
    """Return the crude stem used for matching: lower case, no plural or -ing ending."""
    w = word.lower()
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 3 and w.endswith("es"):
        w = w[:-2]
    elif len(w) > 2 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


@lru_cache(maxsize=1 << 18)
def tokenize(text: str) -> tuple[str, ...]:
    """Return the stemmed tokens of a text, in order."""
    return tuple(stem(w) for w in _WORD.findall(text))


def canonical_scope(name: str) -> str:
    """Return the canonical piece or area name for an AREA[...] name, or raise EssieError."""
    try:
        return _SCOPES[name.strip().lower()]
    except KeyError:
        raise EssieError(f"unknown search area or piece in AREA[{name}]") from None


def _lex(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _LEXEME.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "quote":
            raise EssieError(f"unterminated quote at position {m.start()}")
        if kind == "word":
            if value.startswith(("AREA[", "RANGE[")):
                raise EssieError(f"missing ']' in {value!r}")
            if value in ("AND", "OR", "NOT", "MISSING"):
                kind = value
            elif not tokenize(value):
                continue
        out.append((kind, value))
    return out


class _Parser:
    def __init__(self, text: str):
        self.lexemes = _lex(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.lexemes[self.pos][0] if self.pos < len(self.lexemes) else None

    def take(self) -> tuple[str, str]:
        lexeme = self.lexemes[self.pos]
        self.pos += 1
        return lexeme

    def expr(self, scope: str | None) -> object:
        items = [self.and_expr(scope)]
        while self.peek() == "OR":
            self.take()
            items.append(self.and_expr(scope))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, scope: str | None) -> object:
        items = [self.unary(scope)]
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
            items.append(self.unary(scope))
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, scope: str | None) -> object:
        kind = self.peek()
        if kind is None:
            raise EssieError("expression ends where a term was expected")
        if kind == "NOT":
            self.take()
            return Not(self.unary(scope))
        if kind == "area":
            inner = canonical_scope(self.take()[1])
            return Area(inner, self.unary(inner))
        kind, value = self.take()
        if kind in ("word", "phrase"):
            if not tokenize(value):
                raise EssieError(f"phrase {value!r} has no words")
            return Term(tokenize(value))
        if kind == "open":
            node = self.expr(scope)
            if self.peek() != "close":
                raise EssieError("missing ')'")
            self.take()
            return node
        if kind == "range":
            return _range(value, scope)
        if kind == "MISSING":
            if scope not in PIECES:
                raise EssieError("MISSING needs AREA[Piece] before it")
            return Missing()
        raise EssieError(f"unexpected {value!r}")


def _range(value: str, scope: str | None) -> Range:
    if scope not in DATE_PIECES and scope not in NUMERIC_PIECES and scope not in TIME_PIECES:
        raise EssieError("RANGE needs AREA[<date, numeric or age piece>] before it")
    bound = _NUMBER if scope in NUMERIC_PIECES else _TIME if scope in TIME_PIECES else _DATE
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(p in ("MIN", "MAX") or bound.fullmatch(p) for p in parts):
        kind = {_NUMBER: "numbers", _TIME: "ages (e.g. 16 years)"}.get(
            bound, "dates (YYYY[-MM[-DD]])"
        )
        raise EssieError(f"RANGE[{value}] on {scope} must be RANGE[lo,hi] of {kind}, MIN or MAX")
    return Range(parts[0], parts[1])


def parse(text: str) -> object:
    """Return the syntax tree of an Essie expression, or raise EssieError."""
    parser = _Parser(text)
    if parser.peek() is None:
        if text.strip():
            return Nothing()
        raise EssieError("empty expression")
    node = parser.expr(None)
    if parser.peek() is not None:
        raise EssieError(f"unexpected {parser.take()[1]!r}")
    return node


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
    return isinstance(value, str) and _DATE.fullmatch(value) is not None


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


def matches(node: object, doc: Document, scope: str) -> bool:
    """Return whether a study document satisfies the expression, searching scope by default."""
    match node:
        case Term(words=words):
            chunks = doc.tokens(scope)
            if not all(any(w in tokens for tokens, _ in chunks) for w in words):
                return False
            return len(words) == 1 or any(_has_sequence(seqs, words) for _, seqs in chunks)
        case And(items=items):
            return all(matches(item, doc, scope) for item in items)
        case Or(items=items):
            return any(matches(item, doc, scope) for item in items)
        case Not(item=item):
            return not matches(item, doc, scope)
        case Area(scope=inner, item=item):
            return matches(item, doc, inner)
        case Range(lo=lo, hi=hi) if scope in TIME_PIECES:
            low = float("-inf") if lo == "MIN" else time_days(lo)
            high = float("inf") if hi == "MAX" else time_days(hi)
            days = (time_days(v) for v in doc.values(scope))
            return any(d is not None and low <= d <= high for d in days)
        case Nothing():
            return False
        case Range(lo=lo, hi=hi):
            numeric = scope in NUMERIC_PIECES
            return any(_in_range(v, lo, hi, numeric) for v in doc.values(scope))
        case Missing():
            return not doc.values(scope)
    raise TypeError(f"not an Essie node: {node!r}")
