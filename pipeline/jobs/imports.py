"""The import job: load downloaded JSON files into a database as one batch, list the batches,
take one back out; each a build that is published atomically (pipeline.warehouse.lifecycle)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.config.topics import list_topics, load_topic
from pipeline.jobs import steps
from pipeline.warehouse import db, landing
from pipeline.warehouse.history import Clock, now, run_id_at
from pipeline.warehouse.lifecycle import Lifecycle


@dataclass
class ImportResult:
    """What one import did."""

    batch_id: str
    published: str
    files: int
    records: int
    distinct: int
    landed: dict
    tables: dict[str, int]
    warnings: dict[str, int]
    quarantined: int

    def as_dict(self) -> dict:
        return asdict(self)


def new_batch_id(seen_at: datetime, files: Sequence[Path]) -> str:
    """Return import-<run id of seen_at>-<4 hex of the files' names and sizes>: the same inputs
    at the same moment give the same id (a second import waits for the first's lock)."""
    digest = hashlib.md5()
    for path in files:
        size = path.stat().st_size if path.is_file() else -1
        digest.update(f"{path}\0{size}\0".encode("utf-8", "surrogateescape"))
    return "import-" + run_id_at(seen_at) + "-" + digest.hexdigest()[:4]


def import_run(db_path: Path, files: Sequence[Path], clock: Clock = now) -> ImportResult:
    """Load downloaded JSON files into db_path (raw, tables, checks) and publish it atomically.

    Each import is a batch (`raw_imports`); `remove_import` takes one back out.
    """
    from pipeline.fetch.records import stage_import

    published = Path(db_path)
    seen_at = clock()
    batch_id = new_batch_id(seen_at, [Path(f) for f in files])
    with Lifecycle(published) as life:
        staging = life.staging(batch_id)
        staged = stage_import([Path(f) for f in files], staging / "import.ndjson")
        build = life.new_build()
        with db.connect(build) as con:
            con.begin()
            deep = [asdict(d) for d in staged.deep]
            source = "import:" + batch_id
            landed = landing.save_raw(con, [staged.path], source, None, seen_at, deep=deep)
            landing.save_import(con, batch_id, seen_at, [str(f) for f in files], staged.records)
            con.commit()
        topics = [load_topic(s) for s in list_topics()]
        counts = steps.rebuild_tables(build, topics, clock=clock)
        checks = steps.run_checks(build)
        life.publish()
    return ImportResult(
        batch_id=batch_id,
        published=str(published),
        files=len(files),
        records=staged.records,
        distinct=landed.received,
        landed=asdict(landed),
        tables=counts,
        warnings={c.name: len(c.rows) for c in checks if not c.passed},
        quarantined=counts.get("quarantine", 0),
    )


def list_imports(db_path: Path) -> list[dict]:
    """Return the import batches of a published database, newest first."""
    with db.connect(db_path, read_only=True) as con:
        cur = con.execute(db.statement("list_import_batches"))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def remove_import(db_path: Path, batch_id: str) -> dict[str, int]:
    """Delete the study versions an import batch loaded, rebuild and publish; return counts."""
    published = Path(db_path)
    with Lifecycle(published) as life:
        build = life.new_build()
        with db.connect(build) as con:
            con.begin()
            removed = landing.remove_import(con, batch_id)
            con.commit()
        counts = steps.rebuild_tables(build, [load_topic(s) for s in list_topics()])
        steps.run_checks(build)
        life.publish()
    return {"versions_removed": removed, "studies": counts.get("study_overview", 0)}
