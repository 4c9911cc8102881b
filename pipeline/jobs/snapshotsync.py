"""The nightly snapshot of a published database (pipeline.publish.snapshot): where it goes,
whether it is older than the database, and `sync_snapshot`, which writes it when it is.

Like the site files, every run (a skip included) syncs the snapshot after the database, so a
failed or missing snapshot is written again by the next run; a failure keeps the last snapshot
and is reported as the site's failures are (the run is `published-site-failed`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.jobs.options import DEFAULT_DB_NAME
from pipeline.jobs.sitesync import SitePublishFailed, published_run
from pipeline.publish import snapshot
from pipeline.warehouse import db

log = logging.getLogger(__name__)


class SnapshotOwned(RuntimeError):
    """A snapshot folder already holds another database's snapshot."""


class SnapshotPublishFailed(SitePublishFailed):
    """The database was published but its snapshot could not be written; the last one is kept."""


def snapshot_dir_for(published: Path, data_dir: Path) -> Path:
    """Return where the snapshot of `published` goes under `data_dir` (as its site folder:
    DATA_DIR/snapshot for trials.duckdb, DATA_DIR/snapshot-<stem> for any other)."""
    if published.name == DEFAULT_DB_NAME:
        return data_dir / "snapshot"
    return data_dir / f"snapshot-{published.stem}"


def claim_snapshot(snapshot_dir: Path, published: Path) -> None:
    """Refuse a snapshot folder that holds another database's snapshot, or files of no snapshot."""
    owner = snapshot.read_manifest(snapshot_dir).get("database")
    if owner and owner != str(published.resolve()):
        raise SnapshotOwned(
            f"{snapshot_dir} holds the snapshot of {owner}; give {published} its own --data-dir"
        )
    snapshot.check_target(snapshot_dir)


def has_ctgov(published: Path) -> bool:
    """Whether the published file has AACT's schema ctgov to snapshot."""
    with db.connect(published, read_only=True) as con:
        return bool(snapshot.ctgov_tables(con))


def snapshot_stale(published: Path, snapshot_dir: Path) -> bool:
    """True when the published file has a ctgov schema and its snapshot was made from another
    run than the one the file holds (or is missing)."""
    run_id = published_run(published).run_id
    if run_id is None or not has_ctgov(published):
        return False
    manifest = snapshot.read_manifest(snapshot_dir)
    return not manifest or manifest.get("run_id") != run_id


def sync_snapshot(published: Path, snapshot_dir: Path) -> Path | None:
    """Write the snapshot of `published` if it is stale; return its folder, or None if it was
    current (or the file has no ctgov schema). A failure raises SnapshotPublishFailed and leaves
    the last snapshot as it was."""
    if not snapshot_stale(published, snapshot_dir):
        return None
    try:
        claim_snapshot(snapshot_dir, published)
        snapshot.write_snapshot(published, snapshot_dir)
    except Exception as exc:  # noqa: BLE001 - reported, retried by the next run
        log.error("snapshot of %s not written: %s", published, exc, exc_info=True)
        raise SnapshotPublishFailed(
            f"database {published} is published but its snapshot failed"
            f" ({type(exc).__name__}: {exc}); the last snapshot in {snapshot_dir} is kept and"
            " the next run writes it again"
        ) from exc
    return snapshot_dir
