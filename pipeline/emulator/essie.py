"""A subset of the Essie search-expression language of ClinicalTrials.gov, parsed into a tree.

Grammar, highest precedence first (as the site's "Constructing Complex Search Queries" page says):

    term     := words | "quoted phrase" | RANGE[lo,hi] | MISSING | ALL | ( expr )
    unary    := NOT unary | OP[arg] unary | term      OP: AREA COVERAGE EXPANSION SEARCH TILT
    and_expr := unary ((AND)? unary)*        adjacent terms are ANDed
    expr     := and_expr (OR and_expr)*

Operators are upper-case only; lower-case "and"/"or"/"not" are plain words. A search term is a
run of words without operators between them (`New York`): an operator before it applies to the
whole run, and a context operator (AREA, COVERAGE, EXPANSION, SEARCH) to every term of its
operand. Words become stems (lower-cased, trailing "ing"/"es"/"s" then "e" dropped), or tokens as
written under EXPANSION[None]; TILT only biases ranking and leaves no node. What each operator
matches: pipeline.emulator.matching and the emulator README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from pipeline.emulator.pieces import (
    AREAS,
    DATE_PIECES,
    NESTED,
    NESTED_PIECES,
    NUMERIC_PIECES,
    PIECES,
    TIME_PIECES,
)

_SCOPES = {name.lower(): name for name in [*PIECES, *AREAS]}
_WORD = re.compile(r"\w+")
# EXPANSION[None] compares words as written: word characters and each symbol, case kept.
_EXACT = re.compile(r"\w+|[^\w\s]")
_OPERATORS = ("AREA", "RANGE", "COVERAGE", "EXPANSION", "SEARCH", "TILT")
_LEXEME = re.compile(
    r'\s+|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"|(?P<quote>")'
    rf"|(?P<op>{'|'.join(_OPERATORS)})\[(?P<arg>[^\]]*)\]|(?P<word>[^\s()\"]+)"
)
_KEYWORDS = frozenset({"AND", "OR", "NOT", "MISSING", "ALL"})
DATE_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# The search docs write RANGE dates as MM/DD/YYYY too: RANGE[01/01/2015, MAX].
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
TIME_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?", re.IGNORECASE)
EXPANSIONS = ("None", "Term", "Concept", "Relaxation", "Lossy")
COVERAGES = ("FullMatch", "StartsWith", "EndsWith", "Contains")
# The documents SEARCH[...] names: the study itself and its nested documents (Location).
DOCUMENTS = ("Study", *NESTED)


class EssieError(ValueError):
    """A syntax error in an Essie expression (or a use of it the emulator does not do)."""


@dataclass(frozen=True)
class Term:
    """The words of one search term, matched as its EXPANSION and COVERAGE say.

    words are stems, or the tokens as written under EXPANSION[None]; phrase: it was quoted."""

    words: tuple[str, ...]
    phrase: bool = False
    expansion: str = "Relaxation"
    coverage: str = "Contains"


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
class Search:
    """The item matches within one nested document of the study (one location)."""

    document: str
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
class All:
    """Every study."""


@dataclass(frozen=True)
class Nothing:
    """An expression with no words at all (only symbols, e.g. `-`): matches no study."""


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


@lru_cache(maxsize=1 << 16)
def exact_tokens(text: str) -> tuple[str, ...]:
    """Return the tokens of a text as written (EXPANSION[None]): words and symbols, case kept."""
    return tuple(_EXACT.findall(text))


def canonical_scope(name: str, operator: str = "AREA") -> str:
    """Return the canonical piece or area name for an AREA[...] name, or raise EssieError."""
    try:
        return _SCOPES[name.strip().lower()]
    except KeyError:
        raise EssieError(f"unknown search area or piece in {operator}[{name}]") from None


def _option(operator: str, value: str, options: tuple[str, ...]) -> str:
    for option in options:
        if option.lower() == value.strip().lower():
            return option
    raise EssieError(f"{operator}[{value}]: use one of {', '.join(options)}")


def _lex(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for m in _LEXEME.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        if kind == "arg":
            out.append((m.group("op"), m.group("arg")))
            continue
        value = m.group(kind)
        if kind == "quote":
            raise EssieError(f"unterminated quote at position {m.start()}")
        if kind == "word":
            if value.startswith(tuple(op + "[" for op in _OPERATORS)):
                raise EssieError(f"missing ']' in {value!r}")
            if value in _KEYWORDS:
                out.append((value, value))
            elif out and out[-1][0] == "run":
                out[-1] = ("run", (*out[-1][1], value))
            else:
                out.append(("run", (value,)))
            continue
        out.append((kind, value))
    # A run of symbols only (a lone `-`) is no term: it drops out, as a separator would.
    return [x for x in out if x[0] != "run" or tokenize(" ".join(x[1]))]


@dataclass(frozen=True)
class _Context:
    """What the operators around a term say: its area, document, expansion and coverage."""

    scope: str | None = None
    document: str = "Study"
    expansion: str = "Relaxation"
    coverage: str = "Contains"

    def but(self, **changes: str | None) -> _Context:
        return replace(self, **changes)


class _Parser:
    def __init__(self, text: str):
        self.lexemes = _lex(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.lexemes[self.pos][0] if self.pos < len(self.lexemes) else None

    def take(self) -> tuple[str, object]:
        lexeme = self.lexemes[self.pos]
        self.pos += 1
        return lexeme

    def expr(self, ctx: _Context) -> object:
        items = [self.and_expr(ctx)]
        while self.peek() == "OR":
            self.take()
            items.append(self.and_expr(ctx))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, ctx: _Context) -> object:
        items = [self.unary(ctx)]
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
            items.append(self.unary(ctx))
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, ctx: _Context) -> object:
        kind = self.peek()
        if kind is None:
            raise EssieError("expression ends where a term was expected")
        if kind == "NOT":
            self.take()
            return Not(self.unary(ctx))
        if kind in ("AREA", "COVERAGE", "EXPANSION", "SEARCH", "TILT"):
            return self.operator(ctx)
        kind, value = self.take()
        if kind in ("run", "phrase"):
            return self.term(value, kind == "phrase", ctx)
        if kind == "open":
            node = self.expr(ctx)
            if self.peek() != "close":
                raise EssieError("missing ')'")
            self.take()
            return node
        if kind == "RANGE":
            return _range(str(value), ctx.scope)
        if kind == "MISSING":
            if ctx.scope not in PIECES:
                raise EssieError("MISSING needs AREA[Piece] before it")
            return Missing()
        if kind == "ALL":
            return All()
        raise EssieError(f"unexpected {value!r}")

    def operator(self, ctx: _Context) -> object:
        kind, value = self.take()
        arg = str(value)
        if kind == "AREA":
            inner = _in_document(canonical_scope(arg), ctx.document)
            return Area(inner, self.unary(ctx.but(scope=inner)))
        if kind == "COVERAGE":
            return self.unary(ctx.but(coverage=_option(kind, arg, COVERAGES)))
        if kind == "EXPANSION":
            return self.unary(ctx.but(expansion=_option(kind, arg, EXPANSIONS)))
        if kind == "TILT":
            # A bias of the relevance score: which studies match does not change.
            canonical_scope(arg, kind)
            return self.unary(ctx)
        document = _option(kind, arg, DOCUMENTS)
        if document == ctx.document == "Study":
            return self.unary(ctx)
        if ctx.document != "Study":
            raise EssieError(f"SEARCH[{arg}] inside SEARCH[{ctx.document}] is not emulated")
        scope = ctx.scope if ctx.scope in document_scopes(document) else None
        return Search(document, self.unary(ctx.but(document=document, scope=scope)))

    def term(self, value: object, phrase: bool, ctx: _Context) -> Term:
        text = value if isinstance(value, str) else " ".join(value)
        if not tokenize(text):
            raise EssieError(f"phrase {text!r} has no words")
        exact = ctx.expansion == "None"
        words = exact_tokens(text) if exact else tokenize(text)
        return Term(words, phrase, ctx.expansion, ctx.coverage)


@cache
def document_scopes(document: str) -> frozenset[str]:
    # What AREA may name inside SEARCH[document]: its pieces, areas made only of them, and
    # BasicSearch (every string of the element).
    pieces = NESTED_PIECES[document]
    areas = {a for a, ps in AREAS.items() if ps is not None and set(ps) <= set(pieces)}
    return frozenset({*pieces, *areas, "BasicSearch"})


def _in_document(scope: str, document: str) -> str:
    if document != "Study" and scope not in document_scopes(document):
        raise EssieError(
            f"AREA[{scope}] inside SEARCH[{document}] is not emulated: name a piece of a "
            f"{document.lower()} (e.g. {next(iter(NESTED_PIECES[document]))})"
        )
    return scope


def _range(value: str, scope: str | None) -> Range:
    if scope not in DATE_PIECES and scope not in NUMERIC_PIECES and scope not in TIME_PIECES:
        raise EssieError("RANGE needs AREA[<date, numeric or age piece>] before it")
    bound = DATE_PATTERN
    if scope in NUMERIC_PIECES or scope in TIME_PIECES:
        bound = _NUMBER if scope in NUMERIC_PIECES else TIME_PATTERN
    parts = [p.strip() for p in value.split(",")]
    if bound is DATE_PATTERN:
        parts = [_iso_date(p) for p in parts]
    if len(parts) != 2 or not all(p in ("MIN", "MAX") or bound.fullmatch(p) for p in parts):
        kind = {_NUMBER: "numbers", TIME_PATTERN: "ages (e.g. 16 years)"}.get(
            bound, "dates (YYYY[-MM[-DD]] or MM/DD/YYYY)"
        )
        raise EssieError(f"RANGE[{value}] on {scope} must be RANGE[lo,hi] of {kind}, MIN or MAX")
    return Range(parts[0], parts[1])


def _iso_date(bound: str) -> str:
    m = _US_DATE.fullmatch(bound)
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else bound


def parse(text: str) -> object:
    """Return the syntax tree of an Essie expression, or raise EssieError."""
    parser = _Parser(text)
    if parser.peek() is None:
        if text.strip():
            return Nothing()
        raise EssieError("empty expression")
    node = parser.expr(_Context())
    if parser.peek() is not None:
        raise EssieError(f"unexpected {parser.take()[1]!r}")
    return node
