"""Run plans: what the published database last loaded per topic, and how each topic is fetched
this run (skip, incremental since a date, or a full resync; new or changed queries in full)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.config.topics import Topic, TopicQuery
from pipeline.core.kinds import FetchMode
from pipeline.warehouse import db


@dataclass(frozen=True)
class TopicState:
    """What the published database knows of a topic's last successful loads."""

    topic: str
    data_timestamp: str | None = None
    last_full_at: datetime | None = None
    members: int = 0
    # Per query id, the parameters of its last full fetch: a query whose definition differs (or
    # that was never fetched in full) is fetched in full, whatever the topic's plan.
    full_params: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class TopicPlan:
    """How one topic is fetched this run: full, incremental since a date, or not at all.

    `full_queries` are fetched in full even when the topic is incremental or would be skipped:
    their definition is new or changed since the last load. Removals are marked only when the
    whole topic is fetched in full (mode "full").
    """

    topic: str
    mode: FetchMode
    since: date | None = None
    reason: str = ""
    full_queries: tuple[str, ...] = ()

    @property
    def fetches(self) -> bool:
        """True when at least one of the topic's queries is sent this run."""
        return self.mode != FetchMode.SKIP or bool(self.full_queries)

    def query_mode(self, query_id: str) -> FetchMode:
        """Return how one query of the topic is fetched: full, incremental or skip."""
        if self.mode == FetchMode.FULL or query_id in self.full_queries:
            return FetchMode.FULL
        return self.mode


def published_state(published: Path, topics: list[Topic]) -> dict[str, TopicState]:
    """Return each topic's last successful data timestamp, last full resync and member count."""
    states = {t.slug: TopicState(t.slug) for t in topics}
    if not published.exists():
        return states
    with db.connect(published, read_only=True) as con:
        tables = {r[0] for r in con.execute(db.statement("table_names")).fetchall()}
        if "raw_fetches" not in tables:
            return states
        rows = con.execute(db.statement("topic_loads")).fetchall()
        full_params: dict[str, dict[str, dict]] = {}
        for topic, query_id, params in con.execute(db.statement("topic_full_params")).fetchall():
            full_params.setdefault(topic, {})[query_id] = json.loads(params)
        members = dict(
            con.execute(db.statement("topic_members")).fetchall()
            if "study_topics" in tables
            else []
        )
    for topic, data_timestamp, last_full in rows:
        if topic in states:
            states[topic] = TopicState(
                topic, data_timestamp, last_full, members.get(topic, 0), full_params.get(topic, {})
            )
    return states


def changed_queries(topic: Topic, state: TopicState) -> tuple[str, ...]:
    """Return the ids of the topic's queries never fetched in full with their current params."""
    return tuple(q.id for q in topic.queries if state.full_params.get(q.id) != dict(q.params))


def plan_topics(
    states: dict[str, TopicState],
    data_timestamp: str,
    now: datetime,
    force: bool = False,
    full: bool = False,
    full_every: timedelta = timedelta(days=7),
    topics: list[Topic] | None = None,
) -> list[TopicPlan]:
    """Decide per topic: skip (data unchanged), full resync, or incremental since load - 1 day.

    With `topics` given, queries new or changed since their last full fetch are fetched in full.
    """
    plans = []
    definitions = {t.slug: t for t in topics or []}
    for topic, state in states.items():
        fresh = changed_queries(definitions[topic], state) if topic in definitions else ()
        if state.data_timestamp is None:
            plans.append(TopicPlan(topic, FetchMode.FULL, reason="first load of this topic"))
        elif full:
            plans.append(TopicPlan(topic, FetchMode.FULL, reason="full resync requested"))
        elif state.data_timestamp == data_timestamp and not force:
            reason = f"dataTimestamp {data_timestamp} already loaded"
            if fresh:
                reason += f"; new or changed queries {list(fresh)} in full"
            plans.append(TopicPlan(topic, FetchMode.SKIP, reason=reason, full_queries=fresh))
        elif state.last_full_at is None or now - state.last_full_at >= full_every:
            plans.append(
                TopicPlan(topic, FetchMode.FULL, reason=f"no full resync for {full_every.days}d")
            )
        else:
            since = date.fromisoformat(state.data_timestamp[:10]) - timedelta(days=1)
            reason = f"updated since {since.isoformat()}"
            if fresh:
                reason += f"; new or changed queries {list(fresh)} in full"
            plans.append(TopicPlan(topic, FetchMode.INCREMENTAL, since, reason, fresh))
    return plans


def plan_run(
    published: Path,
    topics: list[Topic],
    data_timestamp: str,
    now: datetime,
    force: bool,
    full: bool,
    full_every: timedelta,
) -> tuple[dict[str, TopicState], list[TopicPlan]]:
    """Return the published state of each topic and this run's plan for it."""
    states = published_state(published, topics)
    return states, plan_topics(states, data_timestamp, now, force, full, full_every, topics)


def query_params(query: TopicQuery, plan: TopicPlan) -> dict[str, str]:
    """Return the query's API parameters, narrowed to recent updates for an incremental plan."""
    params = dict(query.params)
    if plan.query_mode(query.id) == FetchMode.INCREMENTAL and plan.since is not None:
        window = f"AREA[LastUpdatePostDate]RANGE[{plan.since.isoformat()},MAX]"
        existing = params.get("filter.advanced")
        params["filter.advanced"] = f"({existing}) AND {window}" if existing else window
    return params
