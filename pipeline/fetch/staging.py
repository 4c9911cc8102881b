"""Records staged for landing: one NDJSON line per record, and the records nested too deeply.

Registry records nest about 10 levels. A record nested deeper than MAX_DEPTH is upstream data like
any other: it is staged (and landed) verbatim, and named here with its depth, so the landing
records it in raw_deep_records and the rebuild quarantines it (nested_too_deeply). The depth is
counted by brackets first (bytes.translate, no parse), and only a record that passes MAX_DEPTH by
that count is measured.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core import jsontext
from pipeline.core.files import atomic_file, ndjson_line

MAX_DEPTH = 512


@dataclass(frozen=True)
class DeepRecord:
    """A staged record nested deeper than MAX_DEPTH: the md5 of its line (raw_studies'
    content_hash) and how many levels it nests."""

    content_hash: str
    depth: int


@dataclass
class Staged:
    """What one staging file holds: `records` lines, of which `deep` nest too deeply."""

    path: Path
    records: int = 0
    deep: list[DeepRecord] = field(default_factory=list)


def deep_record(study: object, line: str) -> DeepRecord | None:
    """Return the DeepRecord of a staged line (newline included) nested past MAX_DEPTH, or None."""
    data = line.rstrip("\n").encode("utf-8")
    if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return None
    if jsontext.bracket_depth(data) <= MAX_DEPTH:
        return None
    depth = jsontext.depth(study)
    if depth <= MAX_DEPTH:
        return None
    return DeepRecord(hashlib.md5(data).hexdigest(), depth)


def write_staged(records: Iterable[tuple[object, str]], dest: Path) -> Staged:
    """Write (record, NDJSON line) pairs to `dest` atomically; return what it holds."""
    staged = Staged(Path(dest))
    with atomic_file(dest) as out:
        for study, line in records:
            out.write(line)
            staged.records += 1
            if (deep := deep_record(study, line)) is not None:
                staged.deep.append(deep)
    return staged


def stage_values(records: Iterable[object], dest: Path) -> Staged:
    """Write records to `dest` as NDJSON atomically (see write_staged)."""
    return write_staged(((r, ndjson_line(r)) for r in records), dest)
