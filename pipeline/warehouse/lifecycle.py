"""The build lifecycle of one database: take its publish lock, clear what killed runs left, build a
new file beside the published one, then publish it (atomic rename) or discard it."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pipeline.warehouse import builds

log = logging.getLogger(__name__)


def staging_root(published: Path) -> Path:
    """Return the staging folder of one database (beside it, so no other database shares it)."""
    return published.with_name(f".{published.name}.staging")


class Lifecycle:
    """Lock, clean up after killed runs, one build, then publish or discard.

    with Lifecycle(published) as life:
        build = life.new_build()
        ...                       # land, rebuild, check
        life.publish()            # atomic; without it the build is discarded on exit
    """

    def __init__(self, published: Path):
        self.published = published
        self.build: Path | None = None
        self.is_published = False
        self._lock = builds.publish_lock(published)

    def __enter__(self) -> Lifecycle:
        self._lock.__enter__()
        try:
            # Under the lock no other run of this database is active: leftovers are killed runs'.
            for path in builds.remove_stale_builds(self.published):
                log.warning("removed %s left by a killed run", path)
            shutil.rmtree(staging_root(self.published), ignore_errors=True)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def staging(self, run_id: str) -> Path:
        return staging_root(self.published) / run_id

    def new_build(self) -> Path:
        try:
            self.build = builds.new_build(self.published)
        except OSError as exc:
            raise OSError(
                exc.errno, f"cannot create a build beside {self.published}: {exc.strerror}"
            ) from exc
        return self.build

    def publish(self) -> None:
        if self.build is None:
            raise RuntimeError("nothing built to publish")
        builds.publish(self.build, self.published)
        self.is_published = True

    def __exit__(self, *exc: object) -> None:
        try:
            if self.build is not None and not self.is_published:
                builds.discard(self.build)
            shutil.rmtree(staging_root(self.published), ignore_errors=True)
        finally:
            self._lock.__exit__(*exc)
