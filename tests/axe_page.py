"""axe-core in Chromium for the site's browser tests: `run_axe(page) -> violations`.

axe-core comes from npm (package.json, installed into node_modules/ by `make test`); without
it the calling test is skipped, and fails under CI. (The dashboard work carries the same helper
as tests/axe.py; one of the two is meant to go.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def run_axe(page) -> list[dict]:
    """Return axe-core's violations (id, impact, help, nodes) on the page as it is now."""
    if not AXE_JS.exists():
        message = f"{AXE_JS} is missing: run `make node_modules/.installed`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        TAGS,
    )
    return result["violations"]


def serious(violations: list[dict]) -> list[str]:
    """Return 'impact id: help (first targets)' for each serious or critical violation."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]
