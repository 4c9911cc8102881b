"""Shared fixtures: the bundled real corpus, a local API emulator serving it, a database built
from it (corpus_db) and Debian's Chromium for the browser checks."""

import contextlib
import fcntl
import os
import sys
from pathlib import Path

import pytest

# Prefect's test server would try to send telemetry: no network beyond loopback in tests.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Under pytest-xdist each worker gets its own Prefect home (its own SQLite database for the
# ephemeral API), kept between sessions so its migrations run once. The venv's name is part of it:
# make test-matrix runs other Prefect versions, and an older Prefect cannot open a database a
# newer one migrated. Set before Prefect is imported.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    _home = Path(os.environ.get("PREFECT_HOME") or Path(__file__).parents[1] / "data" / ".prefect")
    _venv = Path(sys.prefix).name
    os.environ["PREFECT_HOME"] = str(_home.with_name(f"{_home.name}-{_venv}-{worker}"))
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)

from realdata import RUNS, land_records, run_options, sql

from pipeline.emulator import Emulator, load_corpus

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _restore_environment():
    """In-process CLI calls set Prefect defaults in os.environ; no test sees another's."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


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
    """One Prefect server for the session's flows (test_flow.py): a real `prefect server` on
    loopback whose database lives in this venv's and worker's Prefect home, so its migrations
    (most of a server's ~13 s start) run once, not every session. Flows run in this process
    against it; nothing there runs scheduled work, so runs of earlier sessions are inert. It
    waits for the server however long a busy machine takes."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.server_demo import local_server

    home = Path(os.environ.get("PREFECT_HOME") or Path(__file__).parents[1] / "data" / ".prefect")
    with (
        local_server(home / "test-server") as server,
        temporary_settings({PREFECT_API_URL: server.api_url}),
    ):
        yield server


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """One real `prefect server` on loopback, fresh each run (its workers must not find runs of
    earlier sessions), for the deployment test and the fleet test (both in
    test_prefect_server.py, so one worker starts it once)."""
    from flows.server_demo import local_server

    with local_server(tmp_path_factory.mktemp("prefect-server-home")) as server:
        yield server


def served_ids(emu, topic) -> set[str]:
    """Every distinct NCT id the emulator returns for a topic's queries, paged by hand."""
    import requests

    ids = set()
    for query in topic.queries:
        token = None
        while True:
            params = dict(query.params, pageSize=1000)
            if token:
                params["pageToken"] = token
            body = requests.get(emu.base_url + "/studies", params=params, timeout=10).json()
            ids |= {s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]}
            token = body.get("nextPageToken")
            if not token or not body["studies"]:
                break
    return ids


@pytest.fixture
def run_nightly(prefect_harness, emulator, tmp_path):
    """Run the nightly flow against the emulator into tmp_path, with no waits between requests
    and no dashboard (rendered and checked in test_flow and test_dashboard*)."""
    from flows.nightly import nightly_refresh

    def run(**kw):
        rate_limit = kw.pop("rate_limit", None)
        return nightly_refresh(run_options(emulator, tmp_path, **kw), rate_limit=rate_limit)

    return run


@pytest.fixture
def refresh(emulator, tmp_path):
    """Like run_nightly, through the plain run (pipeline.jobs.run.refresh_run) without Prefect: the
    same steps, options and summary; for tests about the run, not about Prefect."""
    from pipeline.jobs import run

    def go(**kw):
        if "topics" in kw:
            kw["topics"] = tuple(kw["topics"])
        return run.refresh_run(run_options(emulator, tmp_path, **kw)).as_dict()

    return go


@contextlib.contextmanager
def built_once(tmp_path_factory, name: str):
    """Yield (folder, built) for something built once per test run and shared by the workers.

    Under pytest-xdist the first worker to need it builds it in the run's shared temporary
    folder (under an exclusive lock: the others wait) and marks it built; later ones find
    built true and reuse it. Shared: read it, or copy it before changing it.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    folder = shared / name
    folder.mkdir(exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = folder / "built"
        yield folder, built.exists()
        built.touch()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, corpus_studies) -> Path:
    """Path of a database built from every corpus record by the real steps, without Prefect,
    once per test run (built_once). Open it read-only, or copy it before changing it."""
    from pipeline.config.topics import list_topics, load_topic
    from pipeline.jobs import steps

    with built_once(tmp_path_factory, "corpus-db") as (folder, built):
        database = folder / "trials.duckdb"
        if not built:
            land_records(database, corpus_studies, folder / "corpus.ndjson", "test")
            topics = [load_topic(slug) for slug in list_topics()]
            steps.rebuild_tables(database, topics)
            steps.run_checks(database)
            steps.rank_and_export(database, "test-run", topics)
    return database


@pytest.fixture(scope="session")
def ranked_ids(corpus_db) -> list[str]:
    """NCT ids the leg-cramps list ranks on the bundled corpus, best first."""
    rows = sql(corpus_db, "select nct_id from top_trials where topic = 'leg-cramps' order by rank")
    return [r[0] for r in rows]


@pytest.fixture(scope="session")
def runs_db(corpus_db, tmp_path_factory):
    """The corpus database plus four runs (realdata.RUNS), as refreshes would record them; built
    once per test run (built_once)."""
    with built_once(tmp_path_factory, "runs-db") as (folder, built):
        database = folder / "trials.duckdb"
        if not built:
            _record_runs(corpus_db, database)
    return database


def _record_runs(corpus_db: Path, database: Path) -> None:
    import json
    import shutil
    from datetime import datetime

    from pipeline.warehouse import db, history, landing

    shutil.copyfile(corpus_db, database)
    con = db.connect(database)
    try:
        for run_id, outcome, mode, requests, received, total in RUNS:
            started = datetime.strptime(run_id[:15], "%Y%m%dT%H%M%S")
            history.save_run(
                con,
                history.RunRecord(
                    run_id=run_id,
                    started_at=started.isoformat(),
                    outcome=outcome,
                    mode=mode,
                    topics=["leg-cramps"],
                    requests=requests,
                ),
            )
            if received is None:
                continue
            landing.save_fetch(
                con,
                {
                    "run_id": run_id,
                    "topic": "leg-cramps",
                    "query_id": "cond-leg-cramps",
                    "mode": mode,
                    "since": None,
                    "params": json.dumps({"query.cond": "leg cramps"}),
                    "data_timestamp": f"{started:%Y-%m-%d}T09:00:05",
                    "total_count": total,
                    "received": received,
                    "unique_received": received,
                    "pages": 1,
                    "requests": requests,
                    "fetched_at": started,
                },
            )
    finally:
        con.close()
    return database


@pytest.fixture(scope="session")
def corpus_dashboard(corpus_db, tmp_path_factory):
    """Path of the dashboard rendered from the corpus database (no runs recorded), for the
    dashboard tests and its browser checks: rendered once per test run (built_once)."""
    from pipeline.dashboard.page import render_dashboard

    with built_once(tmp_path_factory, "corpus-dashboard") as (folder, built):
        page = folder / "site" / "dashboard.html"
        if not built:
            render_dashboard(corpus_db, page)
    return page


@pytest.fixture(scope="session")
def runs_dashboard(runs_db, tmp_path_factory):
    """Path of the dashboard of runs_db (every panel draws a chart), rendered once per test run."""
    from pipeline.dashboard.page import render_dashboard

    with built_once(tmp_path_factory, "runs-dashboard") as (folder, built):
        page = folder / "dashboard.html"
        if not built:
            render_dashboard(runs_db, page)
    return page


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright: skipped where it is missing, required under CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium missing under CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser checks")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Layers, by file unless a test says otherwise (pytest -m):
#   unit         plain functions, small real databases, the emulator on loopback (test-fast)
#   integration  the whole corpus through a step, chart rendering (child process), the CLI in child
#                processes, the emulator's property test
#   e2e          whole runs through Prefect, Prefect servers and workers, crashes, the fuzz test
#   browser      pages in Debian's Chromium with axe-core
# A test marked integration/e2e itself (e.g. one slow case of a unit file) leaves the unit layer.
E2E_FILES = {
    "test_prefect_server.py", "test_crash.py", "test_nightly_ops.py", "test_flow.py",
    "test_registry_mode.py", "test_robustness.py", "test_fuzz.py",
    "test_registry_enums.py", "test_hostile.py",
}  # fmt: skip
BROWSER_FILES = {"test_site_browser.py", "test_dashboard_browser.py"}
INTEGRATION_FILES = {
    "test_dashboard.py", "test_render_safety.py", "test_cli.py", "test_emulator_properties.py",
    "test_emulator_clients.py", "test_stage_import.py", "test_topic_words.py",
    "test_incremental.py", "test_readme.py",
}  # fmt: skip
LAYERS = ("e2e", "browser", "integration")


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if name in E2E_FILES:
            item.add_marker(pytest.mark.e2e)
        elif name in BROWSER_FILES:
            item.add_marker(pytest.mark.browser)
        elif name in INTEGRATION_FILES:
            item.add_marker(pytest.mark.integration)
        if not any(item.get_closest_marker(layer) for layer in LAYERS):
            item.add_marker(pytest.mark.unit)
    # make test runs pytest-xdist with --dist loadfile: a file's tests share a worker (module and
    # session fixtures are built once there; so every test on the session's Prefect test server
    # is in test_flow.py, both tests on a real Prefect server in test_prefect_server.py). With
    # --no-loadscope-reorder (pytest-xdist would sort files by their number of tests) files are
    # handed out in collection order: the long ones first (end-to-end, browser, integration, the
    # longest of each first), so that no long file starts last and runs alone at the end.
    # Stable: a file's tests keep their order.
    items.sort(key=_run_order)


# The longest files, by their time alone on a quiet machine (the fleet waits on its rate limit).
LONGEST_FIRST = (
    "test_prefect_server.py", "test_flow.py", "test_nightly_ops.py", "test_robustness.py",
    "test_crash.py", "test_fuzz.py", "test_cli.py",
)  # fmt: skip


def _run_order(item) -> tuple[int, int]:
    name = item.path.name
    longest = LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    for order, files in enumerate((E2E_FILES, BROWSER_FILES, INTEGRATION_FILES), start=1):
        if name in files:
            return (order, longest)
    return (4, longest)
