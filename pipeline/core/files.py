"""Files on disk: atomic writes, NDJSON, append-only JSON-lines logs, atomic file and folder
replacement.

Every file the pipeline publishes is written here, so "a reader never sees half a file" has one
implementation: write a temporary file in the same folder, fsync it, rename it over the target,
fsync the folder. A failure removes the temporary file and leaves the target as it was. A folder
of files (a snapshot) is written whole beside its target and swapped in by replace_dir.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.core import jsontext


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable."""
    fd = os.open(folder, os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(source: Path, target: Path) -> None:
    """Atomically move the finished `source` over `target` (same folder) and make it durable."""
    os.replace(source, target)
    fsync_dir(target.parent)


# renameat2(2) (Linux 3.15, glibc 2.28): RENAME_EXCHANGE swaps two existing names in one step.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names `a` and `b` atomically; False where the OS or filesystem cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(source: Path, target: Path, exchange: bool = True) -> None:
    """Move the finished folder `source` over the folder `target` (same parent), then delete the
    old one.

    Where the OS swaps two names in one step (Linux's RENAME_EXCHANGE, on ext4, XFS, btrfs,
    tmpfs), a reader finds the old folder or the new one at `target`, never neither. Elsewhere
    (or with exchange=False) the old folder is renamed aside first: for the instant between the
    two renames `target` is missing, and a crash there leaves it aside as `.<name>.old-<pid>`
    beside the new folder's temporary name. Files a reader already opened stay readable.
    """
    source, target = Path(source), Path(target)
    if not target.exists():
        os.rename(source, target)
    elif exchange and _exchange(source, target):
        shutil.rmtree(source)  # the old folder, now under the temporary name
    else:
        aside = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, aside)
        os.rename(source, target)
        shutil.rmtree(aside)
    fsync_dir(target.parent)


@contextmanager
def atomic_file(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a UTF-8 text file that appears at `path` whole, or not at all.

    Writes go to a hidden temporary file beside `path`; on a clean exit it is fsynced and renamed
    over `path`; on an exception it is deleted and `path` is untouched. An OSError names the file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write text to `path` atomically (see atomic_file); line endings are written as given."""
    with atomic_file(path, newline="") as fh:
        fh.write(text)


def ndjson_line(obj: object) -> str:
    """Return one value as a line of compact JSON, newline included, however deeply it nests.

    A lone surrogate (a JSON escape such as \\ud800 with no pair) is not Unicode: neither UTF-8
    nor DuckDB can hold it, so it becomes U+FFFD; every other character is kept as sent.
    """
    text = jsontext.dumps(obj)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text + "\n"


def write_ndjson(objects: Iterable[object], path: Path) -> int:
    """Write values one JSON document per line, atomically; return how many were written."""
    count = 0
    with atomic_file(path) as fh:
        for obj in objects:
            fh.write(ndjson_line(obj))
            count += 1
    return count


def iter_ndjson(path: Path) -> Iterator[dict]:
    """Yield the values of an NDJSON file, skipping blank lines."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def append_jsonl(path: Path, obj: dict) -> None:
    """Append one JSON line to a log and fsync it: a crash can cut only the line being written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(obj, sort_keys=True) + "\n"
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = "\n" + line  # end the line a crash cut, so this one stays readable
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield each readable JSON object of a log; a line cut short by a crash is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield obj
