"""One benchmark phase per process, so each peak RSS belongs to that phase alone.

`python -m benchmarks.phases PHASE ARGS_JSON` runs one phase and prints its figures as one JSON
line: seconds, peak_rss_mb (VmHWM of this process) and what the phase counted.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
import time
from datetime import datetime
from pathlib import Path

SEEN_AT = datetime(2026, 11, 25, 15, 30)


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MiB (VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def json_loads(ndjson: str) -> dict:
    """(a) stdlib json.loads of every line: the floor for any Python reader of these bytes."""
    start = time.perf_counter()
    count = 0
    with open(ndjson, "rb") as fh:
        for line in fh:
            json.loads(line)
            count += 1
    return {"seconds": time.perf_counter() - start, "studies": count}


def land(ndjson: str, database: str) -> dict:
    """(b), first half: land the NDJSON into a fresh database as a fetch would (raw + hits)."""
    from pipeline.warehouse import db, landing

    Path(database).unlink(missing_ok=True)
    start = time.perf_counter()
    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        con.begin()
        hits = [landing.QueryHits("registry", "all", ndjson)]
        stats = landing.save_raw(con, [ndjson], "api", "2026-11-24T09:00:05", SEEN_AT, hits)
        con.commit()
    finally:
        con.close()
    return {"seconds": time.perf_counter() - start, "studies": stats.received, "new": stats.new}


def topic_tables() -> tuple[str, ...]:
    """The tables what the topics make of the studies (membership, relevance, article themes):
    every table that reads a topic seed or the query hits, directly or through another table,
    in build order. Derived from the SQL as the build order is (pipeline.warehouse.relations)."""
    from pipeline.warehouse import db

    roots = {name for name in db.SEEDS if name != db.VOCABULARY} | {"raw_query_hits"}
    found: set[str] = set()
    for name in db.TABLES:  # build order: what a table reads comes before it
        if db.RELATIONS[name].reads & (roots | found):
            found.add(name)
    return tuple(name for name in db.TABLES if name in found)


def rebuild(database: str) -> dict:
    """(b), second half: seeds + every table and view, as steps.rebuild_tables does.

    topic_seconds is the part spent on topic_tables() (relevance and themes of the leg-cramps
    topic for every study), which (b) reports apart: normalising is what (c) does too.
    """
    from pipeline.config.topics import load_topic
    from pipeline.jobs import steps

    timings: dict[str, float] = {}
    start = time.perf_counter()
    counts = steps.rebuild_tables(Path(database), [load_topic("leg-cramps")], timings)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "topic_seconds": sum(timings.get(name, 0.0) for name in topic_tables()),
        "table_seconds": timings,
        "studies": counts["studies"],
        "rows": sum(counts.values()),
        "db_mb": Path(database).stat().st_size / 2**20,
    }


def naive(ndjson: str, database: str, limit: int) -> dict:
    """(c) the pandas.json_normalize + executemany baseline on the first `limit` studies."""
    from benchmarks.naive import load_naive

    Path(database).unlink(missing_ok=True)
    start = time.perf_counter()
    count = load_naive(Path(ndjson), Path(database), limit)
    return {"seconds": time.perf_counter() - start, "studies": count}


def serve_emulator(count: int, conn) -> None:
    """Serve `count` synthetic studies (rebuilt from the seed) until told to stop."""
    from benchmarks.synthetic import iter_synthetic
    from pipeline.emulator import Emulator

    emulator = Emulator(list(iter_synthetic(count)))
    emulator.start()
    conn.send(emulator.base_url)
    conn.recv()
    requests = len(emulator.request_log)
    emulator.stop()
    conn.send({"requests": requests, "peak_rss_mb": peak_rss_mb()})


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(count: int, ndjson: str, staging: str) -> dict:
    """Fetch every study from an emulator process the way a topic query does; count requests."""
    from pipeline.core.files import write_ndjson
    from pipeline.fetch.ctgov import Client, FetchStats

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve_emulator, args=(count, child))
    server.start()
    try:
        base_url = parent.recv()
        out = Path(staging)
        start = time.perf_counter()
        stats = FetchStats()
        with Client(base_url, min_interval=0.0) as client:
            client.version()
            # What steps.fetch_query does with a topic query that has no parameters.
            write_ndjson(client.iter_studies({}, stats), out)
            requests = client.requests_made
        seconds = time.perf_counter() - start
        parent.send("stop")
        served = parent.recv()
    finally:
        server.join(timeout=60)
        if server.is_alive():
            server.kill()
    identical = out.stat().st_size == Path(ndjson).stat().st_size and _md5(out) == _md5(
        Path(ndjson)
    )
    return {
        "seconds": seconds,
        "studies": stats.unique,
        "total_count": stats.total_count,
        "pages": stats.pages,
        "requests": requests,
        "served_requests": served["requests"],
        "emulator_peak_rss_mb": served["peak_rss_mb"],
        "identical_to_corpus": identical,
    }


PHASES = {
    "json_loads": json_loads,
    "land": land,
    "rebuild": rebuild,
    "naive": naive,
    "fetch": fetch,
}


def main(argv: list[str]) -> int:
    phase, args = argv[0], json.loads(argv[1])
    result = PHASES[phase](**args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
