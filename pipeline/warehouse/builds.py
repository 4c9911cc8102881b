"""Build files and publishing: the lock, a new build beside the published file, the atomic
rename that publishes it, and the clean-up of what killed runs left."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from pipeline.core import files
from pipeline.warehouse.db import RAW_TABLES, apply_raw_schema, attach, connect, statement

log = logging.getLogger(__name__)


class PublishLocked(RuntimeError):
    """Another refresh holds the publish lock of this database."""


@contextlib.contextmanager
def publish_lock(published: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock for refreshing `published`."""
    lock_path = published.with_name(published.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishLocked(
                f"another refresh is running on {published} (lock {lock_path}); try again later"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ioctl FICLONE (linux/fs.h): make `dst` share every block of `src`, copy-on-write.
_FICLONE = 0x40049409


def clone_file(src: Path, dst: Path) -> bool:
    """Copy `src` to `dst`: a copy-on-write clone where the filesystem has them; True if cloned.

    A clone (btrfs, XFS with reflink, bcachefs) takes no time and no disk until blocks change;
    elsewhere (ext4) the file is copied whole. See docs/scaling.md.
    """
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        try:
            fcntl.ioctl(fout.fileno(), _FICLONE, fin.fileno())
            return True
        except OSError:
            pass
    shutil.copyfile(src, dst)
    return False


# A published file mostly made of free blocks is not copied. DuckDB never gives a file's free
# blocks back, so a file from before issue 13 (18 GiB at 580,000 studies, ~1.8 GiB of it used
# after one full rebuild by today's code) would be copied whole by every run. Such a build
# starts fresh with the raw tables only; the run's rebuild then makes every table (all missing).
COMPACT_FREE_SHARE = 0.5
COMPACT_MIN_BYTES = 64 * 2**20


def free_share(database: Path) -> float:
    """Return the share of `database`'s blocks that are free (0 for an empty file)."""
    with connect(database, read_only=True) as con:
        free, total = con.execute(statement("free_blocks")).fetchone()
    return free / total if total else 0.0


def _fresh_build(published: Path, build: Path) -> None:
    """Create `build` with the raw tables of `published` only (their rows, by column name)."""
    with connect(build) as con:
        apply_raw_schema(con)
        attach(con, published, "published", read_only=True)
        held = {r[0] for r in con.execute(statement("catalog_tables"), ["published"]).fetchall()}
        con.begin()
        # A raw table newer than the published file starts empty.
        for name in (n for n in RAW_TABLES if n in held):  # from the fixed tuple RAW_TABLES only
            con.execute(
                "insert into trials.main." + name + " by name select * from published.main." + name
            )
        con.commit()
        con.execute("detach published")


def new_build(published: Path) -> Path:
    """Create a build file next to `published` holding a clone or copy of it.

    The build starts as the published file with its rebuilt tables, so the rebuild redoes only
    the studies the run changes (pipeline.warehouse.incremental), and publishing it is a rename. A
    file
    mostly free (COMPACT_FREE_SHARE) is not copied: the build gets its raw tables and the run
    rebuilds every table, so the published file comes out compact.
    """
    build = published.with_name(f".{published.name}.build-{uuid.uuid4().hex[:8]}")
    try:
        if published.exists():
            if (
                published.stat().st_size >= COMPACT_MIN_BYTES
                and free_share(published) > COMPACT_FREE_SHARE
            ):
                _fresh_build(published, build)
                log.info("new build: the raw tables of %s only (compaction)", published.name)
            elif clone_file(published, build):
                log.info("new build: a copy-on-write clone of %s", published.name)
            else:
                log.info(
                    "new build: a whole copy of %s (%.0f MiB; its filesystem has no "
                    "copy-on-write clones, see docs/scaling.md)",
                    published.name,
                    published.stat().st_size / 2**20,
                )
        with connect(build) as con:
            apply_raw_schema(con)
            con.execute("checkpoint")
    except BaseException:
        discard(build)  # a half-copied build (a full disk) is not left behind
        raise
    return build


def remove_stale_builds(published: Path) -> list[Path]:
    """Delete build files a killed run left beside `published`; call only under publish_lock."""
    stale = sorted(published.parent.glob(f".{published.name}.build-*"))
    for path in stale:
        if path.is_dir():  # a build's spill directory (<build>.tmp)
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


def publish(build: Path, published: Path) -> None:
    """Atomically replace `published` by the finished, closed `build` file."""
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build} still has a write-ahead log; close it before publishing")
    files.replace(build, published)


def discard(build: Path) -> None:
    """Delete an unpublished build file and its write-ahead log."""
    for path in (build, build.with_name(build.name + ".wal")):
        path.unlink(missing_ok=True)
