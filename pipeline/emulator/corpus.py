"""Real study records for the emulator: loaded from a corpus directory, indexed, searched."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.emulator.essie import matches, tokenize
from pipeline.emulator.pieces import AREAS, PIECES

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


def nct_id(study: dict) -> str | None:
    """Return the study's NCT id, or None when the record lacks one."""
    return study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")


def version_holder(study: dict) -> str:
    """Return the record's data date (derivedSection.miscInfoModule.versionHolder), '' if absent."""
    return study.get("derivedSection", {}).get("miscInfoModule", {}).get("versionHolder") or ""


def load_corpus(source: str | Path | Iterable[dict]) -> list[dict]:
    """Return the distinct studies of a corpus dir or list, newest versionHolder kept, by nctId."""
    if isinstance(source, str | Path):
        root = Path(source)
        if not root.is_dir():
            raise FileNotFoundError(f"corpus directory not found: {root}")
        studies: Iterable[dict] = (s for _, batch in iter_corpus_files(root) for s in batch)
    else:
        studies = source
    kept: dict[str, dict] = {}
    for study in studies:
        key = nct_id(study)
        if not key:
            log.warning("skipping a study record without nctId")
            continue
        # Ties go to the later record (later file in path order), as a re-download would.
        if key not in kept or version_holder(study) >= version_holder(kept[key]):
            kept[key] = study
    return [kept[k] for k in sorted(kept)]


def _leaves(node: object, keys: Sequence[str], out: list) -> list:
    if isinstance(node, list):
        for item in node:
            _leaves(item, keys, out)
    elif not keys:
        if node is not None:
            out.append(node)
    elif isinstance(node, dict) and keys[0] in node:
        _leaves(node[keys[0]], keys[1:], out)
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


def _text(value: object) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


Chunk = tuple[frozenset[str], tuple[tuple[str, ...], ...]]


def _chunk(texts: Iterable[str]) -> Chunk:
    seqs = tuple(t for t in map(tokenize, texts) if t)
    return frozenset().union(*seqs), seqs


class StudyDoc:
    """One study with its piece values and stemmed tokens, computed lazily and kept.

    Work is memoised per module object in `shared` (one dict per corpus), so records that share
    modules, such as synthetic copies of one study, are tokenised once.
    """

    __slots__ = ("study", "nct_id", "_shared", "_values", "_tokens")

    def __init__(self, study: dict, shared: dict | None = None):
        self.study = study
        self.nct_id = nct_id(study) or ""
        self._shared = {} if shared is None else shared
        self._values: dict[str, list] = {}
        self._tokens: dict[str, tuple[Chunk, ...]] = {}

    def _memo(self, obj: object, key: str, compute: Callable[[], object]) -> Any:
        # The entry keeps obj alive, so its id cannot be reused while cached.
        entry = self._shared.get((id(obj), key))
        if entry is None or entry[0] is not obj:
            entry = self._shared[(id(obj), key)] = (obj, compute())
        return entry[1]

    def _module(self, piece: str) -> tuple[object, tuple[str, ...]]:
        keys = _PATHS[piece]
        if len(keys) > 2:
            section = self.study.get(keys[0])
            module = section.get(keys[1]) if isinstance(section, dict) else None
            if isinstance(module, dict):
                return module, keys[2:]
        return self.study, keys

    def values(self, piece: str) -> list:
        """Return the raw values of one piece (e.g. every Condition), in record order."""
        found = self._values.get(piece)
        if found is None:
            module, keys = self._module(piece)
            found = self._memo(module, piece, lambda: _leaves(module, keys, []))
            self._values[piece] = found
        return found

    def _piece_chunk(self, piece: str) -> Chunk:
        module, _ = self._module(piece)
        return self._memo(module, "tokens " + piece, lambda: _chunk(map(_text, self.values(piece))))

    def tokens(self, scope: str) -> tuple[Chunk, ...]:
        """Return the (token set, token sequence per value) chunks of a piece or search area."""
        found = self._tokens.get(scope)
        if found is None:
            if scope in PIECES:
                chunks = [self._piece_chunk(scope)]
            elif AREAS[scope] is None:
                chunks = [
                    self._memo(module, "*", lambda m=module: _chunk(_strings(m)))
                    for section in self.study.values()
                    for module in (section.values() if isinstance(section, dict) else [section])
                ]
            else:
                chunks = [self._piece_chunk(piece) for piece in AREAS[scope]]
            found = self._tokens[scope] = tuple(c for c in chunks if c[1])
        return found


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
            if not any(a in self.ids for a in aliases):
                return False
        if self.statuses is not None:
            status = doc.study.get("protocolSection", {}).get("statusModule", {})
            if status.get("overallStatus") not in self.statuses:
                return False
        return all(matches(node, doc, scope) for node, scope in self.conditions)


def _ordered(docs: list[StudyDoc], sort: tuple[tuple[str, bool], ...]) -> list[StudyDoc]:
    # Stable sorts from the last key to the first; studies missing a key always go last.
    for piece, descending in reversed(sort):
        present = [d for d in docs if d.values(piece)]
        missing = [d for d in docs if not d.values(piece)]
        present.sort(key=lambda d, p=piece: d.values(p)[0], reverse=descending)
        docs = present + missing
    return docs


class Corpus:
    """An in-memory, thread-safe study store with Essie search and deterministic order."""

    def __init__(self, studies: Iterable[dict]):
        self._lock = threading.Lock()
        self._shared: dict = {}
        self._docs = {d.nct_id: d for d in (StudyDoc(s, self._shared) for s in studies)}
        self._sorted: list[StudyDoc] | None = None
        self._results: dict[tuple, list[dict]] = {}
        self.generation = 0

    def __len__(self) -> int:
        return len(self._docs)

    def get(self, key: str) -> dict | None:
        """Return the study with this NCT id, or None."""
        doc = self._docs.get(key)
        return doc.study if doc else None

    def alias_target(self, key: str) -> str | None:
        """Return the NCT id of the study listing key as an NCTIdAlias, or None."""
        return next((d.nct_id for d in self._docs.values() if key in d.values("NCTIdAlias")), None)

    def put(self, study: dict) -> None:
        """Add or replace one study record."""
        # A private memo: the caller may have edited module dicts that loaded records share.
        doc = StudyDoc(study)
        if not doc.nct_id:
            raise ValueError("study record has no protocolSection.identificationModule.nctId")
        with self._lock:
            self._docs[doc.nct_id] = doc
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

    def search(self, query: Query) -> list[dict]:
        """Return the studies matching a query, in its sort order (else by nctId)."""
        with self._lock:
            cached = self._results.get((query, self.generation))
            if cached is not None:
                return cached
            if self._sorted is None:
                self._sorted = sorted(self._docs.values(), key=lambda d: d.nct_id)
            docs, generation = self._sorted, self.generation
        found = [d.study for d in _ordered([d for d in docs if query.accepts(d)], query.sort)]
        with self._lock:
            if generation == self.generation:
                if len(self._results) >= _RESULT_CACHE_SIZE:
                    del self._results[next(iter(self._results))]
                self._results[(query, generation)] = found
        return found
