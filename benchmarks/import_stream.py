"""Streaming import benchmark: time and peak RSS of records.stage_import on a ~200 MB export.

    .venv/bin/python -m benchmarks.import_stream [--mb 200] [--in-memory]

The export is SYNTHETIC COPIES OF REAL RECORDS (benchmarks/synthetic.py: real corpus records with
fresh NCT9xxxxxxx ids), written as one ctg-studies.json array, a study at a time, under
data/bench/, until it reaches --mb megabytes. Each reader runs in a fresh interpreter, so its
peak RSS (ru_maxrss of the child) is its own:

  stage_import   records.stage_import (two streaming passes, one NDJSON file written)
  in-memory      (--in-memory) read_study_file + latest_versions + write_ndjson: the path
                 `trials import` took before stage_import, for comparison
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import iter_synthetic

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "data" / "bench"

READERS = {
    "stage_import": (
        "from pipeline.fetch.records import stage_import\n"
        "s = stage_import([src], dest)\n"
        "print(s.records, s.distinct, s.without_id)\n"
    ),
    "in-memory": (
        "from pipeline.core.files import write_ndjson\n"
        "from pipeline.fetch.records import latest_versions, read_study_file\n"
        "studies = read_study_file(src)\n"
        "n = write_ndjson(latest_versions(studies).values(), dest)\n"
        "print(len(studies), n, 0)\n"
    ),
}


def write_export(path: Path, megabytes: float) -> int:
    """Write a ctg-studies.json array of synthetic studies until it holds `megabytes` MB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    limit, count = megabytes * 1e6, 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        for study in iter_synthetic(10_000_000):
            if fh.tell() >= limit:
                break
            fh.write(",\n" if count else "\n")
            fh.write(json.dumps(study, ensure_ascii=False, indent=None))
            count += 1
        fh.write("\n]\n")
    return count


def run_reader(name: str, src: Path, dest: Path) -> dict:
    """Run one reader in a fresh interpreter; return its wall time and peak RSS."""
    code = (
        "import sys\nfrom pathlib import Path\n"
        f"src, dest = Path({str(src)!r}), Path({str(dest)!r})\n" + READERS[name]
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    records, distinct, without_id = map(int, done.stdout.split())
    return {
        "reader": name,
        "seconds": round(seconds, 1),
        # ru_maxrss of the children is the largest of them so far: readers run largest-last.
        "peak_rss_mb": round(peak / 1024),
        "records": records,
        "distinct": distinct,
        "without_id": without_id,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="export size in MB (default 200)")
    parser.add_argument("--in-memory", action="store_true", help="also time the in-memory path")
    args = parser.parse_args(argv)
    src = BENCH_DIR / f"export-{args.mb:g}mb.json"
    if not src.exists():
        start = time.perf_counter()
        count = write_export(src, args.mb)
        print(f"wrote {src} ({count:,} studies) in {time.perf_counter() - start:.0f} s")
    print(f"export: {src.stat().st_size / 1e6:,.0f} MB")
    readers = ["stage_import"] + (["in-memory"] if args.in_memory else [])
    for name in readers:
        figures = run_reader(name, src, BENCH_DIR / "import.ndjson")
        print(
            f"{figures['reader']:>13}: {figures['seconds']:6.1f} s, peak RSS "
            f"{figures['peak_rss_mb']:,} MB, {figures['records']:,} records, "
            f"{figures['distinct']:,} distinct"
        )
    (BENCH_DIR / "import.ndjson").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
