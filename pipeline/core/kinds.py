"""The pipeline's own vocabularies: how a run ended, how a topic or query is fetched, how the
tables were rebuilt, how severe a check is.

Each is a StrEnum, so a value is stored, logged and serialised as the plain string it always was
(pipeline_runs.outcome, raw_query_hits.mode, the run log, the flow's result), while the code
names the members and a type checker catches a misspelling.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """How a run ended (pipeline_runs.outcome, the run log, the run summary)."""

    PUBLISHED = "published"
    SKIPPED = "skipped"  # the API's dataTimestamp was already published
    FAILED = "failed"  # nothing was published
    PUBLISHED_SITE_FAILED = "published-site-failed"  # the database was, its site files were not


class FetchMode(StrEnum):
    """How a topic, or one of its queries, is fetched this run."""

    FULL = "full"
    INCREMENTAL = "incremental"
    SKIP = "skip"


class RebuildKind(StrEnum):
    """How the tables were rebuilt: only the changed studies' rows, or all of them."""

    INCREMENTAL = "incremental"
    FULL = "full"

    def because(self, reason: str) -> str:
        """The stored mode of a rebuild: 'incremental', or 'full: <why>'."""
        return f"{self.value}: {reason}" if reason else self.value


class Severity(StrEnum):
    """How severe a check under sql/checks/<severity>/ is: an error blocks publishing."""

    ERROR = "error"
    WARNING = "warning"
