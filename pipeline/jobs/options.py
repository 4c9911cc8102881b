"""The options of a refresh (RefreshOptions): one model, one set of defaults.

The CLI (`trials refresh`, `trials demo`) builds it from its arguments and takes its argument
defaults from it; the nightly flow (flows/nightly.py) takes it as its one parameter; tests pass
it to pipeline.jobs.run.refresh_run. Kept apart from the job so that `trials --help` reads the
defaults without importing DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.config.topics import Topic, load_topic, ranked_topics
from pipeline.fetch.ctgov import DEFAULT_BASE_URL, Client

# The published database's file name in the data folder.
DEFAULT_DB_NAME = "trials.duckdb"


class RefreshOptions(BaseModel):
    """Everything one refresh needs to know, with the one set of defaults: the CLI builds it
    from its arguments, the nightly flow takes it as its parameter (Prefect validates a pydantic
    model parameter, and a deployment's JSON parameters become one), tests pass it to
    refresh_run directly."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db_path: Path = Path("data") / DEFAULT_DB_NAME
    data_dir: Path = Path("data")
    # Empty: every ranked topic of the topics folder (pipeline.config.topics.ranked_topics).
    topics: tuple[str | Topic, ...] = ()
    base_url: str = DEFAULT_BASE_URL
    min_interval: float = Field(1.0, ge=0)
    max_attempts: int = Field(6, ge=1)
    backoff: float = Field(2.0, ge=0)
    read_timeout: float = Field(60.0, gt=0)
    force: bool = False
    full: bool = False
    rebuild: bool = False
    full_every_days: int = Field(7, ge=1)
    allow_shrink: bool = False
    max_shrink: float = Field(0.2, ge=0, le=1)
    page_limit: int = Field(10, ge=1)
    build_dashboard: bool = True
    # The Parquet and flat-file snapshot of the ctgov tables (pipeline.jobs.snapshotsync).
    build_snapshot: bool = True
    show_progress: bool = False

    def replace(self, **changes: Any) -> RefreshOptions:
        """A copy with `changes`, validated as the options are."""
        return type(self)(**{**dict(self), **changes})

    def load_topics(self) -> list[Topic]:
        """The run's topics, loaded from topics/ where given by slug; none: every ranked topic."""
        if not self.topics:
            return ranked_topics()
        return [t if isinstance(t, Topic) else load_topic(t) for t in self.topics]

    def client(self, before_request: Callable[[], None] | None = None) -> Client:
        """The API client of the run; before_request is called before every request
        (pipeline.fetch.ctgov.Client.before_request, e.g. a fleet's shared rate limit)."""
        return Client(
            self.base_url,
            min_interval=self.min_interval,
            max_attempts=self.max_attempts,
            backoff=self.backoff,
            read_timeout=self.read_timeout,
            before_request=before_request,
        )


def default(name: str) -> Any:
    """The default of one option (the CLI's argument defaults and --help read it)."""
    return RefreshOptions.model_fields[name].default
