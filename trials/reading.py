"""The `trials` commands that read the published database: top, query, dashboard, snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path

from trials import paths
from trials.errors import CliError


def cmd_top(args: argparse.Namespace) -> int:
    from pipeline.reading import top

    doc = top.top_document(paths.db_path(args), args.topic, args.limit)
    print(top.render_json(doc) if args.format == "json" else top.render_table(doc, args.explain))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.reading import queries
    from pipeline.warehouse import db

    if args.list or not args.name:
        print(queries.catalog_text())
        return 0
    queries.get_query(args.name)
    db_path = paths.db_path(args)
    if not db_path.exists():
        raise CliError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    with db.connect(db_path, read_only=True) as con:
        columns, rows = queries.run(con, args.name)
    print(queries.render(columns, rows, args.format))
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from pipeline.dashboard.page import DEFAULT_SPEC, render_dashboard

    out = Path(args.out) if args.out else paths.data_dir(args) / "site" / "dashboard.html"
    spec = Path(args.spec) if args.spec else DEFAULT_SPEC
    print(f"wrote {render_dashboard(paths.db_path(args), out, spec, topic=args.topic)}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pipeline.publish import snapshot

    db_path = paths.db_path(args)
    if not db_path.exists():
        raise CliError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    try:
        manifest = snapshot.write_snapshot(db_path, Path(args.out))
    except snapshot.SnapshotError as exc:
        raise CliError(str(exc)) from None
    tables = manifest["tables"]
    size = sum(f["bytes"] for f in manifest["files"])
    print(
        f"wrote {args.out}: {len(tables)} tables, {sum(t['rows'] for t in tables.values()):,} rows,"
        f" {size / 1e6:.1f} MB (run {manifest['run_id'] or 'none'},"
        f" data timestamp {manifest['data_timestamp'] or 'n/a'})"
    )
    return 0
