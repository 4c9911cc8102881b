"""The `trials` command line: import of real downloads, clear errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from realdata import cli, one_error_line

from pipeline.fetch.records import RecordFileError, latest_versions, read_study_file
from trials import main

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
        return {r[0] for r in con.execute("select nct_id from study_overview").fetchall()}


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
    cmd = [sys.executable, "-m", "trials", "refresh", "--base-url",
           "http://127.0.0.1:9/api/v2", "--data-dir", str(tmp_path), "--min-interval", "0",
           "--backoff", "0", "--max-attempts", "2", "--no-progress"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(err) == 1 and "make demo" in err[0] and "cannot reach" in err[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "trials.duckdb").exists()


def not_duckdb_files(tmp_path, corpus_dir):
    """SYNTHETIC: paths a user might pass as --db that are not DuckDB databases."""
    real = tmp_path / "real.duckdb"
    duckdb.connect(str(real)).close()
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.duckdb").write_bytes(b"")
    (tmp_path / "truncated.duckdb").write_bytes(real.read_bytes()[:8])
    (tmp_path / "export.duckdb").write_bytes(
        (corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json").read_bytes()
    )
    return [tmp_path / n for n in ("folder", "empty.duckdb", "truncated.duckdb", "export.duckdb")]


@pytest.mark.parametrize("command", ["top", "query open_trials_by_country", "dashboard", "demo",
                                     "refresh", "import"])  # fmt: skip
def test_a_db_that_is_not_a_duckdb_file_is_one_line_before_any_work(
    command, tmp_path, corpus_dir, capsys
):
    export = corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json"
    for bad in not_duckdb_files(tmp_path, corpus_dir):
        before = bad.read_bytes() if bad.is_file() else None
        argv = [*command.split(), "--db", str(bad)]
        argv += [str(export)] if command == "import" else ["--data-dir", str(tmp_path / "d")]
        assert main(argv) == 2
        out, err = capsys.readouterr()
        line = one_error_line(err)
        assert str(bad) in line and ("directory" in line or "not a DuckDB database" in line)
        assert out == ""  # nothing started: no emulator, no request, no report
        assert (bad.read_bytes() if bad.is_file() else None) == before
        assert not (tmp_path / "d").exists()


def test_a_real_duckdb_file_passes_the_check(tmp_path):
    from trials.paths import check_database_file

    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).close()
    check_database_file(path)
    check_database_file(tmp_path / "not-yet.duckdb")


@pytest.mark.parametrize("command", ["demo", "refresh", "top", "query open_trials_by_country"])
def test_a_data_dir_that_is_not_a_directory_is_one_line(command, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    for data_dir, words in (("/dev/null", "is not a directory"),
                            (str(tmp_path / "file" / "sub"), "cannot be created")):  # fmt: skip
        assert main([*command.split(), "--data-dir", data_dir]) == 2
        out, err = capsys.readouterr()
        line = one_error_line(err)
        # Read-only commands find no database there; the others refuse the folder itself.
        assert data_dir in line and (words in line or "no database at" in line)
        assert out == ""


def test_a_topic_outside_the_topics_folder_is_refused_before_any_work(tmp_path, capsys):
    assert main(["demo", "--topic", "../../x", "--data-dir", str(tmp_path / "d")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "'../../x' is not a topic slug" in line and "leg-cramps" in line
    assert not (tmp_path / "d").exists()


def test_query_without_a_name_lists_the_library(capsys):
    assert main(["query"]) == 0
    out = capsys.readouterr().out
    assert "open_trials_by_country" in out and "results_posted" in out


@pytest.mark.parametrize("limit", ["0", "-3", "ten"])
def test_limit_must_be_a_whole_number_of_at_least_one(limit, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["top", "--limit", limit])
    assert caught.value.code == 2
    assert "argument --limit" in capsys.readouterr().err


def test_every_subcommand_help_has_examples():
    from trials.examples import EXAMPLES
    from trials.parser import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) | {"trials"} == set(EXAMPLES)
    assert "examples:" in parser.format_help()
    for name, sub in commands.items():
        assert "examples:" in sub.format_help() and f"trials {name}" in sub.format_help()


def test_verbose_shows_the_traceback(tmp_path):
    bad = tmp_path / "metadata.json"
    bad.write_text('{"fields": []}')
    with pytest.raises(RecordFileError, match="metadata.json"):
        main(["-v", "import", "--db", str(tmp_path / "x.duckdb"), str(bad)])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
def test_a_full_disk_on_stdout_is_one_line():
    # /dev/full answers every write with ENOSPC, as a full disk does.
    with open("/dev/full", "w") as full:
        done = cli("query", "--list", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == "error: standard output: No space left on device"


def test_a_closed_pipe_ends_quietly():
    # `trials query --list | head -0`: the reader has gone before the first write.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = cli("query", "--list", stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == ""


def test_serve_refuses_an_ephemeral_prefect_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")  # a fresh profile: no API URL set there
    done = cli("serve", "--data-dir", str(tmp_path / "d"), capture_output=True, env=env)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert "prefect server start" in line and "PREFECT_API_URL" in line


def test_prefect_settings_the_user_set_are_kept(monkeypatch):
    from trials.prefect_env import PREFECT_DEFAULTS, PREFECT_QUIET, prefect_environment

    for name in [*PREFECT_DEFAULTS, *PREFECT_QUIET]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "7")
    prefect_environment(verbose=False)
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "7"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "CRITICAL"


# A child process that counts, through Python's audit events, what each command line does in
# the topics folder (TRIALS_TOPICS_DIR): scanning it or opening a file in it.
TOPIC_READS = """
import json, os, sys
folder = os.environ["TRIALS_TOPICS_DIR"]
reads = []
def watch(event, args):
    if event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], str):
        if args[0].startswith(folder):
            reads.append(args[0])
sys.addaudithook(watch)
from trials import main
for argv in (["query", "--list"], ["refresh", "--help"]):
    reads.clear()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    print(json.dumps({"argv": argv, "code": code, "reads": len(reads)}), file=sys.stderr)
"""


def test_only_help_reads_the_topic_files(tmp_path):
    from pipeline.config.topics import TOPICS_DIR, ranked_topics

    topics = tmp_path / "topics"
    topics.mkdir()
    for path in TOPICS_DIR.glob("*.toml"):
        (topics / path.name).write_bytes(path.read_bytes())
    env = {**os.environ, "TRIALS_TOPICS_DIR": str(topics)}
    done = subprocess.run([sys.executable, "-c", TOPIC_READS], capture_output=True, text=True,
                          env=env, timeout=300)  # fmt: skip
    runs = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [(r["argv"][0], r["code"]) for r in runs] == [("query", 0), ("refresh", 0)], done.stderr
    assert runs[0]["reads"] == 0  # the query library needs no topic: start-up reads none
    assert runs[1]["reads"] > 0  # the refresh examples show a ranked topic of the folder
    assert f"--topic {ranked_topics(topics)[0].slug}\n" in done.stdout
