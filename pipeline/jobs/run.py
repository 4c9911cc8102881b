"""The refresh job: its result (RunResult) and `refresh_run` (its options: pipeline.jobs.options).

A refresh runs the steps of pipeline.jobs.steps in order inside one build lifecycle
(pipeline.warehouse.lifecycle):
plan, fetch to staging, land, rebuild, check, rank, record, publish. Whatever happens, the run is
logged (`<db>.runs.jsonl`, copied into `pipeline_runs` by the next publish). After the database,
the site outputs and the snapshot of its ctgov tables are brought up to date with it
(pipeline.jobs.sitesync, pipeline.jobs.snapshotsync), a skip included.

Prefect is not imported here: `flows/nightly.py` passes a `step` hook that runs each step as a
task; called directly, steps are plain calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.config.topics import Topic
from pipeline.core.kinds import FetchMode, Outcome
from pipeline.fetch.ctgov import Client
from pipeline.jobs import planning, steps
from pipeline.jobs.options import RefreshOptions
from pipeline.jobs.sitesync import (
    SitePublishFailed,
    claim_site,
    site_dir_for,
    stale_outputs,
    sync_site,
)
from pipeline.jobs.snapshotsync import (
    claim_snapshot,
    snapshot_dir_for,
    snapshot_stale,
    sync_snapshot,
)
from pipeline.jobs.steps import Step, direct
from pipeline.warehouse import builds, history
from pipeline.warehouse.lifecycle import Lifecycle

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What one run did. `as_dict()` is the run summary the reports and the flow return."""

    run_id: str
    outcome: Outcome
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
    snapshot: str | None = None
    top: dict[str, list[dict]] = field(default_factory=dict)
    # Per ranked topic: relevant studies withheld from its list (the export's `quarantined`).
    withheld: dict[str, int] = field(default_factory=dict)
    docs: list[dict] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("docs")
        return out


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
    if opts.build_snapshot and snapshot_stale(
        published, snapshot_dir_for(published, Path(opts.data_dir))
    ):
        return False
    return not stale_outputs(published, site_dir, opts.build_dashboard)


def refresh_run(
    opts: RefreshOptions,
    step: Step = direct,
    run_id: str | None = None,
    before_request: Callable[[], None] | None = None,
    clock: history.Clock = history.now,
) -> RunResult:
    """Refresh the topics from the API and publish database and site; return what happened.

    step runs each step (pipeline.jobs.steps.direct: a plain call; the flow: a Prefect task);
    before_request is called before every API request; clock gives every time the run stamps
    (its start, which is also its run id, fetches, ranking, rebuild state, finish, dashboard).

    Skips when the API's dataTimestamp is the one already published (unless force), but still
    heals site files older than the database. Any failure is logged in the run log and raised.
    """
    topics = opts.load_topics()
    published = Path(opts.db_path)
    site_dir = site_dir_for(published, Path(opts.data_dir))
    started = clock()
    record = history.RunRecord(
        run_id or history.run_id_at(started),
        started.isoformat(),
        Outcome.FAILED,
        topics=[t.slug for t in topics],
    )
    result = RunResult(record.run_id, Outcome.FAILED, str(published))
    client = opts.client(before_request)
    result.base_url = client.base_url
    claim_site(site_dir, published)  # refuse a site folder another database owns, before any work
    if opts.build_snapshot:
        claim_snapshot(snapshot_dir_for(published, Path(opts.data_dir)), published)
    log_it = True
    try:
        with client, Lifecycle(published) as life:
            _refresh(opts, step, client, topics, life, record, result, started, site_dir, clock)
    except builds.PublishLocked:
        log_it = False
        raise
    except BaseException as exc:
        record.error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, steps.ChecksFailed):
            record.checks_failed = [c.name for c in exc.failed]
        # After its database publish a run's failure is the site's; before it, nothing changed.
        failed = (
            Outcome.PUBLISHED_SITE_FAILED if result.outcome == Outcome.PUBLISHED else Outcome.FAILED
        )
        record.outcome = result.outcome = failed
        raise
    finally:
        record.finished_at = clock().isoformat()
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
    clock: history.Clock = history.now,
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
        record.outcome, record.mode = Outcome.SKIPPED, FetchMode.SKIP
        result.outcome, result.mode = Outcome.SKIPPED, FetchMode.SKIP
        log.info("dataTimestamp %s already published: nothing to fetch", data_timestamp)
        _sync(published, site_dir, None, opts, step, result, clock)
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
            clock,
        )
        for topic in topics
        for query in topic.queries
        if by_topic[topic.slug].query_mode(query.id) != FetchMode.SKIP
    ]
    enums = step("fetch-enums", steps.fetch_enums, client, staging, clock)
    full = any(p.mode == FetchMode.FULL for p in plans)
    record.mode = result.mode = FetchMode.FULL if full else FetchMode.INCREMENTAL
    full_topics = [p.topic for p in plans if p.mode == FetchMode.FULL]
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
    counts = step("rebuild-tables", steps.rebuild_tables, build, topics, None, opts.rebuild, clock)
    checks = step("run-checks", steps.run_checks, build)
    members = step(
        "check-shrink", steps.check_shrink, build, states, opts.max_shrink, opts.allow_shrink
    )
    docs = step("rank-and-export", steps.rank_and_export, build, record.run_id, topics, clock)
    record.outcome = Outcome.PUBLISHED
    record.studies_fetched = landed.stats.received
    record.studies_removed = landed.removed
    record.warnings = [c.name for c in checks if not c.passed]
    record.requests = client.requests_made
    record.finished_at = clock().isoformat()
    changes = step("record-run", steps.record_run, build, record, started)
    step("publish-database", life.publish)
    result.outcome = Outcome.PUBLISHED
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
    result.withheld = {doc["topic"]: doc["quarantined"] for doc in docs}
    for name, rows in result.warnings.items():
        log.warning("check %s: %d rows, e.g. %s", name, len(rows), rows[:3])
    _sync(published, site_dir, None, opts, step, result, clock)
    log.info("published %s: %d studies", published, counts.get("study_overview", 0))


def fetch_query(
    client: Client,
    topic: Topic,
    query,
    plan: planning.TopicPlan,
    staging: Path,
    show_progress: bool,
    clock: history.Clock = history.now,
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
        fetched = steps.fetch_query(client, topic, query, plan, staging, progress, clock)
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
    clock: history.Clock = history.now,
) -> None:
    """Run the site step, then the snapshot step even if the site's failed; a SitePublishFailed
    either raises (both failures in one when both fail) is logged by refresh_run."""
    failures: list[SitePublishFailed] = []
    try:
        written, healed = step(
            "publish-site",
            sync_site,
            published,
            site_dir,
            topics,
            opts.page_limit,
            opts.build_dashboard,
            step,
            clock,
        )
    except SitePublishFailed as exc:
        failures.append(exc)
    else:
        result.site_files = [str(p) for p in written]
        result.healed = healed
        for key in healed:
            log.warning("rewrote %s: it was older than the published database", key)
    if opts.build_snapshot:
        folder = snapshot_dir_for(published, Path(opts.data_dir))
        try:
            written_to = step("publish-snapshot", sync_snapshot, published, folder)
        except SitePublishFailed as exc:
            failures.append(exc)
        else:
            result.snapshot = str(written_to) if written_to else None
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise SitePublishFailed("; ".join(map(str, failures))) from failures[0]
