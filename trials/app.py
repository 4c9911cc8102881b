"""`trials` from argv to exit code: parse, set up the terminal log, check paths, run, report."""

from __future__ import annotations

import logging
import os
import sys

from trials.errors import CliError, describe, one_line
from trials.parser import build_parser
from trials.paths import check_paths


class _TerminalFilter(logging.Filter):
    """Without -v the terminal shows the project's own errors only, as one line each: Prefect's
    records (a failed run's 20-150 lines) stay in the Prefect run log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] in ("pipeline", "flows", "__main__")


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return one_line(f"{record.levelname} {record.name}: {record.getMessage()}")


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    else:
        handler.setLevel(logging.ERROR)
        handler.addFilter(_TerminalFilter())
        handler.setFormatter(_OneLineFormatter())
    # Prefect keeps a root handler that has a formatter (it configures the root logger only
    # when there is none), so this handler decides what reaches the terminal.
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, handlers=[handler])


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the `trials` command line; return the exit code.

    Every failure is one `error: ...` line on stderr naming the file or URL involved, exit 2;
    -v shows the full traceback (and, for flows, Prefect's own logs)."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        check_paths(args)
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `trials query ... | head`: the reader has gone; nothing more to say (Python's advice).
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except CliError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
    except Exception as exc:
        if isinstance(exc, OSError) and exc.filename is None:
            _silence_stdout()  # stdout itself failed (disk full): its buffer cannot be written
        if args.verbose:
            raise
        print(f"error: {one_line(describe(exc))}", file=sys.stderr)
    return 2
