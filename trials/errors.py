"""How the `trials` command line words a failure: one `error:` line."""

from __future__ import annotations

from pipeline.config.topics import TopicError
from pipeline.fetch.ctgov import ApiRequestError, ApiUnavailable
from pipeline.fetch.records import RecordFileError


class CliError(Exception):
    """A usage problem found before any work starts: one line, no traceback even with -v."""


def one_line(text: object) -> str:
    """Return text on one line (newlines and runs of spaces become one space)."""
    return " ".join(str(text).split())


def describe(exc: BaseException) -> str:
    """The `error:` text of an exception: its message, naming the file of an OSError."""
    if isinstance(exc, ApiUnavailable):
        return (
            f"cannot reach the ClinicalTrials.gov API ({exc}); "
            "no network? `make demo` runs the same job against the bundled local emulator"
        )
    if isinstance(exc, ApiRequestError):
        return f"the API rejected a request: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        return f"{' -> '.join(names) or 'standard output'}: {exc.strerror}"
    if isinstance(exc, CliError | TopicError | RecordFileError | ValueError | RuntimeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
