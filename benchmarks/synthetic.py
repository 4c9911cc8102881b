"""Registry-scale synthetic corpora: unique copies of the real corpus records, written as NDJSON.

Every synthetic study is a copy of one real record from `corpus/` (the ~289 distinct studies),
marked so it can never pass for a registry record: a fresh id NCT9xxxxxxx (registry ids issued so
far start NCT0), `orgStudyIdInfo.id` = `SYNTHETIC-BENCH-<n>`, no `nctIdAliases`; the source's
`derivedSection.miscInfoModule.versionHolder` is kept as the data date. Copies vary the overall
status (drawn from roughly the registry's mix) and shift every status-module date by a whole
number of years; sizes vary because the source record is drawn at random (864 B to 777 KB,
median 11 KB).

The same seed gives the same sequence, so the first n studies of any size are identical, and the
emulator can rebuild in its own process exactly the studies written to the NDJSON file. Copies
share every unchanged module dict with their source, so the emulator holds 580,000 of them in a
few GB; the file is written one study at a time.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.core.files import write_ndjson
from pipeline.emulator import load_corpus

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
SEED = 20261125
# Roughly the registry's mix of overall statuses (ClinicalTrials.gov, 2025), in percent.
STATUS_MIX = {
    "COMPLETED": 46,
    "UNKNOWN": 15,
    "RECRUITING": 11,
    "NOT_YET_RECRUITING": 3,
    "ACTIVE_NOT_RECRUITING": 5,
    "TERMINATED": 6,
    "WITHDRAWN": 3,
    "ENROLLING_BY_INVITATION": 1,
    "SUSPENDED": 1,
    "NO_LONGER_AVAILABLE": 1,
    "AVAILABLE": 1,
    "APPROVED_FOR_MARKETING": 1,
    "TEMPORARILY_NOT_AVAILABLE": 1,
    "WITHHELD": 1,
}
_YEAR = re.compile(r"^(\d{4})")


def synthetic_nct_id(n: int) -> str:
    """Return the synthetic NCT id of study n (NCT90000000 upwards)."""
    return f"NCT9{n:07d}"


def _shift_year(value: object, years: int) -> object:
    if not isinstance(value, str) or not _YEAR.match(value):
        return value
    year = int(value[:4]) + years
    # Keep 29 February valid: a shifted leap day becomes 28 February.
    shifted = f"{year:04d}{value[4:]}"
    return shifted.replace("-02-29", "-02-28") if year % 4 else shifted


def _status_module(status: dict, overall: str, years: int) -> dict:
    copy = dict(status)
    copy["overallStatus"] = overall
    for key, value in status.items():
        if key.endswith("DateStruct") and isinstance(value, dict):
            copy[key] = {**value, "date": _shift_year(value.get("date"), years)}
        elif key.endswith("Date"):
            copy[key] = _shift_year(value, years)
    return copy


def synthetic_study(source: dict, n: int, overall: str, years: int) -> dict:
    """Return a marked synthetic copy of a real study: new id, status and shifted dates."""
    protocol = dict(source.get("protocolSection", {}))
    ident = {
        k: v for k, v in protocol.get("identificationModule", {}).items() if k != "nctIdAliases"
    }
    ident["nctId"] = synthetic_nct_id(n)
    ident["orgStudyIdInfo"] = {**ident.get("orgStudyIdInfo", {}), "id": f"SYNTHETIC-BENCH-{n}"}
    protocol["identificationModule"] = ident
    protocol["statusModule"] = _status_module(protocol.get("statusModule", {}), overall, years)
    return {**source, "protocolSection": protocol}


def iter_synthetic(
    count: int, sources: list[dict] | None = None, seed: int = SEED
) -> Iterator[dict]:
    """Yield `count` synthetic studies in NCT id order, the same ones for the same seed."""
    sources = sources if sources is not None else load_corpus(CORPUS_DIR)
    rng = random.Random(seed)
    statuses, weights = list(STATUS_MIX), list(STATUS_MIX.values())
    for n in range(count):
        source = sources[rng.randrange(len(sources))]
        overall = rng.choices(statuses, weights)[0]
        yield synthetic_study(source, n, overall, rng.randint(-12, 2))


def write_corpus(count: int, path: Path) -> int:
    """Write `count` synthetic studies to one NDJSON file, streaming; return the bytes written."""
    write_ndjson(iter_synthetic(count), path)
    return path.stat().st_size
