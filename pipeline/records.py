"""Study records on disk: read website exports, /studies pages and single records; write NDJSON."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


class RecordFileError(ValueError):
    """A file is not a ClinicalTrials.gov export, /studies page or study record."""


def nct_id(study: dict) -> str:
    """Return a study's NCT id, or raise RecordFileError when it has none."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        raise RecordFileError("record without protocolSection.identificationModule.nctId") from None
    if not isinstance(value, str) or not value:
        raise RecordFileError("record with an empty nctId")
    return value


def version_holder(study: dict) -> str:
    """Return the record's data date (derivedSection.miscInfoModule.versionHolder) or ''."""
    try:
        return str(study["derivedSection"]["miscInfoModule"]["versionHolder"])
    except (KeyError, TypeError, IndexError):
        return ""


def studies_in(body: object, source: str = "<data>") -> list[dict]:
    """Return the studies of a parsed body: an export array, a /studies page or one record."""
    if isinstance(body, list):
        studies = body
    elif isinstance(body, dict) and "studies" in body:
        studies = body["studies"]
    elif isinstance(body, dict) and "protocolSection" in body:
        studies = [body]
    else:
        raise RecordFileError(
            f"{source}: not a ctg-studies.json export, a /studies page or a study record"
        )
    if not isinstance(studies, list) or not all(isinstance(s, dict) for s in studies):
        raise RecordFileError(f"{source}: studies must be JSON objects")
    for study in studies:
        try:
            nct_id(study)
        except RecordFileError as exc:
            raise RecordFileError(f"{source}: {exc}") from None
    return studies


def read_study_file(path: Path) -> list[dict]:
    """Return the studies in one downloaded JSON file."""
    try:
        body = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise RecordFileError(f"{path}: not valid JSON ({exc})") from None
    except OSError as exc:
        raise RecordFileError(f"{path}: {exc.strerror}") from None
    return studies_in(body, str(path))


def latest_versions(studies: Iterable[dict]) -> dict[str, dict]:
    """Return one record per NCT id, keeping the latest data date (later input wins ties)."""
    chosen: dict[str, dict] = {}
    for study in studies:
        key = nct_id(study)
        if key not in chosen or version_holder(study) >= version_holder(chosen[key]):
            chosen[key] = study
    return chosen


def ndjson_line(study: object) -> str:
    """Return one record as a line of compact JSON.

    A lone surrogate (a JSON escape such as \\ud800 with no pair) is not Unicode: neither UTF-8
    nor DuckDB can hold it, so it becomes U+FFFD; every other character is kept as sent.
    """
    text = json.dumps(study, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text + "\n"


def write_ndjson(studies: Iterable[dict], path: Path) -> int:
    """Write studies one JSON object per line, atomically; return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    count = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for study in studies:
            fh.write(ndjson_line(study))
            count += 1
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return count


def iter_ndjson(path: Path) -> Iterator[dict]:
    """Yield the objects of an NDJSON file."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class ImportStaged:
    """What stage_import wrote: one NDJSON file of the records to land."""

    files: int
    records: int
    distinct: int
    without_id: int
    path: Path


def _usable_id(study: object) -> str | None:
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    return value if isinstance(value, str) and value else None


def stage_import(files: Sequence[Path], dest: Path) -> ImportStaged:
    """Write the records of downloaded files to one NDJSON file: one per usable NCT id (the latest
    data date wins, later input wins ties) plus every record without one, which landing
    quarantines. File-level problems raise RecordFileError naming the file."""
    chosen: dict[str, dict] = {}
    odd: list[object] = []
    for path in files:
        try:
            body = json.loads(path.read_bytes())
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise RecordFileError(f"{path}: not valid JSON ({exc})") from None
        except OSError as exc:
            raise RecordFileError(f"{path}: {exc.strerror}") from None
        if isinstance(body, list):
            studies = body
        elif isinstance(body, dict) and isinstance(body.get("studies"), list):
            studies = body["studies"]
        elif isinstance(body, dict) and "protocolSection" in body:
            studies = [body]
        else:
            raise RecordFileError(
                f"{path}: not a ctg-studies.json export, a /studies page or a study record"
            )
        for study in studies:
            key = _usable_id(study)
            if key is None:
                odd.append(study)
            elif key not in chosen or version_holder(study) >= version_holder(chosen[key]):
                chosen[key] = study
    write_ndjson([*chosen.values(), *odd], dest)
    return ImportStaged(len(files), len(chosen) + len(odd), len(chosen), len(odd), dest)
