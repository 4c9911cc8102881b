"""Packages the repository's data folders inside the sdist and the wheel.

Everything else about the package is declared in pyproject.toml; this file only adds two build
steps for the folders named in pipeline/core/resources.py's RESOURCE_DIRS, the one list of them
(read here from that file's syntax tree, so the build imports nothing of the package):
the sdist carries the folders, and the wheel gets them copied to pipeline/_resources/, so
`pip install .`, a wheel, an sdist or pipx carry them and importlib.resources finds them.
"""

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.egg_info import egg_info

HERE = Path(__file__).resolve().parent
SKIP_NAMES = ("__pycache__",)
SKIP_SUFFIXES = (".pyc", ".pyo")


def resource_dirs() -> tuple[str, ...]:
    """RESOURCE_DIRS as pipeline/core/resources.py assigns it."""
    tree = ast.parse((HERE / "pipeline" / "core" / "resources.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "RESOURCE_DIRS" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise RuntimeError("pipeline/core/resources.py assigns no RESOURCE_DIRS")


def resource_files() -> list[Path]:
    """Every file of the resource folders, hidden files and bytecode left out."""
    found = []
    for name in resource_dirs():
        for path in sorted((HERE / name).rglob("*")):
            parts = path.relative_to(HERE).parts
            if not path.is_file() or any(p.startswith(".") or p in SKIP_NAMES for p in parts):
                continue
            if path.suffix not in SKIP_SUFFIXES:
                found.append(path)
    return found


class BuildWithResources(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "pipeline" / "_resources"
        for path in resource_files():
            dest = target / path.relative_to(HERE)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)


class SourcesWithResources(egg_info):
    """The sdist's file list (egg_info's, which sdist takes) plus the resource folders."""

    def find_sources(self):
        super().find_sources()
        for path in resource_files():
            self.filelist.append(str(path.relative_to(HERE)))


setup(cmdclass={"build_py": BuildWithResources, "egg_info": SourcesWithResources})
