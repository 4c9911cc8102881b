"""One run, start to end: the refresh and the import as plain functions over one build lifecycle.

A run takes the database's publish lock, clears what killed runs left, builds a new file beside the
published one, and either publishes it (atomic rename) or discards it. Whatever happens, the run is
logged (`<db>.runs.jsonl`, copied into `pipeline_runs` by the next publish). After the database,
the site outputs are brought up to date with it (`sync_site`): every run, a skip included, rewrites
the outputs that are older than the published database, so a crash between the two heals itself.

Prefect is not imported here: `flows/nightly.py` passes a `step` hook that runs each step as a
task; called directly, steps are plain calls.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path

from pipeline import builds, db, export, history, landing, planning, steps
from pipeline.ctgov import DEFAULT_BASE_URL, Client
from pipeline.files import write_atomic
from pipeline.steps import Step, direct
from pipeline.topics import Topic, list_topics, load_topic, ranked_topics

log = logging.getLogger(__name__)

# The site files of the database named DEFAULT_DB_NAME go to <data_dir>/site; any other database
# gets <data_dir>/site-<stem>, so two databases sharing a data folder never overwrite each other.
DEFAULT_DB_NAME = "trials.duckdb"
MANIFEST = "manifest.json"


class SiteOwned(RuntimeError):
    """A site folder already holds another database's outputs."""


class SitePublishFailed(RuntimeError):
    """The database was published but a site output could not be written; the next run retries."""


@dataclass(frozen=True)
class RefreshOptions:
    """Everything one refresh needs to know; the flow and the CLI fill it in."""

    db_path: Path = Path("data") / DEFAULT_DB_NAME
    data_dir: Path = Path("data")
    # Empty: every ranked topic of the topics folder (pipeline.topics.ranked_topics).
    topics: tuple[str | Topic, ...] = ()
    base_url: str = DEFAULT_BASE_URL
    min_interval: float = 1.0
    max_attempts: int = 6
    backoff: float = 2.0
    read_timeout: float = 60.0
    force: bool = False
    full: bool = False
    rebuild: bool = False
    full_every_days: int = 7
    allow_shrink: bool = False
    max_shrink: float = 0.2
    page_limit: int = 10
    build_dashboard: bool = True
    show_progress: bool = False
    # Called before every API request (pipeline.ctgov.Client.before_request); not a flow parameter.
    before_request: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def flow_parameters(self) -> dict:
        """The options as parameters of the nightly-refresh flow (JSON-friendly values)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "before_request"}
        out["db_path"], out["data_dir"] = str(self.db_path), str(self.data_dir)
        out["topics"] = [t.slug if isinstance(t, Topic) else t for t in self.topics]
        return out

    def load_topics(self) -> list[Topic]:
        """The run's topics, loaded from topics/ where given by slug; none: every ranked topic."""
        if not self.topics:
            return ranked_topics()
        return [t if isinstance(t, Topic) else load_topic(t) for t in self.topics]

    def client(self) -> Client:
        return Client(
            self.base_url,
            min_interval=self.min_interval,
            max_attempts=self.max_attempts,
            backoff=self.backoff,
            read_timeout=self.read_timeout,
            before_request=self.before_request,
        )


@dataclass
class RunResult:
    """What one run did. `as_dict()` is the run summary the reports and the flow return."""

    run_id: str
    outcome: str
    published: str
    data_timestamp: str | None = None
    mode: str | None = None
    base_url: str | None = None
    requests: int = 0
    plans: list[dict] = field(default_factory=list)
    fetches: list[dict] = field(default_factory=list)
    landed: dict | None = None
    removed: int = 0
    restored: int = 0
    members: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, list] = field(default_factory=dict)
    quarantined: int = 0
    changes: dict = field(default_factory=dict)
    site_files: list[str] = field(default_factory=list)
    healed: list[str] = field(default_factory=list)
    top: dict[str, list[dict]] = field(default_factory=dict)
    docs: list[dict] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("docs")
        return out


# --- paths -------------------------------------------------------------------------------------


def staging_root(published: Path) -> Path:
    """Return the staging folder of one database (beside it, so no other database shares it)."""
    return published.with_name(f".{published.name}.staging")


def site_dir_for(published: Path, data_dir: Path) -> Path:
    """Return where the site files of `published` go under `data_dir`."""
    if published.name == DEFAULT_DB_NAME:
        return data_dir / "site"
    return data_dir / f"site-{published.stem}"


# --- the build lifecycle -------------------------------------------------------------------------


class Lifecycle:
    """Lock, clean up after killed runs, one build, then publish or discard.

    with Lifecycle(published) as life:
        build = life.new_build()
        ...                       # land, rebuild, check
        life.publish()            # atomic; without it the build is discarded on exit
    """

    def __init__(self, published: Path):
        self.published = published
        self.build: Path | None = None
        self.is_published = False
        self._lock = builds.publish_lock(published)

    def __enter__(self) -> Lifecycle:
        self._lock.__enter__()
        try:
            # Under the lock no other run of this database is active: leftovers are killed runs'.
            for path in builds.remove_stale_builds(self.published):
                log.warning("removed %s left by a killed run", path)
            shutil.rmtree(staging_root(self.published), ignore_errors=True)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def staging(self, run_id: str) -> Path:
        return staging_root(self.published) / run_id

    def new_build(self) -> Path:
        try:
            self.build = builds.new_build(self.published)
        except OSError as exc:
            raise OSError(
                exc.errno, f"cannot create a build beside {self.published}: {exc.strerror}"
            ) from exc
        return self.build

    def publish(self) -> None:
        if self.build is None:
            raise RuntimeError("nothing built to publish")
        builds.publish(self.build, self.published)
        self.is_published = True

    def __exit__(self, *exc: object) -> None:
        try:
            if self.build is not None and not self.is_published:
                builds.discard(self.build)
            shutil.rmtree(staging_root(self.published), ignore_errors=True)
        finally:
            self._lock.__exit__(*exc)


# --- the site ------------------------------------------------------------------------------------


def read_manifest(site_dir: Path) -> dict:
    path = site_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def claim_site(site_dir: Path, published: Path) -> dict:
    """Return the site manifest, refusing a folder that holds another database's outputs."""
    manifest = read_manifest(site_dir)
    owner = manifest.get("database")
    mine = str(published.resolve())
    if owner and owner != mine:
        raise SiteOwned(
            f"{site_dir} holds the site files of {owner}; give {published} its own --data-dir"
        )
    manifest["database"] = mine
    manifest.setdefault("outputs", {})
    return manifest


def write_manifest(site_dir: Path, manifest: dict) -> None:
    write_atomic(site_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


@dataclass(frozen=True)
class PublishedRun:
    """The last run that published a database, and each topic's last stored ranking."""

    run_id: str | None
    data_timestamp: str | None
    rankings: dict[str, tuple[str, str | None, datetime]]


def published_run(published: Path) -> PublishedRun:
    """Read which run the published database holds (None when nothing was published yet)."""
    if not published.exists():
        return PublishedRun(None, None, {})
    con = db.connect(published, read_only=True)
    try:
        row = con.execute(
            "select run_id, data_timestamp from pipeline_runs where outcome = 'published'"
            " order by started_at desc, run_id desc limit 1"
        ).fetchone()
        rankings = {
            topic: (run_id, ts, at)
            for topic, run_id, ts, at in con.execute(
                "select topic, arg_max(run_id, ranked_at), arg_max(data_timestamp, ranked_at),"
                " max(ranked_at) from raw_rankings group by topic"
            ).fetchall()
        }
    finally:
        con.close()
    run_id, data_timestamp = row if row else (None, None)
    return PublishedRun(run_id, data_timestamp, rankings)


def write_topic_site(doc: dict, site_dir: Path, page_limit: int = 10) -> list[Path]:
    """Write one validated export's files: JSON and CSV, and its article page and fragment."""
    from pipeline.article import load_article
    from pipeline.site import write_site

    files = []
    for path, text in export.export_files([doc], site_dir):
        write_atomic(path, text)
        files.append(path)
    if doc["article"]:
        article = load_article(doc["article"]["slug"])
        files.extend(write_site(doc, article, site_dir, page_limit).values())
    return files


def _stale(state: PublishedRun, outputs: dict, site_dir: Path, dashboard: bool) -> list[str]:
    """The manifest keys of outputs made from another run than the database holds, or missing."""
    stale = [
        f"top-trials/{slug}"
        for slug, (run_id, _, _) in sorted(state.rankings.items())
        if outputs.get(f"top-trials/{slug}", {}).get("run_id") != run_id
        or not export.export_paths(site_dir, slug)[0].exists()
    ]
    if dashboard and (
        outputs.get("dashboard", {}).get("run_id") != state.run_id
        or not (site_dir / "dashboard.html").exists()
    ):
        stale.append("dashboard")
    return stale


def stale_outputs(published: Path, site_dir: Path, dashboard: bool = True) -> list[str]:
    """Return the site outputs (manifest keys) older than the published database, or missing."""
    state = published_run(published)
    if state.run_id is None:
        return []
    return _stale(state, read_manifest(site_dir).get("outputs", {}), site_dir, dashboard)


def nothing_to_do(opts: RefreshOptions) -> bool:
    """True when a refresh would only skip: the data is loaded and no site file is stale.

    Lets the command line log such a run without starting Prefect (seconds, not a minute).
    """
    published = Path(opts.db_path)
    if not published.exists():
        return False
    topics = opts.load_topics()
    with opts.client() as client:
        data_timestamp = client.version()
    _, plans = planning.plan_run(
        published, topics, data_timestamp, history.now(), opts.force, opts.full,
        timedelta(days=opts.full_every_days),
    )  # fmt: skip
    if any(p.fetches for p in plans):
        return False
    site_dir = site_dir_for(published, Path(opts.data_dir))
    return not stale_outputs(published, site_dir, opts.build_dashboard)


def sync_site(
    published: Path,
    site_dir: Path,
    topics: Sequence[str] | None = None,
    page_limit: int = 10,
    dashboard: bool = True,
    step: Step = direct,
) -> tuple[list[Path], list[str]]:
    """Bring the site files up to date with the published database; return (written, healed).

    An output is rewritten when the manifest says it was made from another run than the one the
    database holds for it (or it is missing). `topics` limits which topics' files are considered;
    None means every ranked topic in the database. A failure raises SitePublishFailed after the
    outputs that could be written were written.
    """
    from pipeline.site import validate_export

    state = published_run(published)
    if state.run_id is None:
        return [], []
    manifest = claim_site(site_dir, published)
    outputs = manifest["outputs"]
    stale = _stale(state, outputs, site_dir, dashboard)
    written: list[Path] = []
    healed: list[str] = []
    problems: list[str] = []
    for slug in sorted(state.rankings):
        key = f"top-trials/{slug}"
        if key not in stale or (topics is not None and slug not in topics):
            continue
        run_id, data_timestamp, ranked_at = state.rankings[slug]
        try:
            con = db.connect(published, read_only=True)
            try:
                doc = export.build_export(con, slug, ranked_at.isoformat() + "Z", run_id=run_id)
            finally:
                con.close()
            validate_export(doc)
            files = write_topic_site(doc, site_dir, page_limit)
        except Exception as exc:  # noqa: BLE001 - reported, retried by the next run
            log.error("site files of %s not written: %s", slug, exc, exc_info=True)
            problems.append(f"{slug}: {type(exc).__name__}: {exc}")
            continue
        if key in outputs:
            healed.append(key)
        outputs[key] = {
            "run_id": run_id,
            "data_timestamp": data_timestamp,
            "files": [str(p.relative_to(site_dir)) for p in files],
        }
        write_manifest(site_dir, manifest)
        written.extend(files)
    if "dashboard" in stale:
        from pipeline.dashboard import render_dashboard

        # One dashboard file: of several ranked topics it draws the first by slug (the CLI's
        # `trials dashboard --topic` draws any other).
        shown = min((s for s in state.rankings if topics is None or s in topics), default=None)
        try:
            path = step(
                "render-dashboard",
                render_dashboard,
                published,
                site_dir / "dashboard.html",
                topic=shown,
            )
        except Exception as exc:  # noqa: BLE001 - reported, retried by the next run
            log.error("dashboard not written: %s", exc, exc_info=True)
            problems.append(f"dashboard: {type(exc).__name__}: {exc}")
        else:
            if outputs.get("dashboard"):
                healed.append("dashboard")
            outputs["dashboard"] = {"run_id": state.run_id, "data_timestamp": state.data_timestamp}
            write_manifest(site_dir, manifest)
            written.append(path)
    if problems:
        raise SitePublishFailed(
            f"database {published} is published but site files failed ({'; '.join(problems)});"
            " the next run writes them again"
        )
    return written, healed


# --- the refresh ---------------------------------------------------------------------------------


def refresh_run(opts: RefreshOptions, step: Step = direct, run_id: str | None = None) -> RunResult:
    """Refresh the topics from the API and publish database and site; return what happened.

    Skips when the API's dataTimestamp is the one already published (unless force), but still
    heals site files older than the database. Any failure is logged in the run log and raised.
    """
    topics = opts.load_topics()
    published = Path(opts.db_path)
    site_dir = site_dir_for(published, Path(opts.data_dir))
    started = history.now()
    record = history.RunRecord(
        run_id or history.new_run_id(),
        started.isoformat(),
        "failed",
        topics=[t.slug for t in topics],
    )
    result = RunResult(record.run_id, "failed", str(published))
    client = opts.client()
    result.base_url = client.base_url
    claim_site(site_dir, published)  # refuse a site folder another database owns, before any work
    log_it = True
    try:
        with client, Lifecycle(published) as life:
            _refresh(opts, step, client, topics, life, record, result, started, site_dir)
    except builds.PublishLocked:
        log_it = False
        raise
    except BaseException as exc:
        record.error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, steps.ChecksFailed):
            record.checks_failed = [c.name for c in exc.failed]
        # After its database publish a run's failure is the site's; before it, nothing changed.
        failed = "published-site-failed" if result.outcome == "published" else "failed"
        record.outcome = result.outcome = failed
        raise
    finally:
        record.finished_at = history.now().isoformat()
        record.requests = result.requests = client.requests_made
        if log_it:
            history.append_run_log(published, record)
    return result


def _refresh(
    opts: RefreshOptions,
    step: Step,
    client: Client,
    topics: list[Topic],
    life: Lifecycle,
    record: history.RunRecord,
    result: RunResult,
    started: datetime,
    site_dir: Path,
) -> None:
    published = life.published
    data_timestamp = step("read-data-timestamp", client.version)
    record.data_timestamp = result.data_timestamp = data_timestamp
    states, plans = step(
        "plan-run",
        planning.plan_run,
        published,
        topics,
        data_timestamp,
        started,
        opts.force,
        opts.full,
        timedelta(days=opts.full_every_days),
    )
    result.plans = [asdict(p) for p in plans]
    for plan in plans:
        log.info("%s: %s (%s)", plan.topic, plan.mode, plan.reason)
    if not any(p.fetches for p in plans):
        record.outcome, record.mode = "skipped", "skip"
        result.outcome, result.mode = "skipped", "skip"
        log.info("dataTimestamp %s already published: nothing to fetch", data_timestamp)
        _sync(published, site_dir, None, opts, step, result)
        return
    by_topic = {p.topic: p for p in plans}
    staging = life.staging(record.run_id)
    fetches = [
        step(
            "fetch-topic-query",
            fetch_query,
            client,
            topic,
            query,
            by_topic[topic.slug],
            staging,
            opts.show_progress,
        )
        for topic in topics
        for query in topic.queries
        if by_topic[topic.slug].query_mode(query.id) != "skip"
    ]
    enums = step("fetch-enums", steps.fetch_enums, client, staging)
    record.mode = result.mode = "full" if any(p.mode == "full" for p in plans) else "incremental"
    full_topics = [p.topic for p in plans if p.mode == "full"]
    build = step("start-build", life.new_build)
    landed = step(
        "land-raw",
        steps.land_fetches,
        build,
        record.run_id,
        data_timestamp,
        fetches,
        started,
        published,
        full_topics,
    )
    step("land-enums", steps.land_enums, build, record.run_id, data_timestamp, enums)
    counts = step("rebuild-tables", steps.rebuild_tables, build, topics, None, opts.rebuild)
    checks = step("run-checks", steps.run_checks, build)
    members = step(
        "check-shrink", steps.check_shrink, build, states, opts.max_shrink, opts.allow_shrink
    )
    docs = step("rank-and-export", steps.rank_and_export, build, record.run_id, topics)
    record.outcome = "published"
    record.studies_fetched = landed.stats.received
    record.studies_removed = landed.removed
    record.warnings = [c.name for c in checks if not c.passed]
    record.requests = client.requests_made
    record.finished_at = history.now().isoformat()
    changes = step("record-run", steps.record_run, build, record, started)
    step("publish-database", life.publish)
    result.outcome = "published"
    result.fetches = [asdict(f) for f in fetches]
    result.landed = asdict(landed.stats)
    result.removed, result.restored = landed.removed, landed.restored
    result.members = members
    result.tables = counts
    result.warnings = {c.name: [list(r) for r in c.rows] for c in checks if not c.passed}
    result.quarantined = counts.get("quarantine", 0)
    result.changes = changes
    result.docs = docs
    result.top = {
        doc["topic"]: [
            {k: t[k] for k in ("rank", "nct_id", "score", "status", "title")} for t in doc["trials"]
        ]
        for doc in docs
    }
    for name, rows in result.warnings.items():
        log.warning("check %s: %d rows, e.g. %s", name, len(rows), rows[:3])
    _sync(published, site_dir, None, opts, step, result)
    log.info("published %s: %d studies", published, counts.get("studies", 0))


def fetch_query(
    client: Client,
    topic: Topic,
    query,
    plan: planning.TopicPlan,
    staging: Path,
    show_progress: bool,
) -> steps.QueryFetch:
    """Fetch one topic query into staging, with a progress bar on the terminal if asked."""
    from tqdm import tqdm

    bar = tqdm(desc=f"{topic.slug}/{query.id}", unit=" studies", disable=not show_progress)

    def progress(stats) -> None:
        if stats.total_count is not None:
            bar.total = stats.total_count
        bar.n = stats.unique
        bar.refresh()

    try:
        fetched = steps.fetch_query(client, topic, query, plan, staging, progress)
    finally:
        bar.close()
    log.info(
        "%s/%s (%s): %d distinct of totalCount %s in %d pages, %d requests",
        topic.slug,
        query.id,
        fetched.mode,
        fetched.unique_received,
        fetched.total_count,
        fetched.pages,
        fetched.requests,
    )
    return fetched


def _sync(
    published: Path,
    site_dir: Path,
    topics: Sequence[str] | None,
    opts: RefreshOptions,
    step: Step,
    result: RunResult,
) -> None:
    """Run the site step; a SitePublishFailed it raises is logged by refresh_run."""
    written, healed = step(
        "publish-site",
        sync_site,
        published,
        site_dir,
        topics,
        opts.page_limit,
        opts.build_dashboard,
        step,
    )
    result.site_files = [str(p) for p in written]
    result.healed = healed
    for key in healed:
        log.warning("rewrote %s: it was older than the published database", key)


# --- the import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What one import did."""

    batch_id: str
    published: str
    files: int
    records: int
    distinct: int
    landed: dict
    tables: dict[str, int]
    warnings: dict[str, int]
    quarantined: int

    def as_dict(self) -> dict:
        return asdict(self)


def new_batch_id() -> str:
    return "import-" + history.new_run_id() + "-" + uuid.uuid4().hex[:4]


def import_run(db_path: Path, files: Sequence[Path]) -> ImportResult:
    """Load downloaded JSON files into db_path (raw, tables, checks) and publish it atomically.

    Each import is a batch (`raw_imports`); `remove_import` takes one back out.
    """
    from pipeline.records import stage_import

    published = Path(db_path)
    batch_id = new_batch_id()
    seen_at = history.now()
    with Lifecycle(published) as life:
        staging = life.staging(batch_id)
        staged = stage_import([Path(f) for f in files], staging / "import.ndjson")
        build = life.new_build()
        con = db.connect(build)
        try:
            con.begin()
            landed = landing.save_raw(con, [staged.path], "import:" + batch_id, None, seen_at)
            landing.save_import(con, batch_id, seen_at, [str(f) for f in files], staged.records)
            con.commit()
        finally:
            con.close()
        counts = steps.rebuild_tables(build, [load_topic(s) for s in list_topics()])
        checks = steps.run_checks(build)
        life.publish()
    return ImportResult(
        batch_id=batch_id,
        published=str(published),
        files=len(files),
        records=staged.records,
        distinct=landed.received,
        landed=asdict(landed),
        tables=counts,
        warnings={c.name: len(c.rows) for c in checks if not c.passed},
        quarantined=counts.get("quarantine", 0),
    )


def list_imports(db_path: Path) -> list[dict]:
    """Return the import batches of a published database, newest first."""
    con = db.connect(db_path, read_only=True)
    try:
        cur = con.execute("select * from import_batches order by imported_at desc, batch_id desc")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def remove_import(db_path: Path, batch_id: str) -> dict[str, int]:
    """Delete the study versions an import batch loaded, rebuild and publish; return counts."""
    published = Path(db_path)
    with Lifecycle(published) as life:
        build = life.new_build()
        con = db.connect(build)
        try:
            con.begin()
            removed = landing.remove_import(con, batch_id)
            con.commit()
        finally:
            con.close()
        counts = steps.rebuild_tables(build, [load_topic(s) for s in list_topics()])
        steps.run_checks(build)
        life.publish()
    return {"versions_removed": removed, "studies": counts.get("studies", 0)}
