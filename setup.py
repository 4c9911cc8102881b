"""Packages the repository's data folders inside the wheel (see pipeline/core/resources.py).

Everything else about the package is declared in pyproject.toml; this file only adds a build step:
the folders named in pipeline.core.resources.RESOURCE_DIRS are copied to pipeline/_resources/ in the
build, so `pip install .`, a wheel or pipx carry them and importlib.resources finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCE_DIRS = ("sql", "topics", "content", "dashboards", "schemas", "corpus")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithResources(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "pipeline" / "_resources"
        for name in RESOURCE_DIRS:
            shutil.copytree(HERE / name, target / name, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
