"""The site outputs of a published database: where they go, their manifest, which are stale, and
`sync_site`, which rewrites those made from another run than the database holds (or missing).

Every run, a skip included, syncs the site after the database, so a crash between the two heals
itself on the next run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.core.files import write_atomic
from pipeline.jobs.options import DEFAULT_DB_NAME
from pipeline.jobs.steps import Step, direct
from pipeline.publish import export
from pipeline.warehouse import db
from pipeline.warehouse.history import Clock, now

log = logging.getLogger(__name__)

# The site files of the database named DEFAULT_DB_NAME go to <data_dir>/site; any other database
# gets <data_dir>/site-<stem>, so two databases sharing a data folder never overwrite each other.
MANIFEST = "manifest.json"


class SiteOwned(RuntimeError):
    """A site folder already holds another database's outputs."""


class SitePublishFailed(RuntimeError):
    """The database was published but a site output could not be written; the next run retries."""


def site_dir_for(published: Path, data_dir: Path) -> Path:
    """Return where the site files of `published` go under `data_dir`."""
    if published.name == DEFAULT_DB_NAME:
        return data_dir / "site"
    return data_dir / f"site-{published.stem}"


def read_manifest(site_dir: Path) -> dict:
    path = site_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def claim_site(site_dir: Path, published: Path) -> dict:
    """Return the site manifest, refusing a folder that holds another database's outputs."""
    manifest = read_manifest(site_dir)
    owner = manifest.get("database")
    mine = str(published.resolve())
    if owner and owner != mine:
        raise SiteOwned(
            f"{site_dir} holds the site files of {owner}; give {published} its own --data-dir"
        )
    manifest["database"] = mine
    manifest.setdefault("outputs", {})
    return manifest


def write_manifest(site_dir: Path, manifest: dict) -> None:
    write_atomic(site_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


@dataclass(frozen=True)
class PublishedRun:
    """The last run that published a database, and each topic's last stored ranking."""

    run_id: str | None
    data_timestamp: str | None
    rankings: dict[str, tuple[str, str | None, datetime]]


def published_run(published: Path) -> PublishedRun:
    """Read which run the published database holds (None when nothing was published yet)."""
    if not published.exists():
        return PublishedRun(None, None, {})
    with db.connect(published, read_only=True) as con:
        row = con.execute(db.statement("last_published_run")).fetchone()
        rankings = {
            topic: (run_id, ts, at)
            for topic, run_id, ts, at in con.execute(db.statement("last_rankings")).fetchall()
        }
    run_id, data_timestamp = row if row else (None, None)
    return PublishedRun(run_id, data_timestamp, rankings)


def write_topic_site(doc: dict, site_dir: Path, page_limit: int = 10) -> list[Path]:
    """Validate one export, then write its files: JSON and CSV, its article page and fragment."""
    from pipeline.config.article import load_article
    from pipeline.publish.export_validation import validate_export
    from pipeline.publish.site import write_site

    # Once: validation is linear in the sites, and one record can hold 100,000 of them.
    validate_export(doc)
    files = []
    for path, text in export.export_files([doc], site_dir):
        write_atomic(path, text)
        files.append(path)
    if doc["article"]:
        article = load_article(doc["article"]["slug"])
        files.extend(write_site(doc, article, site_dir, page_limit, validated=True).values())
    return files


def _stale(state: PublishedRun, outputs: dict, site_dir: Path, dashboard: bool) -> list[str]:
    """The manifest keys of outputs made from another run than the database holds, or missing."""
    stale = [
        f"top-trials/{slug}"
        for slug, (run_id, _, _) in sorted(state.rankings.items())
        if outputs.get(f"top-trials/{slug}", {}).get("run_id") != run_id
        or not export.export_paths(site_dir, slug)[0].exists()
    ]
    if dashboard and (
        outputs.get("dashboard", {}).get("run_id") != state.run_id
        or not (site_dir / "dashboard.html").exists()
    ):
        stale.append("dashboard")
    return stale


def stale_outputs(published: Path, site_dir: Path, dashboard: bool = True) -> list[str]:
    """Return the site outputs (manifest keys) older than the published database, or missing."""
    state = published_run(published)
    if state.run_id is None:
        return []
    return _stale(state, read_manifest(site_dir).get("outputs", {}), site_dir, dashboard)


def sync_site(
    published: Path,
    site_dir: Path,
    topics: Sequence[str] | None = None,
    page_limit: int = 10,
    dashboard: bool = True,
    step: Step = direct,
    clock: Clock = now,
) -> tuple[list[Path], list[str]]:
    """Bring the site files up to date with the published database; return (written, healed).

    An output is rewritten when the manifest says it was made from another run than the one the
    database holds for it (or it is missing). `topics` limits which topics' files are considered;
    None means every ranked topic in the database. A failure raises SitePublishFailed after the
    outputs that could be written were written.
    """
    state = published_run(published)
    if state.run_id is None:
        return [], []
    manifest = claim_site(site_dir, published)
    outputs = manifest["outputs"]
    stale = _stale(state, outputs, site_dir, dashboard)
    written: list[Path] = []
    healed: list[str] = []
    problems: list[str] = []
    for slug in sorted(state.rankings):
        key = f"top-trials/{slug}"
        if key not in stale or (topics is not None and slug not in topics):
            continue
        run_id, data_timestamp, ranked_at = state.rankings[slug]
        try:
            with db.connect(published, read_only=True) as con:
                doc = export.build_export(con, slug, ranked_at.isoformat() + "Z", run_id=run_id)
            files = write_topic_site(doc, site_dir, page_limit)
        except Exception as exc:  # noqa: BLE001 - reported, retried by the next run
            log.error("site files of %s not written: %s", slug, exc, exc_info=True)
            problems.append(f"{slug}: {type(exc).__name__}: {exc}")
            continue
        if key in outputs:
            healed.append(key)
        outputs[key] = {
            "run_id": run_id,
            "data_timestamp": data_timestamp,
            "files": [str(p.relative_to(site_dir)) for p in files],
        }
        write_manifest(site_dir, manifest)
        written.extend(files)
    if "dashboard" in stale:
        from pipeline.dashboard.page import render_dashboard

        # One dashboard file: of several ranked topics it draws the first by slug (the CLI's
        # `trials dashboard --topic` draws any other).
        shown = min((s for s in state.rankings if topics is None or s in topics), default=None)
        try:
            path = step(
                "render-dashboard",
                render_dashboard,
                published,
                site_dir / "dashboard.html",
                generated_at=clock().replace(microsecond=0).isoformat() + "Z",
                topic=shown,
            )
        except Exception as exc:  # noqa: BLE001 - reported, retried by the next run
            log.error("dashboard not written: %s", exc, exc_info=True)
            problems.append(f"dashboard: {type(exc).__name__}: {exc}")
        else:
            if outputs.get("dashboard"):
                healed.append("dashboard")
            outputs["dashboard"] = {"run_id": state.run_id, "data_timestamp": state.data_timestamp}
            write_manifest(site_dir, manifest)
            written.append(path)
    if problems:
        raise SitePublishFailed(
            f"database {published} is published but site files failed ({'; '.join(problems)});"
            " the next run writes them again"
        )
    return written, healed
