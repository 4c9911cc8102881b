"""Study records on disk: read website exports, /studies pages and single records.

Two readers: `read_study_file` parses one file in memory (tests, the corpus loader), and
`stage_import` streams any number of files into one NDJSON file with one record per NCT id, so an
import of a registry-sized export holds one record at a time, not the file. Both read JSON at any
depth: a record nested past pipeline.fetch.staging.MAX_DEPTH is staged like any other and named as
too deep, for the landing to quarantine.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

import ijson
from ijson.backends import python as ijson_python

from pipeline.core import jsontext
from pipeline.core.files import ndjson_line
from pipeline.fetch.staging import MAX_DEPTH, DeepRecord, write_staged

CHUNK = 1 << 20
# A JSON escape of a UTF-16 surrogate (\uD800-\uDFFF). Paired ones encode characters beyond
# the BMP; a lone one is not Unicode. The fast (C) parser turns a lone one into '?' silently, so
# a file that has any is parsed by ijson's pure-Python backend, which keeps it, and refused.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# The C parser also refuses integers beyond 64 bits ("integer overflow"), which are valid JSON
# (an enrollment of 10**20): a file with a run of 19+ digits is parsed by the Python backend too.
_LONG_DIGITS = re.compile(rb"[0-9]{19,}")
_BOM = codecs.BOM_UTF8
# ijson's `items` costs the square of the depth (a prefix string per level): a file whose brackets
# pass MAX_DEPTH is read with jsontext.from_events instead, one step per parse event.
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_SHAPES = "not a ctg-studies.json export, a /studies page or a study record"


class RecordFileError(ValueError):
    """A file is not a ClinicalTrials.gov export, /studies page or study record."""


def nct_id(study: dict) -> str:
    """Return a study's NCT id, or raise RecordFileError when it has none."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        raise RecordFileError("record without protocolSection.identificationModule.nctId") from None
    if not isinstance(value, str):
        raise RecordFileError(f"record whose nctId is not a string: {value!r}"[:200])
    if not value:
        raise RecordFileError("record with an empty nctId")
    return value


def usable_nct_id(study: object) -> str | None:
    """Return the record's nctId when it is a non-empty string, else None (never raises)."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    return value if isinstance(value, str) and value else None


def version_holder(study: dict) -> str:
    """Return the record's data date (derivedSection.miscInfoModule.versionHolder) or ''."""
    derived = study.get("derivedSection") if isinstance(study, dict) else None
    misc = derived.get("miscInfoModule") if isinstance(derived, dict) else None
    value = misc.get("versionHolder", "") if isinstance(misc, dict) else ""
    return value if isinstance(value, str) else str(value)


def studies_in(body: object, source: str = "<data>") -> list[dict]:
    """Return the studies of a parsed body: an export array, a /studies page or one record."""
    if isinstance(body, list):
        studies = body
    elif isinstance(body, dict) and "studies" in body:
        studies = body["studies"]
    elif isinstance(body, dict) and "protocolSection" in body:
        studies = [body]
    else:
        raise RecordFileError(f"{source}: {_SHAPES}")
    if not isinstance(studies, list) or not all(isinstance(s, dict) for s in studies):
        raise RecordFileError(f"{source}: studies must be JSON objects")
    for study in studies:
        try:
            nct_id(study)
        except RecordFileError as exc:
            raise RecordFileError(f"{source}: {exc}") from None
    return studies


@dataclass(frozen=True)
class _Reading:
    """How to read one file: ijson's pure-Python backend (surrogate escapes, integers beyond 64
    bits), and without ijson's `items` (brackets nest past MAX_DEPTH)."""

    pure_python: bool
    deep: bool


def _check_text(path: Path, chunks: Iterable[bytes]) -> _Reading:
    """Refuse an empty, binary or non-UTF-8 file naming it; return how to read it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, tail, surrogates, blank = 0, b"", False, True
    # Brackets counted without regard to strings: a bound that is cheap to keep.
    depth = deepest = 0
    for chunk in chunks:
        if b"\x00" in chunk:
            raise RecordFileError(
                f"{path}: binary data (NUL byte at offset {offset + chunk.index(0)}), not JSON"
            )
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise RecordFileError(
                f"{path}: not UTF-8 text (byte 0x{chunk[exc.start]:02x} at offset "
                f"{offset + exc.start}; JSON files must be UTF-8)"
            ) from None
        blank = blank and not chunk.strip()
        surrogates = (
            surrogates
            or bool(_SURROGATE_ESCAPE.search(tail + chunk))
            or bool(_LONG_DIGITS.search(tail + chunk))
        )
        tail = chunk[-20:]
        offset += len(chunk)
        brackets = chunk.translate(None, _NOT_BRACKETS)
        if brackets:
            deepest = max(deepest, max(accumulate(map(_STEP.__getitem__, brackets), initial=depth)))
            depth += len(brackets) - 2 * (brackets.count(b"]") + brackets.count(b"}"))
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise RecordFileError(f"{path}: not UTF-8 text (truncated character at the end)") from None
    if blank:
        raise RecordFileError(f"{path}: empty file, not JSON")
    return _Reading(surrogates, deepest > MAX_DEPTH)


def _check_unicode(path: Path, study: object) -> None:
    try:
        jsontext.dumps(study).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordFileError(
            f"{path}: a string holds a lone UTF-16 surrogate escape (\\uD800-\\uDFFF), not Unicode"
        ) from None


def read_study_file(path: Path) -> list[dict]:
    """Return the studies in one downloaded JSON file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordFileError(f"{path}: {exc.strerror}") from None
    reading = _check_text(path, [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)])
    try:
        body = jsontext.loads(data)
    except json.JSONDecodeError as exc:
        raise RecordFileError(f"{path}: not valid JSON ({exc})") from None
    if reading.pure_python:
        _check_unicode(path, body)
    return studies_in(body, str(path))


def latest_versions(studies: Iterable[dict]) -> dict[str, dict]:
    """Return one record per NCT id, keeping the latest data date (later input wins ties)."""
    chosen: dict[str, dict] = {}
    for study in studies:
        key = nct_id(study)
        if key not in chosen or version_holder(study) >= version_holder(chosen[key]):
            chosen[key] = study
    return chosen


@dataclass(frozen=True)
class ImportStaged:
    """What `stage_import` wrote: one NDJSON file of the records to land.

    files: the input files, in order; records: records read from them; distinct: records
    written with a usable nctId (one per id); without_id: records written as they are because
    they have no usable nctId (missing, empty or not a string); path: the NDJSON file; deep: the
    records written that nest past MAX_DEPTH; collisions: an id once per extra different record
    written with it (one file held several with the same data date).
    """

    files: tuple[Path, ...]
    records: int
    distinct: int
    without_id: int
    path: Path
    deep: list[DeepRecord] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)


def _open(path: Path) -> BinaryIO:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise RecordFileError(f"{path}: {exc.strerror}") from None
    if fh.read(len(_BOM)) != _BOM:
        fh.seek(0)
    return fh


def _chunks(path: Path) -> Iterator[bytes]:
    with _open(path) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _parse_error(path: Path, exc: Exception) -> RecordFileError:
    first = " ".join(str(exc).split())[:160]
    return RecordFileError(f"{path}: not valid JSON ({first})")


def _values(fh: BinaryIO, reading: _Reading, prefix: str) -> Iterator[object]:
    """Yield the items of a top-level array (prefix 'item') or the one top-level value ('')."""
    backend = ijson_python if reading.pure_python else ijson
    if reading.deep:
        # Without recursion and in one step per event, however deep (jsontext.from_events).
        yield from jsontext.from_events(backend.basic_parse(fh, use_float=True))
    else:
        yield from backend.items(fh, prefix, use_float=True)


def _stream_records(path: Path, reading: _Reading) -> Iterator[object]:
    """Yield the records of one file: items of an export array, of a page's `studies`, or the
    one record. A page (at most 1,000 studies) and a single record are held whole."""
    backend = ijson_python if reading.pure_python else ijson
    try:
        with _open(path) as fh:
            first = next(iter(backend.basic_parse(fh)), (None, None))[0]
        if first == "start_array":
            with _open(path) as fh:
                yield from _values(fh, reading, "item")
            return
        if first != "start_map":
            raise RecordFileError(f"{path}: {_SHAPES}")
        with _open(path) as fh:
            body: Any = next(iter(_values(fh, reading, "")))  # an object: its first event said so
    except RecordFileError:
        raise
    except (ijson.JSONError, ValueError) as exc:
        raise _parse_error(path, exc) from None
    if "studies" in body:
        if not isinstance(body["studies"], list):
            raise RecordFileError(f"{path}: the page's studies is not a list")
        yield from body["studies"]
    elif "protocolSection" in body:
        yield body
    else:
        raise RecordFileError(f"{path}: {_SHAPES}")


def _records(path: Path, reading: _Reading) -> Iterator[object]:
    """Yield the records of one file, turning parse failures into RecordFileError.

    A record that is not a JSON object is upstream data, not a broken file: it is passed on
    and the landing quarantines it.
    """
    try:
        yield from _stream_records(path, reading)
    except RecordFileError:
        raise
    except (ijson.JSONError, ValueError) as exc:
        raise _parse_error(path, exc) from None


def stage_import(files: Sequence[Path], dest: Path) -> ImportStaged:
    """Stream downloaded JSON files into one NDJSON file `dest`; return what was written.

    Each file is a ctg-studies.json export, a /studies page or one study record. A first pass
    keeps only id -> (data date, file, positions) and picks the records of each nctId: the
    latest derivedSection.miscInfoModule.versionHolder, and of those the ones of the last file
    that has it (a later download wins). Different records with one id and data date in one file
    are a collision, as in an API answer: each is written once (the landing quarantines the id,
    duplicate_nct_id) and named in `collisions`. A second pass writes the picked records, plus
    every record without a usable string nctId as it is (the landing quarantines those). A file
    that cannot be read as such raises RecordFileError naming it, before `dest` is touched;
    `dest` is replaced atomically.
    """
    files = tuple(Path(f) for f in files)
    readings = {path: _check_text(path, _chunks(path)) for path in files}
    chosen: dict[str, tuple[str, int, list[int]]] = {}
    position = records = without_id = 0
    for index, path in enumerate(files):
        for study in _records(path, readings[path]):
            if readings[path].pure_python:
                _check_unicode(path, study)
            key = usable_nct_id(study)
            if key is None:
                without_id += 1
            else:
                version = version_holder(study)  # type: ignore[arg-type]  # a dict: it has an id
                held = chosen.get(key)
                if held is None or (version, index) > held[:2]:
                    chosen[key] = (version, index, [position])
                elif (version, index) == held[:2]:
                    held[2].append(position)
            position += 1
        records = position
    keep = {pos for _, _, positions in chosen.values() for pos in positions}
    collisions: list[str] = []

    def picked() -> Iterator[tuple[object, str]]:
        position = 0
        written: dict[str, set[int]] = {}  # per id picked more than once: its lines' hashes
        for path in files:
            for study in _records(path, readings[path]):
                key = usable_nct_id(study)
                if key is None:
                    yield study, ndjson_line(study)
                elif position in keep:
                    line = ndjson_line(study)
                    if len(chosen[key][2]) == 1:
                        yield study, line
                    elif hash(line) not in (lines := written.setdefault(key, set())):
                        if lines:
                            collisions.append(key)
                        lines.add(hash(line))
                        yield study, line
                position += 1

    staged = write_staged(picked(), dest)
    return ImportStaged(files, records, len(chosen), without_id, dest, staged.deep, collisions)
