"""The README's examples run as written, on a database built from the real corpus."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README.read_text()) if lang == kind]


@pytest.fixture
def in_checkout(corpus_db, tmp_path, monkeypatch):
    """A working directory whose data/trials.duckdb is the corpus database, as after make demo."""
    (tmp_path / "data").mkdir()
    shutil.copy(corpus_db, tmp_path / "data" / "trials.duckdb")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_python_examples_run(in_checkout):
    examples = blocks("python")
    assert len(examples) >= 2
    for code in examples:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, f"{code}\n{done.stderr}"


def test_the_one_example_query_runs_and_finds_open_trials(in_checkout):
    [shell] = [b for b in blocks("sh") if b.startswith(".venv/bin/python -c")]
    code = shell.removeprefix('.venv/bin/python -c "').rstrip().removesuffix('"')
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "RECRUITING" in done.stdout


def test_the_sql_examples_run_and_return_rows(in_checkout):
    con = duckdb.connect("data/trials.duckdb", read_only=True)
    [sql] = blocks("sql")
    for statement in filter(None, (s.split("--")[0].strip() for s in sql.splitlines())):
        assert con.execute(statement).fetchall(), statement
