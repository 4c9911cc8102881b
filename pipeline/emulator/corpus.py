"""Real study records for the emulator: loaded from a corpus directory, indexed, searched."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.emulator.essie import exact_tokens, tokenize
from pipeline.emulator.matching import is_date, matches
from pipeline.emulator.pieces import (
    AREAS,
    COUNT_PIECES,
    NESTED,
    NESTED_PIECES,
    NUMERIC_PIECES,
    PIECES,
)

log = logging.getLogger(__name__)

_RESULT_CACHE_SIZE = 16
_PATHS = {piece: tuple(path.split(".")) for piece, path in PIECES.items()}


def _studies_in(data: object) -> list[dict]:
    if isinstance(data, list):
        return [s for s in data if isinstance(s, dict) and "protocolSection" in s]
    if isinstance(data, dict) and isinstance(data.get("studies"), list):
        return _studies_in(data["studies"])
    if isinstance(data, dict) and "protocolSection" in data:
        return [data]
    return []


def iter_corpus_files(root: Path) -> Iterator[tuple[Path, list[dict]]]:
    """Yield (file, studies) for every *.json under root holding study records, in path order."""
    for path in sorted(root.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("skipping unreadable corpus file %s: %s", path, exc)
            continue
        studies = _studies_in(data)
        if studies:
            yield path, studies


def _get(node: object, *keys: str) -> object:
    # Walks objects by key; anything else on the way (a list, a string, null) gives None.
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def nct_id(study: object) -> str | None:
    """Return the record's nctId if it is a non-empty string, else None (any JSON value works)."""
    found = _get(study, "protocolSection", "identificationModule", "nctId")
    return found if isinstance(found, str) and found else None


def version_holder(study: object) -> str:
    """Return derivedSection.miscInfoModule.versionHolder (the data date), '' if unusable."""
    found = _get(study, "derivedSection", "miscInfoModule", "versionHolder")
    return found if isinstance(found, str) else ""


def load_corpus(source: str | Path | Iterable[object]) -> list:
    """Return the distinct studies of a corpus dir or list, newest versionHolder kept, by nctId.

    A record without a string nctId (any JSON value, from a list) is kept as it is, after the
    others in its original order: the emulator serves what it is given.
    """
    if isinstance(source, str | Path):
        root = Path(source)
        if not root.is_dir():
            raise FileNotFoundError(f"corpus directory not found: {root}")
        studies: Iterable[object] = (s for _, batch in iter_corpus_files(root) for s in batch)
    else:
        studies = source
    kept: dict[str, object] = {}
    anonymous = []
    for study in studies:
        key = nct_id(indexed(study))
        if key is None:
            anonymous.append(study)
        # Ties go to the later record (later file in path order), as a re-download would.
        elif key not in kept or version_holder(indexed(study)) >= version_holder(
            indexed(kept[key])
        ):
            kept[key] = study
    return [kept[k] for k in sorted(kept)] + anonymous


def _leaves(node: object, keys: Sequence[str], out: list) -> list:
    # Lists are walked at any depth, in record order, without recursion: a hostile record may
    # nest lists thousands of levels deep.
    stack = [(node, tuple(keys))]
    while stack:
        node, keys = stack.pop()
        if isinstance(node, list):
            stack.extend((item, keys) for item in reversed(node))
        elif not keys:
            if node is not None:
                out.append(node)
        elif isinstance(node, dict) and keys[0] in node:
            stack.append((node[keys[0]], keys[1:]))
    return out


def _strings(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _texts(values: Iterable[object]) -> Iterator[str]:
    # Scalars only: an object where a string belongs is unusable and matches nothing.
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, bool):
            yield json.dumps(value)
        elif isinstance(value, int | float):
            yield str(value)


def _sort_value(values: list, numeric: bool) -> object:
    # The first usable value: a number for numeric pieces, a YYYY[-MM[-DD]] string for dates.
    for value in values:
        if numeric and isinstance(value, int | float) and not isinstance(value, bool):
            if value == value:  # not NaN
                return value
        elif not numeric and is_date(value):
            return value
    return None


Chunk = tuple[frozenset[str], tuple[tuple[str, ...], ...]]


def _chunk(texts: Iterable[str], exact: bool = False) -> Chunk:
    seqs = tuple(t for t in map(exact_tokens if exact else tokenize, texts) if t)
    return frozenset().union(*seqs), seqs


@dataclass(frozen=True)
class RawStudy:
    """A record served as the JSON text given, byte for byte (a key twice, any nesting, any
    spacing), and indexed, searched and sorted as `study`, the record as the server holds it."""

    text: str
    study: object


def indexed(study: object) -> object:
    """Return the record a served study is searched as (a RawStudy's `study`)."""
    return study.study if isinstance(study, RawStudy) else study


class PartDoc:
    """One element of a nested document list (one location), searched on its own: SEARCH[...]."""

    __slots__ = ("element", "document", "_cache")

    def __init__(self, element: dict, document: str):
        self.element = element
        self.document = document
        self._cache: dict[tuple, object] = {}

    def values(self, piece: str) -> list:
        """Return the raw values of one piece of this element (none for other pieces)."""
        keys = NESTED_PIECES[self.document].get(piece)
        return [] if keys is None else _leaves(self.element, keys, [])

    def tokens(self, scope: str, exact: bool = False) -> tuple[Chunk, ...]:
        """Return the token chunks of a piece, an area of this element's pieces, or every string."""
        found = self._cache.get((scope, exact))
        if found is None:
            if scope in PIECES:
                chunks = [_chunk(_texts(self.values(scope)), exact)]
            elif AREAS.get(scope) is None:
                chunks = [_chunk(_strings(self.element), exact)]
            else:
                chunks = [_chunk(_texts(self.values(p)), exact) for p in AREAS[scope]]
            found = self._cache[(scope, exact)] = tuple(c for c in chunks if c[1])
        return found  # type: ignore[return-value]

    def parts(self, document: str) -> list:
        """Nested documents do not nest further here."""
        return []


class StudyDoc:
    """One study with its piece values and stemmed tokens, computed lazily and kept.

    Work is memoised per module object in `shared` (one dict per corpus), so records that share
    modules, such as synthetic copies of one study, are tokenised once. `study` is what is
    served; a RawStudy is searched as its `study`.
    """

    __slots__ = ("study", "record", "nct_id", "_shared", "_values", "_tokens")

    def __init__(self, study: object, shared: dict | None = None):
        self.study = study
        self.record = indexed(study)
        self.nct_id = nct_id(self.record) or ""
        self._shared = {} if shared is None else shared
        self._values: dict[str, list] = {}
        self._tokens: dict[tuple[str, bool], tuple[Chunk, ...]] = {}

    def _memo(self, obj: object, key: str, compute: Callable[[], object]) -> Any:
        # The entry keeps obj alive, so its id cannot be reused while cached.
        entry = self._shared.get((id(obj), key))
        if entry is None or entry[0] is not obj:
            entry = self._shared[(id(obj), key)] = (obj, compute())
        return entry[1]

    def _module(self, piece: str) -> tuple[object, tuple[str, ...], str]:
        # (object to walk, keys left, memo prefix): the module when it is an object, else the
        # whole record (a module given as a list is walked element by element).
        keys = _PATHS[piece]
        if len(keys) > 2:
            module = _get(self.record, keys[0], keys[1])
            if isinstance(module, dict):
                return module, keys[2:], ""
        return self.record, keys, "record "

    def values(self, piece: str) -> list:
        """Return the raw values of one piece (e.g. every Condition), in record order."""
        found = self._values.get(piece)
        if found is None:
            module, keys, prefix = self._module(piece)
            found = self._memo(module, prefix + piece, lambda: _leaves(module, keys, []))
            if piece in COUNT_PIECES:
                # An indexed count (NumArmGroups): how many items the list holds, 0 for none.
                found = [len(found)]
            self._values[piece] = found
        return found

    def sort_value(self, piece: str) -> object:
        """Return the value a sort by this piece uses, or None when the record has none usable."""
        return _sort_value(self.values(piece), piece in NUMERIC_PIECES)

    def _piece_chunk(self, piece: str, exact: bool) -> Chunk:
        module, _, prefix = self._module(piece)
        key = prefix + ("exact " if exact else "tokens ") + piece
        return self._memo(module, key, lambda: _chunk(_texts(self.values(piece)), exact))

    def tokens(self, scope: str, exact: bool = False) -> tuple[Chunk, ...]:
        """Return the (token set, token sequence per value) chunks of a piece or search area.

        exact: the tokens as written (EXPANSION[None]) instead of the stems."""
        found = self._tokens.get((scope, exact))
        if found is None:
            if scope in PIECES:
                chunks = [self._piece_chunk(scope, exact)]
            elif AREAS[scope] is None:
                study = self.record
                sections = study.values() if isinstance(study, dict) else [study]
                key = "* exact" if exact else "*"
                chunks = [
                    self._memo(module, key, lambda m=module: _chunk(_strings(m), exact))
                    for section in sections
                    for module in (section.values() if isinstance(section, dict) else [section])
                ]
            else:
                chunks = [self._piece_chunk(piece, exact) for piece in AREAS[scope]]
            found = self._tokens[(scope, exact)] = tuple(c for c in chunks if c[1])
        return found

    def parts(self, document: str) -> list[PartDoc]:
        """Return one document per element of a nested list (SEARCH[Location]: each location)."""
        keys = NESTED[document]
        module, rest = _get(self.record, *keys[:2]), keys[2:]
        if not isinstance(module, dict):
            module, rest = self.record, keys
        return self._memo(
            module,
            "parts " + document,
            lambda: [
                PartDoc(e, document) for e in _leaves(module, rest, []) if isinstance(e, dict)
            ],
        )


@dataclass(frozen=True)
class Query:
    """A parsed /studies search: Essie conditions with their scopes, filters, and sort keys."""

    conditions: tuple[tuple[object, str], ...] = ()
    statuses: frozenset[str] | None = None
    ids: frozenset[str] | None = None
    sort: tuple[tuple[str, bool], ...] = ()

    def accepts(self, doc: StudyDoc) -> bool:
        """Return whether a study passes every filter and query of this search."""
        if self.ids is not None and doc.nct_id not in self.ids:
            aliases = doc.values("NCTIdAlias")
            if not any(isinstance(a, str) and a in self.ids for a in aliases):
                return False
        if self.statuses is not None:
            statuses = doc.values("OverallStatus")
            if not any(isinstance(s, str) and s in self.statuses for s in statuses):
                return False
        return all(matches(node, doc, scope) for node, scope in self.conditions)


def _ordered(docs: list[StudyDoc], sort: tuple[tuple[str, bool], ...]) -> list[StudyDoc]:
    # Stable sorts from the last key to the first; studies missing a key always go last, and so
    # do studies whose value is unusable (not a date, not a number).
    for piece, descending in reversed(sort):
        present = [d for d in docs if d.sort_value(piece) is not None]
        missing = [d for d in docs if d.sort_value(piece) is None]
        present.sort(key=lambda d, p=piece: d.sort_value(p), reverse=descending)
        docs = present + missing
    return docs


class Corpus:
    """An in-memory, thread-safe study store with Essie search and deterministic order.

    Records with a string nctId are kept by id (put replaces, remove removes); any other record
    (an integer or missing id, a record that is not an object) is kept apart, in the order
    given, is found by searches like any other and comes after the others in the default order.
    """

    def __init__(self, studies: Iterable[object]):
        self._lock = threading.Lock()
        self._shared: dict = {}
        self._docs: dict[str, StudyDoc] = {}
        self._anonymous: list[StudyDoc] = []
        for doc in (StudyDoc(s, self._shared) for s in studies):
            self._add(doc)
        self._sorted: list[StudyDoc] | None = None
        self._results: dict[tuple, list] = {}
        self.generation = 0

    def _add(self, doc: StudyDoc) -> None:
        if doc.nct_id:
            self._docs[doc.nct_id] = doc
        else:
            self._anonymous.append(doc)

    def __len__(self) -> int:
        return len(self._docs) + len(self._anonymous)

    def get(self, key: str) -> object | None:
        """Return the study with this NCT id, or None."""
        doc = self._docs.get(key)
        return doc.study if doc else None

    def alias_target(self, key: str) -> str | None:
        """Return the NCT id of the study listing key as an NCTIdAlias, or None."""
        return next((d.nct_id for d in self._docs.values() if key in d.values("NCTIdAlias")), None)

    def put(self, study: object) -> None:
        """Add or replace one study record (added alongside when it has no string nctId)."""
        # A private memo: the caller may have edited module dicts that loaded records share.
        doc = StudyDoc(study)
        with self._lock:
            self._add(doc)
            self._changed()

    def remove(self, key: str) -> bool:
        """Remove a study; return whether it was there."""
        with self._lock:
            found = self._docs.pop(key, None) is not None
            self._changed()
        return found

    def _changed(self) -> None:
        self._sorted = None
        self._results.clear()
        self.generation += 1

    def search(self, query: Query) -> list:
        """Return the studies matching a query, in its sort order (else by nctId)."""
        with self._lock:
            cached = self._results.get((query, self.generation))
            if cached is not None:
                return cached
            if self._sorted is None:
                by_id = sorted(self._docs.values(), key=lambda d: d.nct_id)
                self._sorted = by_id + self._anonymous
            docs, generation = self._sorted, self.generation
        found = [d.study for d in _ordered([d for d in docs if query.accepts(d)], query.sort)]
        with self._lock:
            if generation == self.generation:
                if len(self._results) >= _RESULT_CACHE_SIZE:
                    del self._results[next(iter(self._results))]
                self._results[(query, generation)] = found
        return found
