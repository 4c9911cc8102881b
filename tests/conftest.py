"""Shared fixtures: the bundled real corpus and a local API emulator serving it."""

from pathlib import Path

import pytest

from pipeline.emulator import Emulator, load_corpus

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_studies(corpus_dir) -> list[dict]:
    """The corpus loaded once per session; the emulator never mutates these dicts."""
    return load_corpus(corpus_dir)


@pytest.fixture
def emulator(corpus_studies):
    with Emulator(corpus_studies) as emu:
        yield emu


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (a temporary local API and database) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield
