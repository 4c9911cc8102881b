"""The `trials` command line: import of real downloads, clear errors."""

import subprocess
import sys

import duckdb
import pytest

from pipeline.cli import main
from pipeline.records import latest_versions, read_study_file

EXPORTS = [
    "dgg32-clinical-trials-public-ctg-studies.json",
    "dgg32-clinical-trials-public-ctg-studies-2.json",
    "dgg32-clinical-trials-public-ctg-studies-5.json",
    "jinash-trial-match-ai-ctg-studies.json",
    "koy570-herniated_disc-ctg-studies.json",
    "scampbe3-my-website-ctg-studies.json",
]


def studies_in_db(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("select nct_id from studies").fetchall()}


@pytest.mark.parametrize("name", EXPORTS)
def test_import_loads_every_distinct_study_of_an_export(corpus_dir, tmp_path, name, capsys):
    path = corpus_dir / "exports" / name
    expected = set(latest_versions(read_study_file(path)))
    assert main(["import", "--db", str(tmp_path / "x.duckdb"), str(path)]) == 0
    assert studies_in_db(tmp_path / "x.duckdb") == expected
    assert f"{len(expected):,} distinct studies" in capsys.readouterr().out


def test_import_of_every_download_shape_together(corpus_dir, tmp_path):
    files = sorted(corpus_dir.glob("exports/*.json")) + sorted(corpus_dir.glob("pages/*.json"))
    files += sorted(corpus_dir.glob("studies/*.json"))
    expected = {n for f in files for n in latest_versions(read_study_file(f))}
    assert main(["import", "--db", str(tmp_path / "x.duckdb"), *map(str, files)]) == 0
    assert studies_in_db(tmp_path / "x.duckdb") == expected


def test_import_of_a_bad_file_fails_clearly_and_keeps_the_database(corpus_dir, tmp_path, capsys):
    db_path = tmp_path / "x.duckdb"
    good = corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json"
    assert main(["import", "--db", str(db_path), str(good)]) == 0
    before = db_path.read_bytes()
    bad = tmp_path / "metadata.json"
    bad.write_text('{"fields": []}')
    assert main(["import", "--db", str(db_path), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "metadata.json" in err and len(err.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


def test_unreachable_api_gives_one_line_suggesting_demo(tmp_path):
    # A real process, so every line it writes to the terminal is seen (logging included).
    cmd = [sys.executable, "-m", "pipeline.cli", "refresh", "--base-url",
           "http://127.0.0.1:9/api/v2", "--data-dir", str(tmp_path), "--min-interval", "0",
           "--backoff", "0", "--max-attempts", "2", "--no-progress"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(err) == 1 and "make demo" in err[0] and "cannot reach" in err[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "trials.duckdb").exists()
