"""Render Vega-Lite specs to SVG with vl-convert, in a child process of its own.

vl-convert is Rust behind a Python binding: text it cannot parse (a NUL, ESC or U+FFFF in a
label) makes it panic and abort the whole process (SIGABRT, exit 134). The dashboard therefore
renders its charts here, all in one child: `render_svgs` starts
`python -m pipeline.dashboard.render`, sends every spec as JSON on stdin and reads the SVGs back as
JSON on stdout. A crash of the renderer ends the child only; the caller gets a `RenderError`.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from pipeline.core.text import terminal_text

# A generous bound for a hung renderer (a full dashboard takes a few seconds).
TIMEOUT = 600
# Lines of a Rust panic report that say nothing about its cause.
_NOISE = ("thread ", "stack backtrace", "note:", "  ")


class RenderError(RuntimeError):
    """The chart renderer's child process failed; the message is one line."""


def _status(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


def _cause(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip() and not line.startswith(_NOISE) and not line[:1].isdigit():
            return terminal_text(line.strip())[:200]
    return ""


def render_svgs(specs: list[dict], timeout: float = TIMEOUT) -> list[str]:
    """Return the SVG of each Vega-Lite spec, rendered by vl-convert in one child process.

    Raises RenderError (one line: how the child ended and the first line of its report) when the
    child fails, is killed or runs past `timeout` seconds.
    """
    if not specs:
        return []
    payload = json.dumps(specs).encode("ascii")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.dashboard.render"],
            input=payload,
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=Path(__file__).resolve().parents[1],
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"the chart renderer ran longer than {timeout:g} s") from exc
    if done.returncode != 0:
        cause = _cause(done.stderr)
        raise RenderError(
            f"the chart renderer {_status(done.returncode)}" + (f": {cause}" if cause else "")
        )
    svgs = json.loads(done.stdout)
    if not isinstance(svgs, list) or len(svgs) != len(specs):
        raise RenderError("the chart renderer returned an unexpected answer")
    return svgs


def main() -> int:
    """Read a JSON list of Vega-Lite specs on stdin; write a JSON list of SVGs on stdout."""
    import vl_convert

    specs = json.loads(sys.stdin.buffer.read())
    try:
        svgs = [vl_convert.vegalite_to_svg(spec) for spec in specs]
    except Exception as exc:  # one line for the parent, not a traceback
        print(f"{type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    sys.stdout.buffer.write(json.dumps(svgs).encode("ascii"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
