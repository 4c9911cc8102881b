"""Behaviour unchanged? Run `trials demo` with two versions of the code on the same corpus and
compare what they publish: every table of the database, the exports, the article page and the
fragment, with timestamps and run ids masked.

    python -m benchmarks.compare_outputs --before f4c1ce1 [--before-python PY] [--after-python PY]
        [--renames FILE] [--renamed OLD=NEW ...]

The before version is taken from git (`git archive REF`) into a temporary folder; the after version
is this working tree, or --after REF the same way. Both serve THIS tree's corpus/ (`trials demo
--corpus`), so a change of data does not pass for a change of behaviour. Each runs in its own
interpreter (--before-python for old code pinned to older libraries, e.g. DuckDB 1.x). Prints one
line per table and file, and exits 1 when anything published differs; tables only one side has
are listed, not failed. A relation renamed between the two versions is compared under both
names: --renamed OLD=NEW, or --renames FILE with one "OLD NEW" pair a line (benchmarks/renames/).
Nothing in the checkout is written.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import duckdb

if __package__ in (None, ""):  # run as a script: benchmarks/compare_outputs.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import equality  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Values that differ between any two runs by nature: when and under which id a run happened.
VOLATILE_NAMES = {"run_id", "generated_at", "batch_id", "filename", "source", "staging"}
VOLATILE_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIME")
# Tables about the runs themselves (each run's own row), not about the data.
RUN_TABLES = {"pipeline_runs", "raw_fetches", "raw_imports", "import_batches", "raw_rankings"}
# What made the tables: a hash of sql/ (and the seeds, DuckDB), different whenever sql/ is.
RUN_TABLES |= {"rebuild_state"}
MASKS = (
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "<timestamp>"),
    (re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC"), "<timestamp>"),
    (re.compile(r"\b[0-9]{8}T[0-9]{6,}Z\b"), "<run-id>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<run-id>"),
)


def export_tree(ref: str, dest: Path) -> None:
    """Write the files of git ref `ref` into dest (no worktree, nothing in .git changes)."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")


def run_demo(code: Path, python: str, out: Path, corpus: Path) -> None:
    """Run that code's `trials demo` into out, serving `corpus`; its own package comes first."""
    env = dict(os.environ, PYTHONPATH=str(code), PREFECT_HOME=str(out / ".prefect"))
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The command line moved from pipeline.cli to the top-level package trials (issue 22).
    module = "trials" if (code / "trials" / "__init__.py").exists() else "pipeline.cli"
    script = f"import sys; from {module} import main; sys.exit(main(sys.argv[1:]))"
    args = ["demo", "--data-dir", str(out), "--corpus", str(corpus), "--no-progress"]
    done = subprocess.run(
        [python, "-c", script, *args], cwd=code, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"trials demo failed in {code}:\n{done.stderr[-2000:]}")


def stable_columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and table_name = ? order by column_index",
        [catalog, table],
    ).fetchall()
    return [
        name
        for name, kind in rows
        if name not in VOLATILE_NAMES
        and not name.endswith("_at")
        and not kind.startswith(VOLATILE_TYPES)
    ]


def relations(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = ? "
        "union select view_name from duckdb_views() where database_name = ? and not internal",
        [catalog, catalog],
    ).fetchall()
    return {name for (name,) in rows}


def compare_databases(
    before: Path, after: Path, renamed: dict[str, str] | None = None
) -> list[tuple[str, str, bool]]:
    """Return (name, verdict, same) per relation; run bookkeeping tables are left out.

    `renamed` maps a relation's name before to its name after; such a pair is compared as one
    relation, shown as "old -> new".
    """
    renamed = renamed or {}
    con = equality.attach_pair(after, before)  # a: after, b: before
    names_b, names_a = relations(con, "b"), relations(con, "a")
    # Each relation by its name after the change, with its name before.
    pairs = {renamed.get(n, n): n for n in names_b}
    for name in names_a:
        pairs.setdefault(name, None)  # only after has it (or only under its old name)
    results = []
    for name in sorted(pairs):
        old = pairs[name]
        label = name if old in (None, name) else f"{old} -> {name}"
        if name in RUN_TABLES:
            continue
        if old is None or name not in names_a:
            side = "after" if name in names_a else "before"
            results.append((label if old is None else old, f"only {side} has it", True))
            continue
        cols_b, cols_a = stable_columns(con, "b", old), stable_columns(con, "a", name)
        shared = [c for c in cols_b if c in cols_a]
        # Identifiers come from the databases' own catalogs, quoted; no value is formatted in.
        select = ", ".join('"' + c.replace('"', '""') + '"' for c in shared)
        new, gone, rows = equality.multiset_difference(con, name, select, b_name=old)
        extra = sorted(set(cols_a) - set(cols_b))
        note = f" (new columns not compared: {', '.join(extra)})" if extra else ""
        if gone or new:
            results.append((label, f"{gone} rows only before, {new} only after{note}", False))
        else:
            results.append((label, f"same {rows} rows{note}", True))
    return results


def masked(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def comparable_json(text: str) -> object:
    doc = json.loads(text)
    for key in ("generated_at", "run_id"):
        doc.pop(key, None)
    return doc


def compare_files(before: Path, after: Path) -> list[tuple[str, str, bool]]:
    """Compare the exports, article pages and fragments (not the dashboard: see --help)."""
    results = []
    patterns = ("top-trials/*.json", "top-trials/*.csv", "*.html", "fragments/*.html")
    names = sorted(
        {p.relative_to(before).as_posix() for pat in patterns for p in before.glob(pat)}
        | {p.relative_to(after).as_posix() for pat in patterns for p in after.glob(pat)}
    )
    for name in names:
        if name == "dashboard.html":
            continue
        b, a = before / name, after / name
        if not (a.exists() and b.exists()):
            results.append((name, "only " + ("after" if a.exists() else "before"), False))
            continue
        tb, ta = b.read_text(encoding="utf-8"), a.read_text(encoding="utf-8")
        if name.endswith(".json"):
            same = comparable_json(tb) == comparable_json(ta)
        else:
            same = masked(tb) == masked(ta)
        results.append((name, f"same ({len(ta):,} bytes)" if same else "differs", same))
    return results


def read_renames(path: Path) -> dict[str, str]:
    """{old: new} from a file of "OLD NEW" lines; blank lines and # comments are skipped."""
    renamed = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            raise SystemExit(f"{path}:{number}: want OLD NEW, got {line.strip()!r}")
        renamed[words[0]] = words[1]
    return renamed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="git ref of the code before the change")
    parser.add_argument("--after", help="git ref of the code after it (default: this working tree)")
    parser.add_argument("--before-python", default=sys.executable)
    parser.add_argument("--after-python", default=sys.executable)
    parser.add_argument("--keep", type=Path, help="keep both outputs in this folder")
    parser.add_argument(
        "--renamed",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="a relation named OLD before and NEW after (repeatable)",
    )
    parser.add_argument(
        "--renames", type=Path, help='a file of renamed relations, one "OLD NEW" pair a line'
    )
    args = parser.parse_args(argv)
    renamed = read_renames(args.renames) if args.renames else {}
    for pair in args.renamed:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            parser.error(f"--renamed wants OLD=NEW, not {pair!r}")
        renamed[old] = new
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        work = args.keep or Path(tmp)
        code = work / "before-code"
        code.mkdir(parents=True, exist_ok=True)
        export_tree(args.before, code)
        corpus = ROOT / "corpus"
        run_demo(code, args.before_python, work / "before", corpus)
        after_code = ROOT
        if args.after:
            after_code = work / "after-code"
            after_code.mkdir(parents=True, exist_ok=True)
            export_tree(args.after, after_code)
        run_demo(after_code, args.after_python, work / "after", corpus)
        rows = compare_databases(
            work / "before" / "trials.duckdb", work / "after" / "trials.duckdb", renamed
        )
        rows += compare_files(work / "before" / "site", work / "after" / "site")
    width = max(len(n) for n, _, _ in rows)
    for name, verdict, same in rows:
        print(f"{'  ' if same else '✗ '}{name:<{width}}  {verdict}")
    differing = [n for n, _, same in rows if not same]
    print(
        f"\n{len(rows)} compared, {len(differing)} differ" + (f": {differing}" if differing else "")
    )
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
