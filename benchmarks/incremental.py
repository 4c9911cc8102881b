"""Incremental-run benchmark: `python -m benchmarks.incremental --size 10000`.

On SYNTHETIC COPIES OF REAL RECORDS (benchmarks/synthetic.py): a base database of N studies (all
returned by the registry topic's query, every 40th also by leg-cramps'), then one run with 3,000
changed studies (a new overall status and last-update date, SYNTHETIC), 300 new ones and 50
removed (marked in raw_removals as a full resync would), timed step by step as a refresh does it:
new_build (a copy-on-write clone of the published file where the filesystem has them, else a
copy), land, rebuild (incremental), checks, publish. The run's extra disk is the peak of the
filesystem's used blocks above their start (DiskPeak) plus the changed studies' NDJSON a refresh
would stage, so give --work-dir a filesystem of its own (a loop-mounted XFS image with
allocsize=64k, docs/scaling.md) for a figure no other writer disturbs.
Then the incremental result is compared with a full rebuild of it, table by table, and a second
ranked topic (leg-cramps' settings under another slug, SYNTHETIC, its own 2%) is timed on the
database after the run. "Run as before issue 13" (copy, land, full rebuild, checks, publish) is
summed from the same run's phases. No copy of the base is kept and the base NDJSON is deleted once
landed, so 580,000 studies need ~15 GB free.

Each phase runs in its own process so its peak RSS (VmHWM) is its own. Figures go to stdout and
to data/bench/incremental.json (untracked); committed reference figures are dated files in
benchmarks/reference/.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import random
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import equality
from benchmarks.bench import git_commit, machine, run_in_child
from benchmarks.phases import SEEN_AT, peak_rss_mb, topic_tables
from benchmarks.synthetic import iter_synthetic

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "data" / "bench" / "incremental.json"
CHANGED, NEW, REMOVED = 3000, 300, 50
TOPIC_EVERY = 40
DATA_TS = "2026-11-24T09:00:05"


def _topics(second: bool = False):
    from pipeline.config.topics import load_topic

    topics = [load_topic("leg-cramps")]
    if second:
        # SYNTHETIC: leg-cramps' settings under another slug, with its own studies.
        topics.append(dataclasses.replace(topics[0], slug="bench-second", article=None))
    return topics


def write_corpora(size: int, work: Path) -> dict[str, str]:
    """Write the base corpus, its topic subsets and the run's changes as NDJSON files."""
    from pipeline.core.files import write_ndjson

    rng = random.Random(size)
    changed = set(rng.sample(range(size), CHANGED))
    removed = sorted(rng.sample(sorted(set(range(size)) - changed), REMOVED))
    paths = {k: str(work / f"{k}-{size}.ndjson") for k in ("base", "topic", "second", "changes")}
    write_ndjson(iter_synthetic(size), Path(paths["base"]))
    write_ndjson(
        (s for n, s in enumerate(iter_synthetic(size)) if n % TOPIC_EVERY == 0),
        Path(paths["topic"]),
    )
    write_ndjson(
        (s for n, s in enumerate(iter_synthetic(size)) if n % TOPIC_EVERY == 1),
        Path(paths["second"]),
    )

    def changes():
        for n, study in enumerate(iter_synthetic(size + NEW)):
            if n in changed:
                status = dict(study["protocolSection"]["statusModule"])
                status["overallStatus"] = "COMPLETED"  # SYNTHETIC change
                status["lastUpdatePostDateStruct"] = {"date": "2026-11-24", "type": "ACTUAL"}
                protocol = {**study["protocolSection"], "statusModule": status}
                yield {**study, "protocolSection": protocol}
            elif n >= size:
                yield study

    write_ndjson(changes(), Path(paths["changes"]))
    paths["removed"] = json.dumps([f"NCT9{n:07d}" for n in removed])
    return paths


def _land(database: Path, files: dict[str, str], seen_at: datetime, removed: list[str]) -> None:
    from pipeline.warehouse import db, landing

    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        con.begin()
        hits = [landing.QueryHits("registry", "all", files["all"])]
        hits += [
            landing.QueryHits(t, "main", files[t])
            for t in ("leg-cramps", "bench-second")
            if t in files
        ]
        landing.save_raw(con, sorted({h.path for h in hits}), "api", DATA_TS, seen_at, hits)
        for nct_id in removed:
            con.execute(
                "insert into raw_removals values ('registry', ?, ?, 'bench', ?, null)",
                [nct_id, seen_at, DATA_TS],
            )
        con.commit()
    finally:
        con.close()


def _used_bytes(path: Path) -> int:
    """Bytes in use on the filesystem holding `path` (all its files, not one file's size)."""
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def _filesystem(path: Path) -> str:
    """The type of the filesystem holding `path`, from /proc/mounts (longest mount prefix)."""
    best, kind = "", "unknown"
    with open("/proc/mounts", encoding="utf-8") as fh:
        for line in fh:
            _, mount, fstype, *_ = line.split()
            if str(path.resolve()).startswith(mount) and len(mount) > len(best):
                best, kind = mount, fstype
    return kind


class DiskPeak:
    """Sample the filesystem's used bytes every 10 ms; `extra` is the peak above the start.

    Counts every block the run allocates (build file, its write-ahead log, the side database,
    spill files) and nothing a copy-on-write clone shares, which a file's size cannot tell.
    Other writers on the same filesystem count too: measure on a filesystem of its own.
    """

    def __init__(self, path: Path):
        self.path = path
        self.start = self.peak = _used_bytes(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _used_bytes(self.path))

    def __enter__(self) -> DiskPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _used_bytes(self.path))

    @property
    def extra(self) -> int:
        return self.peak - self.start


def phase_base(args: dict) -> dict:
    """Full load: land the base corpus and rebuild every table (one ranked topic)."""
    from pipeline.jobs import steps

    database = Path(args["database"])
    database.unlink(missing_ok=True)
    start = time.perf_counter()
    _land(database, {"all": args["base"], "leg-cramps": args["topic"]}, SEEN_AT, [])
    land = time.perf_counter() - start
    timings: dict[str, float] = {}
    steps.rebuild_tables(database, _topics(), timings)
    total = time.perf_counter() - start
    return {
        "land_seconds": land,
        "rebuild_seconds": total - land,
        "topic_seconds": sum(timings.get(n, 0.0) for n in topic_tables()),
        "seconds": total,
        "db_mb": database.stat().st_size / 2**20,
    }


def phase_run(args: dict) -> dict:
    """One incremental run on a copy of the base: new_build, land, rebuild, checks, publish."""
    from pipeline.jobs import steps
    from pipeline.warehouse import builds

    published = Path(args["database"])
    size_before = published.stat().st_size
    out: dict = {}
    with DiskPeak(published.parent) as disk:
        start = time.perf_counter()
        build = builds.new_build(published)
        out["new_build_seconds"] = time.perf_counter() - start
        t = time.perf_counter()
        _land(
            build,
            {"all": args["changes"]},
            SEEN_AT + timedelta(days=1),
            json.loads(args["removed"]),
        )
        out["land_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        timings: dict[str, float] = {}
        modes = _Collect(logging.INFO)
        logging.getLogger("pipeline.jobs.steps").addHandler(modes)
        logging.getLogger("pipeline.jobs.steps").setLevel(logging.INFO)
        # What a refresh runs (its connection settings included), not a copy of its body.
        steps.rebuild_tables(build, _topics(), timings)
        out["mode"] = next(m.split(": ", 1)[1] for m in modes.messages if m.startswith("rebuilt "))
        out["rebuild_seconds"] = time.perf_counter() - t
        out["rebuild_timings"] = timings
        t = time.perf_counter()
        steps.run_checks(build)
        out["checks_seconds"] = time.perf_counter() - t
        build_size = build.stat().st_size
        t = time.perf_counter()
        builds.publish(build, published)
        out["publish_seconds"] = time.perf_counter() - t
        out["seconds"] = time.perf_counter() - start
    out["seconds_without_copy"] = out["seconds"] - out["new_build_seconds"]
    out["published_mb_before"] = size_before / 2**20
    out["build_file_mb"] = build_size / 2**20
    # Peak filesystem blocks in use above the start: what a clone shares is not counted.
    out["filesystem"] = _filesystem(published.parent)
    # A refresh first fetches the changed studies into its staging folder beside the database;
    # here they were written before the run, so their blocks are added.
    staged = Path(args["changes"]).stat().st_blocks * 512
    out["staged_mb"] = staged / 2**20
    out["extra_disk_mb"] = (disk.extra + staged) / 2**20
    out["extra_disk_share"] = (disk.extra + staged) / size_before
    return out


def phase_compare(args: dict) -> dict:
    """Rebuild a copy of the incremental result in full and compare them table by table."""

    database = Path(args["database"])
    start = time.perf_counter()
    full = equality.full_copy(database, database.with_name("full-" + database.name), _topics())
    full_seconds = time.perf_counter() - start
    full_mb = full.stat().st_size / 2**20
    differences = equality.compare(database, full)
    full.unlink()
    return {
        "full_rebuild_seconds": full_seconds,
        "full_rebuild_db_mb": full_mb,
        "seconds": time.perf_counter() - start,
        "same": all(d.same for d in differences),
        "tables": {d.relation: [d.rows, d.only_first, d.only_second] for d in differences},
    }


def phase_second_topic(args: dict) -> dict:
    """Topic tables of a full rebuild with one ranked topic, then with a second one."""
    from pipeline.jobs import steps
    from pipeline.warehouse import db, landing

    database = Path(args["database"])
    con = db.connect(database)
    try:
        con.begin()
        hits = [landing.QueryHits("bench-second", "main", args["second"])]
        landing.save_raw(con, [args["second"]], "api", DATA_TS, SEEN_AT, hits)
        con.commit()
    finally:
        con.close()
    out = {}
    for label, second in (("one_topic", False), ("two_topics", True)):
        timings: dict[str, float] = {}
        steps.rebuild_tables(database, _topics(second), timings, full=True)
        out[label + "_topic_seconds"] = sum(timings.get(n, 0.0) for n in topic_tables())
    out["second_topic_adds_seconds"] = (
        out["two_topics_topic_seconds"] - out["one_topic_topic_seconds"]
    )
    out["seconds"] = out["two_topics_topic_seconds"]
    return out


PHASES = {
    "base": phase_base,
    "run": phase_run,
    "compare": phase_compare,
    "second_topic": phase_second_topic,
}


def run_phase(name: str, **args: object) -> dict:
    """Run one phase of this module in a fresh interpreter; return its figures."""
    return run_in_child(name, ["benchmarks.incremental", "--phase", name, json.dumps(args)])


def measure(size: int, work: Path) -> dict:
    database = work / f"incremental-{size}.duckdb"
    start = time.perf_counter()
    paths = write_corpora(size, work)
    row: dict = {"studies": size, "write_seconds": time.perf_counter() - start}
    try:
        row["full_load"] = run_phase("base", database=str(database), **paths)
        # The base corpus is landed: free its disk (~11 GB at 580,000) for the copies to come.
        Path(paths["base"]).unlink()
        row["run"] = run_phase("run", database=str(database), **paths)
        row["compare"] = run_phase("compare", database=str(database))
        # On the database after the run: no copy of the base is kept (18 GB at 580,000).
        row["second_topic"] = run_phase("second_topic", database=str(database), **paths)
    finally:
        for p in [database, *(Path(v) for k, v in paths.items() if k != "removed")]:
            p.unlink(missing_ok=True)
    row["before_issue_13"] = before_issue_13(row)
    return row


def before_issue_13(row: dict) -> dict:
    """The same run as every run did it before issue 13, from this run's own figures.

    A run then copied the published file, landed, rebuilt every table in full, checked and
    published: the copy, land, checks and publish of the run phase plus the compare phase's full
    rebuild of the very same database (whose peak RSS includes the comparison).
    """
    run, compare = row["run"], row["compare"]
    seconds = (
        run["new_build_seconds"]
        + run["land_seconds"]
        + compare["full_rebuild_seconds"]
        + run["checks_seconds"]
        + run["publish_seconds"]
    )
    return {
        "seconds": seconds,
        "peak_rss_mb": max(run["peak_rss_mb"], compare["peak_rss_mb"]),
    }


def table(rows: list[dict]) -> str:
    lines = []

    def add(label, fmt):
        lines.append((label, [fmt(r) for r in rows]))

    add("full load: land s", lambda r: f"{r['full_load']['land_seconds']:.1f}")
    add("full load: rebuild s", lambda r: f"{r['full_load']['rebuild_seconds']:.1f}")
    add("  of which topic tables s", lambda r: f"{r['full_load']['topic_seconds']:.1f}")
    add("full load: total s", lambda r: f"{r['full_load']['seconds']:.1f}")
    add("full load: peak RSS MiB", lambda r: f"{r['full_load']['peak_rss_mb']:,.0f}")
    add("database MiB", lambda r: f"{r['full_load']['db_mb']:,.0f}")
    add("run: new_build (clone or copy) s", lambda r: f"{r['run']['new_build_seconds']:.1f}")
    add("run: land s", lambda r: f"{r['run']['land_seconds']:.1f}")
    add("run: rebuild s", lambda r: f"{r['run']['rebuild_seconds']:.1f}")
    add("run: rebuild mode", lambda r: r["run"]["mode"][:11])
    add("run: checks s", lambda r: f"{r['run']['checks_seconds']:.1f}")
    add("run: publish (rename) s", lambda r: f"{r['run']['publish_seconds']:.2f}")
    add("run: total s", lambda r: f"{r['run']['seconds']:.1f}")
    add("run: total without the copy s", lambda r: f"{r['run']['seconds_without_copy']:.1f}")
    add("run: peak RSS MiB", lambda r: f"{r['run']['peak_rss_mb']:,.0f}")
    add(
        "memory fallbacks (all phases)",
        lambda r: str(
            sum(len(r[p].get("memory_fallbacks", [])) for p in ("full_load", "run", "compare"))
        ),
    )
    add("run: filesystem", lambda r: r["run"].get("filesystem", "?"))
    add("run: staged NDJSON MiB", lambda r: f"{r['run']['staged_mb']:,.0f}")
    add("run: extra disk MiB (peak + staged)", lambda r: f"{r['run']['extra_disk_mb']:,.0f}")
    add("run: extra disk % of published", lambda r: f"{r['run']['extra_disk_share']:.0%}")
    add("full rebuild of the same s", lambda r: f"{r['compare']['full_rebuild_seconds']:.1f}")
    add(
        "  its database MiB",
        lambda r: f"{r['compare'].get('full_rebuild_db_mb', float('nan')):,.0f}",
    )
    add(
        "run as before issue 13 s (copy, full)",
        lambda r: f"{r['before_issue_13']['seconds']:.1f}",
    )
    add(
        "  its peak RSS MiB (with the compare)",
        lambda r: f"{r['before_issue_13']['peak_rss_mb']:,.0f}",
    )
    add("incremental equals full", lambda r: str(r["compare"]["same"]))
    add("topic tables, 1 topic s", lambda r: f"{r['second_topic']['one_topic_topic_seconds']:.1f}")
    add(
        "topic tables, 2 topics s", lambda r: f"{r['second_topic']['two_topics_topic_seconds']:.1f}"
    )
    add(
        "second ranked topic adds s",
        lambda r: f"{r['second_topic']['second_topic_adds_seconds']:.1f}",
    )
    width = max(len(label) for label, _ in lines)
    header = f"{'studies':<{width}}  " + "  ".join(f"{r['studies']:>11,}" for r in rows)
    body = [f"{label:<{width}}  " + "  ".join(f"{v:>11}" for v in vals) for label, vals in lines]
    return "\n".join([header, "-" * len(header), *body])


class _Collect(logging.Handler):
    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("args", nargs="?")
    parser.add_argument("--size", type=int, nargs="+", default=[10_000])
    parser.add_argument("--work-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.phase:
        # Statements that ran out of memory under the writer limit and ran again under the
        # fallback limit (pipeline.warehouse.db.with_memory_fallback): the peak RSS is then not the
        # limit's.
        fallbacks = _Collect()
        logging.getLogger("pipeline.warehouse.db").addHandler(fallbacks)
        result = PHASES[args.phase](json.loads(args.args))
        result["memory_fallbacks"] = fallbacks.messages
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return 0
    args.work_dir.mkdir(parents=True, exist_ok=True)
    info = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
        "load_average": os.getloadavg(),
    }
    print(
        "Incremental-run benchmark on SYNTHETIC COPIES of the real records in corpus/.\n"
        f"{info['machine']['cpus']} CPUs, DuckDB {info['machine']['duckdb']}, "
        f"commit {info['git_commit'][:12]}, load average {info['load_average'][0]:.1f}",
        flush=True,
    )
    rows = []
    for size in args.size:
        print(f"... {size:,} studies", flush=True)
        rows.append(measure(size, args.work_dir))
    print()
    print(table(rows))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({**info, "sizes": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
