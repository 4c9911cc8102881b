"""Does an incremental rebuild give the same tables as a full one? Compare two databases.

    python -m benchmarks.incremental_check INCREMENTAL.duckdb [FULL.duckdb]

With one file, it is copied beside itself and the copy rebuilt in full, with the seeds of the
topics the database holds; then every rebuilt table (normalised and topic) and the top_trials view
are compared as multisets of rows (the md5 of each row, EXCEPT ALL both ways:
benchmarks.equality.compare). Exit status 1 when any relation differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.equality import Difference, compare, full_copy


def report(differences: list[Difference]) -> str:
    """Return one line per relation: its rows, and whether both databases hold the same."""
    width = max(len(d.relation) for d in differences)
    return "\n".join(
        f"{d.relation:<{width}}  {d.rows:>10,} rows  "
        + ("same" if d.same else f"DIFFERENT: {d.only_first} only in the first, "
           f"{d.only_second} only in the second")
        for d in differences
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path, nargs="?")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.first.parent) as tmp:
        second = args.second or full_copy(args.first, Path(tmp) / "full.duckdb")
        differences = compare(args.first, second)
    print(report(differences))
    same = all(d.same for d in differences)
    print("incremental equals full" if same else "the databases differ")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
