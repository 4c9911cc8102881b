"""Registry-scale load benchmark: `make bench` (10,000 and 50,000 studies; `--full` adds 580,000).

The corpora are SYNTHETIC COPIES OF REAL RECORDS: each study is a real record from corpus/ with a
fresh id NCT9xxxxxxx, orgStudyIdInfo.id SYNTHETIC-BENCH-<n>, a status drawn from the registry's
mix and its dates shifted by whole years (benchmarks/synthetic.py). They are written as one NDJSON
file per size, a study at a time, under data/bench/, and every phase reads the same bytes:

  (a) json.loads   stdlib json.loads of every line: the floor for any Python reader
  (b) project      landing.save_raw (with the query hits) of the file into a fresh database, then
                   steps.rebuild_tables with the leg-cramps topic: the project's real path.
                   (b) counts landing and the normalised tables and views; the topic tables
                   (relevance and article themes of every study) are timed in the same run and
                   printed apart, since (c) does no such work
  (c) naive        pandas.json_normalize per module + executemany into DuckDB (benchmarks/naive.py),
                   timed on the first --naive-sample studies (the same in every corpus) and
                   extrapolated linearly to each size
  fetch            the real client (min_interval=0) pages the whole corpus from the emulator,
                   which serves it from its own process; requests against ceil(N/1000) + 1

Each phase runs in a fresh subprocess, so its peak RSS (VmHWM) is its own. Figures go to stdout
and to data/bench/results.json (per size, with machine, date and git commit), which is not tracked:
the committed reference figures live apart, dated, in benchmarks/reference/ (copy a run there on
purpose to make it the new reference).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.synthetic import write_corpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "data" / "bench" / "results.json"
DEFAULT_SIZES = (10_000, 50_000)
FULL_SIZE = 580_000
PAGE_SIZE = 1000
# Targets of issue 6.
MIN_B_OVER_A = 0.5
MIN_C_OVER_B = 10.0
MAX_RSS_MB = 1024.0
RSS_SPREAD = 0.20
FULL_SECONDS = 180.0


def run_in_child(phase: str, argv: list[str]) -> dict:
    """Run `python -m <argv>` in a fresh interpreter (so its peak RSS is its own), print a
    progress line and return the JSON figures it printed last."""
    done = subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"    {phase}: {result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:,.0f} MiB",
        flush=True,
    )
    return result


def run_phase(phase: str, **args: object) -> dict:
    """Run one phase of benchmarks/phases.py in a fresh interpreter; return its figures."""
    return run_in_child(phase, ["benchmarks.phases", phase, json.dumps(args)])


def expected_requests(count: int) -> int:
    """Return /version + ceil(N/1000) pages, + 1 empty page when N is a multiple of 1000."""
    return 1 + math.ceil(count / PAGE_SIZE) + (1 if count % PAGE_SIZE == 0 else 0)


def measure(
    count: int, work: Path, naive_rate: dict | None, naive_sample: int, fetch: bool
) -> dict:
    """Write one corpus and run every phase on it; return the figures of this size."""
    corpus = work / f"synthetic-{count}.ndjson"
    database = work / f"bench-{count}.duckdb"
    start = time.perf_counter()
    size = write_corpus(count, corpus)
    row: dict = {"studies": count, "corpus_mb": size / 2**20}
    row["write_seconds"] = time.perf_counter() - start
    try:
        row["a"] = run_phase("json_loads", ndjson=str(corpus))
        row["land"] = run_phase("land", ndjson=str(corpus), database=str(database))
        row["rebuild"] = run_phase("rebuild", database=str(database))
        database.unlink(missing_ok=True)
        if naive_rate is None:
            sample = min(naive_sample, count)
            naive_rate = run_phase(
                "naive", ndjson=str(corpus), database=str(work / "naive.duckdb"), limit=sample
            )
            (work / "naive.duckdb").unlink(missing_ok=True)
        row["c"] = naive_rate
        if fetch:
            row["fetch"] = run_phase(
                "fetch", count=count, ndjson=str(corpus), staging=str(work / "fetched.ndjson")
            )
            (work / "fetched.ndjson").unlink(missing_ok=True)
    finally:
        corpus.unlink(missing_ok=True)
        database.unlink(missing_ok=True)
    return derive(row)


def derive(row: dict) -> dict:
    """Add throughputs, ratios and target verdicts to one size's raw figures."""
    n = row["studies"]
    a, land, rebuild, c = row["a"], row["land"], row["rebuild"], row["c"]
    # (b) is landing plus normalising, the work (c) does; the topic tables are reported apart.
    b_seconds = land["seconds"] + rebuild["seconds"] - rebuild["topic_seconds"]
    row["a_rate"] = n / a["seconds"]
    row["b_seconds"] = b_seconds
    row["topic_seconds"] = rebuild["topic_seconds"]
    row["all_seconds"] = land["seconds"] + rebuild["seconds"]
    row["b_rate"] = n / b_seconds
    row["b_peak_rss_mb"] = max(land["peak_rss_mb"], rebuild["peak_rss_mb"])
    row["c_rate"] = c["studies"] / c["seconds"]
    row["c_seconds_extrapolated"] = n / row["c_rate"]
    row["b_over_a"] = row["b_rate"] / row["a_rate"]
    row["c_over_b"] = row["b_rate"] / row["c_rate"]
    if "fetch" in row:
        row["fetch"]["expected_requests"] = expected_requests(n)
    return row


def machine() -> dict:
    """Return what the figures depend on: CPUs, memory, versions."""
    import duckdb
    import pandas

    with open("/proc/meminfo", encoding="ascii") as fh:
        mem_kb = int(fh.readline().split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "cpu_model": next(
            (
                line.split(":", 1)[1].strip()
                for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
    }


def git_commit() -> str:
    """Return HEAD's commit id, marked '+dirty' when the working tree has changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = "+dirty" if git("status", "--porcelain", "--untracked-files=no") else ""
    return (git("rev-parse", "HEAD") or "unknown") + dirty


def verdicts(rows: list[dict]) -> list[tuple[str, bool | None, str]]:
    """Return (target, met, by how much) for every target of the issue."""
    out = []
    for r in rows:
        n = f"{r['studies']:,}"
        ratio = r["b_over_a"]
        out.append(
            (
                f"{n}: (b) >= {MIN_B_OVER_A:.0%} of (a) throughput",
                ratio >= MIN_B_OVER_A,
                f"{ratio:.0%} of (a)"
                + ("" if ratio >= MIN_B_OVER_A else f"; {MIN_B_OVER_A / ratio:.1f}x too slow"),
            )
        )
        speedup = r["c_over_b"]
        out.append(
            (
                f"{n}: (b) >= {MIN_C_OVER_B:.0f}x faster than (c)",
                speedup >= MIN_C_OVER_B,
                f"{speedup:.1f}x",
            )
        )
        rss = r["b_peak_rss_mb"]
        out.append(
            (
                f"{n}: (b) peak RSS <= {MAX_RSS_MB:.0f} MiB",
                rss <= MAX_RSS_MB,
                f"{rss:.0f} MiB"
                + ("" if rss <= MAX_RSS_MB else f"; {rss - MAX_RSS_MB:.0f} MiB over"),
            )
        )
        if r["studies"] >= FULL_SIZE:
            out.append(
                (
                    f"{n}: (b) completes in < {FULL_SECONDS:.0f} s",
                    r["b_seconds"] < FULL_SECONDS,
                    f"{r['b_seconds']:.0f} s; with the topic tables {r['all_seconds']:.0f} s",
                )
            )
    small = [r for r in rows if r["studies"] < FULL_SIZE]
    if len(small) >= 2:
        lo, hi = small[0], small[-1]
        change = hi["b_peak_rss_mb"] / lo["b_peak_rss_mb"] - 1
        out.append(
            (
                f"(b) peak RSS flat within ±{RSS_SPREAD:.0%} from {lo['studies']:,} "
                f"to {hi['studies']:,}",
                abs(change) <= RSS_SPREAD,
                f"{change:+.0%}",
            )
        )
    if not any(r["studies"] >= FULL_SIZE for r in rows):
        out.append((f"{FULL_SIZE:,}: (b) completes in < {FULL_SECONDS:.0f} s", None, "not run"))
    return out


def table(rows: list[dict], naive_sample: int) -> str:
    """Return the figures as a plain-text table, one column per size."""
    lines: list[tuple[str, list[str]]] = []

    def add(label: str, fmt) -> None:
        values = []
        for r in rows:
            try:
                values.append(fmt(r))
            except KeyError:
                values.append("-")
        lines.append((label, values))

    add("corpus MiB (NDJSON)", lambda r: f"{r['corpus_mb']:,.0f}")
    add("(a) json.loads s", lambda r: f"{r['a']['seconds']:.1f}")
    add("(a) studies/s", lambda r: f"{r['a_rate']:,.0f}")
    add("(a) peak RSS MiB", lambda r: f"{r['a']['peak_rss_mb']:,.0f}")
    add("(b) land s (save_raw + hits)", lambda r: f"{r['land']['seconds']:.1f}")
    add("(b) land peak RSS MiB", lambda r: f"{r['land']['peak_rss_mb']:,.0f}")
    add(
        "(b) normalise s (tables + views)",
        lambda r: f"{r['rebuild']['seconds'] - r['rebuild']['topic_seconds']:.1f}",
    )
    add("(b) rebuild peak RSS MiB", lambda r: f"{r['rebuild']['peak_rss_mb']:,.0f}")
    add("(b) total s (land + normalise)", lambda r: f"{r['b_seconds']:.1f}")
    add("(b) studies/s", lambda r: f"{r['b_rate']:,.0f}")
    add("topic tables s (not in (b))", lambda r: f"{r['topic_seconds']:.1f}")
    add("whole refresh load s ((b) + topic)", lambda r: f"{r['all_seconds']:.1f}")
    add("(b) database MiB", lambda r: f"{r['rebuild']['db_mb']:,.0f}")
    add(f"(c) s on first {naive_sample:,} (measured)", lambda r: f"{r['c']['seconds']:.1f}")
    add("(c) studies/s", lambda r: f"{r['c_rate']:,.1f}")
    add("(c) s for all (EXTRAPOLATED)", lambda r: f"{r['c_seconds_extrapolated']:,.0f}")
    add("(c) peak RSS MiB (sample)", lambda r: f"{r['c']['peak_rss_mb']:,.0f}")
    add("(b)/(a) throughput", lambda r: f"{r['b_over_a']:.0%}")
    add("(c)/(b) speedup of (b)", lambda r: f"{r['c_over_b']:.0f}x")
    add("fetch s", lambda r: f"{r['fetch']['seconds']:.1f}")
    add("fetch studies/s", lambda r: f"{r['studies'] / r['fetch']['seconds']:,.0f}")
    add(
        "fetch requests / expected",
        lambda r: f"{r['fetch']['requests']} / {r['fetch']['expected_requests']}",
    )
    add("fetch bytes identical to corpus", lambda r: str(r["fetch"]["identical_to_corpus"]))
    add("fetch client peak RSS MiB", lambda r: f"{r['fetch']['peak_rss_mb']:,.0f}")
    add("emulator peak RSS MiB", lambda r: f"{r['fetch']['emulator_peak_rss_mb']:,.0f}")
    width = max(len(label) for label, _ in lines)
    header = f"{'studies':<{width}}  " + "  ".join(f"{r['studies']:>10,}" for r in rows)
    body = [
        f"{label:<{width}}  " + "  ".join(f"{v:>10}" for v in values) for label, values in lines
    ]
    return "\n".join([header, "-" * len(header), *body])


def save(rows: list[dict], info: dict, path: Path) -> None:
    """Merge this run's sizes into results.json, keeping other sizes from earlier runs."""
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    sizes = previous.get("sizes", {})
    for r in rows:
        sizes[str(r["studies"])] = {**info, **r}
    document = {
        "about": "benchmarks/bench.py figures per corpus size; corpora are SYNTHETIC COPIES "
        "of the real records in corpus/ (ids NCT9xxxxxxx, org ids SYNTHETIC-BENCH-<n>)",
        "sizes": dict(sorted(sizes.items(), key=lambda kv: int(kv[0]))),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--full", action="store_true", help=f"also run {FULL_SIZE:,} studies")
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--no-fetch", action="store_true", help="skip the emulator fetch")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes) | ({FULL_SIZE} if args.full else set()))
    args.work_dir.mkdir(parents=True, exist_ok=True)
    info = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
    }
    print(
        "Registry-scale load benchmark. Corpora are SYNTHETIC COPIES of the real records in\n"
        "corpus/ (ids NCT9xxxxxxx, orgStudyIdInfo.id SYNTHETIC-BENCH-<n>), not registry data.\n"
        f"{info['machine']['cpus']} CPUs, {info['machine']['memory_gib']} GiB, "
        f"DuckDB {info['machine']['duckdb']}, commit {info['git_commit'][:12]}",
        flush=True,
    )
    rows: list[dict] = []
    naive_rate = None
    for count in sizes:
        print(f"... {count:,} studies", flush=True)
        row = measure(count, args.work_dir, naive_rate, args.naive_sample, not args.no_fetch)
        naive_rate = row["c"]
        rows.append(row)
    print()
    print(table(rows, naive_rate["studies"]))
    print(
        f"\n(c) is timed once on the first {naive_rate['studies']:,} studies (identical in every "
        "corpus) and extrapolated linearly.\nFetch: a page holds 1000 studies; when N is a "
        "multiple of 1000 the last full page still carries a token\n(as on the real API), "
        "which costs one more request for an empty page.\n\nTargets:"
    )
    for label, met, detail in verdicts(rows):
        mark = "n/a " if met is None else ("MET " if met else "MISS")
        print(f"  {mark} {label}: {detail}")
    print("Why each miss happens, and what one machine handles: docs/scaling.md")
    save(rows, info, args.results)
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
