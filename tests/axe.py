"""axe-core in Chromium: the accessibility check for any page a browser test has open.

    from axe import describe, run_axe, serious

    violations = run_axe(page)          # page: a loaded playwright Page
    assert serious(violations) == [], describe(violations)

`run_axe(page)` injects axe-core (npm, pinned in package.json, installed into node_modules/ by
`make node_modules/.installed`, which `make test` runs) into the page and returns axe's list of
violations, each a dict with `id`, `impact` ("minor" | "moderate" | "serious" | "critical"),
`help`, `helpUrl` and `nodes` (each with `target` and `failureSummary`). It runs the WCAG 2.x A
and AA rules plus axe's best practices, over the whole document. `serious(violations)` keeps
the serious and critical ones; `describe(violations)` is one line per violation for an assert.

Without node_modules/axe-core the tests that call `run_axe` are skipped, and fail under CI
(CI=true), as the browser fixture does for a missing Chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """Return axe-core's script; skip the test (fail under CI) when it is not installed."""
    if not AXE_JS.exists():
        message = f"{AXE_JS} is missing: run `make node_modules/.installed` (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """Return axe-core's violations on the page as it is now (see the module docstring)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        TAGS,
    )
    return result["violations"]


def serious(violations: list[dict]) -> list[dict]:
    """Return the serious and critical violations."""
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[dict]) -> str:
    """Return one line per violation: impact, rule id, help text and the first offending nodes."""
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in violations
    )
