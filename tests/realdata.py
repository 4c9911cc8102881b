"""The bundled real corpus for tests: one record per NCT id, and databases built from records."""

from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.config.topics import list_topics, load_topic
from pipeline.core.files import write_ndjson
from pipeline.fetch.records import latest_versions, read_study_file
from pipeline.jobs import run
from pipeline.publish.export import v2_path
from pipeline.warehouse import db, history, landing
from pipeline.warehouse.seeds import load_seeds

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEN_AT = datetime(2026, 1, 5, 12, 0)


@functools.cache
def corpus_records() -> dict[str, dict]:
    """Return one record per NCT id from every corpus folder (latest data date wins)."""
    files = sorted(
        path
        for folder in ("studies", "pages", "exports", "transcribed")
        for path in (CORPUS / folder).glob("*.json")
    )
    return latest_versions(study for path in files for study in read_study_file(path))


def build_db(records: list[dict], tmp: Path, name: str = "records") -> duckdb.DuckDBPyConnection:
    """Return an in-memory database with `records` landed and every table rebuilt."""
    path = tmp / f"{name}.ndjson"
    write_ndjson(records, path)
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    landing.save_raw(con, [path], "test", None, SEEN_AT)
    db.apply_macros(con)
    load_seeds(con, [load_topic(slug) for slug in list_topics()])
    db.rebuild(con)
    return con


def stopped_version(studies: list[dict], nct_id: str, day: str = "2026-11-25") -> dict:
    """Return a SYNTHETIC next version of the real record `nct_id` among `studies`, built in
    code: the trial stopped recruiting (COMPLETED) and its last-update date moved to `day`."""
    record = next(
        s for s in studies if s["protocolSection"]["identificationModule"]["nctId"] == nct_id
    )
    changed = copy.deepcopy(record)
    status = changed["protocolSection"]["statusModule"]
    status["overallStatus"] = "COMPLETED"
    status["lastUpdatePostDateStruct"] = {"date": day, "type": "ACTUAL"}
    return changed


def run_options(emu, tmp_path: Path, **kw) -> run.RefreshOptions:
    """Refresh options for a plain run against an emulator into tmp_path, with no waits."""
    base = run.RefreshOptions(
        db_path=tmp_path / "trials.duckdb",
        data_dir=tmp_path,
        base_url=emu.base_url,
        min_interval=0,
        backoff=0,
        max_attempts=3,
        build_dashboard=False,
        build_snapshot=False,
    )
    return base.replace(**kw)


def sql(path: Path, text: str, params=()) -> list[tuple]:
    """Run one query on a database file, read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(text, list(params)).fetchall()


# Two published runs with their fetch figures (the first fetched fewer records than the API
# counted), a skipped run between them and a failed one after: pipeline_runs rows as the run log
# records them, and raw_fetches rows as the published runs' fetches.
RUNS = [
    ("20261124T153000000000Z", "published", "full", 4, 280, 289),
    ("20261124T200000000000Z", "skipped", "skip", 1, None, None),
    ("20261125T153000000000Z", "published", "incremental", 3, 289, 289),
    ("20261125T200000000000Z", "failed", "incremental", 2, None, None),
]


def record_of(studies, nct_id) -> dict:
    return copy.deepcopy(
        next(s for s in studies if s["protocolSection"]["identificationModule"]["nctId"] == nct_id)
    )


def export_of(site_dir: Path, topic: str = "leg-cramps") -> dict:
    return json.loads(v2_path(site_dir, topic).read_text())


def set_id(record: dict, nct_id) -> dict:
    record["protocolSection"]["identificationModule"]["nctId"] = nct_id
    return record


def published_outputs(tmp_path: Path) -> dict[str, bytes]:
    """The bytes of every published output: database, exports, page, fragment."""
    paths = [tmp_path / "trials.duckdb", *sorted((tmp_path / "site").rglob("*.*"))]
    return {str(p): p.read_bytes() for p in paths}


def one_error_line(err: str) -> str:
    """The one `error:` line a failed command prints on stderr, with no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def cli(*args, **kwargs) -> subprocess.CompletedProcess:
    """Run `trials ARGS` (python -m trials) in a child process."""
    return subprocess.run([sys.executable, "-m", "trials", *args], text=True, timeout=300,
                          **kwargs)  # fmt: skip


def land_records(
    database: Path,
    studies,
    staging: Path,
    source: str,
    data_timestamp: str | None = None,
) -> landing.LandStats:
    """Land study records (latest data date per NCT id) into a database's raw tables, as a run's
    landing step does with its staged files."""
    write_ndjson(latest_versions(studies).values(), staging)
    with db.connect(database) as con:
        db.apply_raw_schema(con)
        return landing.save_raw(con, [staging], source, data_timestamp, history.now())
