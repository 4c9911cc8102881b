"""Where the project's data files are: the one place that knows.

The SQL, topics, article content, dashboards, export schemas and the bundled corpus live at the top
of the repository, where people edit them. A wheel carries copies inside the package
(`pipeline/_resources/`, put there by setup.py at build time), read with importlib.resources; a
source checkout or an editable install reads the repository's own folders. Nothing else in the
code looks for a folder relative to a module file.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

# The folders packaged with the code (setup.py copies exactly these).
RESOURCE_DIRS = ("sql", "topics", "content", "dashboards", "schemas", "corpus")


@cache
def root() -> Path:
    """Return the folder holding RESOURCE_DIRS: packaged copies first, else the checkout."""
    packaged = Path(str(files("pipeline") / "_resources"))
    if (packaged / "sql").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def path(name: str) -> Path:
    """Return one resource folder (one of RESOURCE_DIRS) or a path inside one ('sql/views')."""
    top = name.split("/", 1)[0]
    if top not in RESOURCE_DIRS:
        raise ValueError(f"{name!r} is not a packaged resource ({', '.join(RESOURCE_DIRS)})")
    return root() / name


def templates() -> Path:
    """Return the Jinja templates folder, which ships inside the package itself."""
    return Path(str(files("pipeline") / "templates"))
